#!/usr/bin/env bash
# Two jars on run.sh's benchmark, run by turns, so that the drift of a shared machine falls on both: RUNS runs of
# each jar per kind of day, then the median of each one's seconds and ratio to smtp-source. Issue 18's gate on the
# ratio is the median of 3 such runs.
#
#   bench/ab.sh BEFORE.jar [AFTER.jar] [N]   AFTER: target/paper-digest.jar; N: subscribers (100000)
#
# Environment: RUNS (3), KINDS ("first ordinary": an empty database, then DAILY=1), and what run.sh takes;
# CONNECTIONS is 4 here, paper-digest's default. Build BEFORE.jar in a worktree of the earlier commit.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
before=$(readlink -f "${1:?usage: bench/ab.sh BEFORE.jar [AFTER.jar] [N]}")
after=$(readlink -f "${2:-$REPO/target/paper-digest.jar}")
N=${3:-100000}
RUNS=${RUNS:-3} KINDS=${KINDS:-first ordinary}
export CONNECTIONS=${CONNECTIONS:-4}
LOGS=$(mktemp -d /tmp/paper-digest-ab.XXXXXX)

rows=() # "day jar seconds ratio peak-RSS"
for day in $KINDS; do
  daily=0; [ "$day" = first ] || daily=1
  for i in $(seq "$RUNS"); do
    for which in before after; do
      jar=$before; [ "$which" = before ] || jar=$after
      log=$LOGS/$day-$which-$i.log
      JAR=$jar DAILY=$daily "$BENCH/run.sh" "$N" > "$log" 2>&1 \
        || { echo "run.sh failed; its log:" >&2; cat "$log" >&2; exit 1; }
      line=$(grep -A1 '^subscribers  *messages' "$log" | tail -1)
      [ -n "${line// }" ] || { echo "run.sh printed no figures; its log:" >&2; cat "$log" >&2; exit 1; }
      echo "$day $which $i: $line" >&2
      # run.sh's row: subscribers messages seconds msgs/s job-msgs/s source (range) ratio RSS ...
      rows+=("$day $which $(awk '{ print $3, $8, $9 }' <<< "$line")")
    done
  done
done

median() { sort -n | awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo
echo "$N subscribers, $CONNECTIONS connections, $RUNS runs of each jar by turns (logs in $LOGS)"
printf '%-9s %-7s %13s %13s %16s\n' day jar "median s" "median ratio" "peak RSS MB"
for day in $KINDS; do
  for which in before after; do
    mine=$(printf '%s\n' "${rows[@]}" | awk -v d="$day" -v w="$which" '$1 == d && $2 == w')
    rss=$(awk '{ print $5 }' <<< "$mine" | sort -n | sed -n '1p;$p' | paste -sd-) # lowest-highest
    printf '%-9s %-7s %13s %13s %16s\n' "$day" "$which" "$(awk '{ print $3 }' <<< "$mine" | median)" \
      "$(awk '{ print $4 }' <<< "$mine" | median)" "$rss"
  done
done
echo "before: $before"
echo "after:  $after"
