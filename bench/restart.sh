#!/usr/bin/env bash
# Restart cost: how long resuming a send takes after it was killed (SIGKILL) at 90 %, next to a
# full send of the same subscribers. The resume must not re-match or re-render what was delivered,
# so it should cost little more than the last 10 % and a JVM start.
#
#   bench/restart.sh [N]         N = subscribers (default 100000)
#
# Environment: as run.sh (JAR, CONNECTIONS, SEED, JAVA_OPTS, KEEP), plus AT (0.9: the share of the
# full run's messages the sink has taken when the run is killed).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
AT=${AT:-0.9}
N=${1:-100000}

source "$BENCH/common.sh"

python3 "$BENCH/gen-subscribers.py" "$N" --seed "$SEED" > "$WORK/subscribers.yml"
relay=(--spring.mail.host=127.0.0.1 --digest.delivery.connections="$CONNECTIONS")

# 1. The full run.
mkdir -p "$WORK/full" && cp "$WORK/subscribers.yml" "$WORK/full/"
start_sink "$WORK/full/sink.log"
t0=$(date +%s.%N)
digest "$WORK/full" "${relay[@]}" --spring.mail.port="$PORT" > "$WORK/full/log" 2>&1 \
  || { echo "the full run failed:" >&2; cat "$WORK/full/log" >&2; exit 1; }
t1=$(date +%s.%N)
sleep 0.2; stop_sink
total=$(sink_count "$WORK/full/sink.log")
full=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
echo "full run: $total messages in $full s" >&2

# 2. The same run, killed once the sink has taken AT of the messages.
mkdir -p "$WORK/killed" && cp "$WORK/subscribers.yml" "$WORK/killed/"
start_sink "$WORK/killed/sink.log"
target=$(python3 -c "print(int($total * $AT))")
# In a session of its own, so that the kill reaches java itself, not only the shells around it.
setsid bash -c 'digest "$@"' bash "$WORK/killed" "${relay[@]}" --spring.mail.port="$PORT" > "$WORK/killed/log" 2>&1 &
KILLED=$!
CHILD=$KILLED   # the clean-up on exit kills its process group
while [ "$(sink_count "$WORK/killed/sink.log")" -lt "$target" ] 2>/dev/null; do
  kill -0 "$KILLED" 2>/dev/null || { echo "the run ended before $target messages" >&2; exit 1; }
  sleep 0.1
done
kill -9 -- "-$KILLED"
while kill -0 -- "-$KILLED" 2>/dev/null; do sleep 0.1; done
wait "$KILLED" 2>/dev/null || true
CHILD=
sleep 0.2
killed_at=$(sink_count "$WORK/killed/sink.log")
echo "killed after $killed_at messages" >&2

# 3. The resume, into the same sink: every subscriber must end with exactly one digest, bar at most
#    one per connection that was in flight at the kill.
t0=$(date +%s.%N)
status=0
digest "$WORK/killed" "${relay[@]}" --spring.mail.port="$PORT" > "$WORK/killed/resume.log" 2>&1 || status=$?
t1=$(date +%s.%N)
if [ "$status" != 0 ]; then
  echo "the resume exited $status; its output:" >&2
  cat "$WORK/killed/resume.log" >&2
fi
sleep 0.2; stop_sink
after=$(sink_count "$WORK/killed/sink.log")
resume=$(python3 -c "print(f'{$t1 - $t0:.1f}')")

echo
echo "paper-digest send killed at $AT and resumed, $CONNECTIONS connection(s), JAVA_OPTS=$JAVA_OPTS"
printf '%-11s %9s %13s %10s %14s %7s %11s\n' subscribers messages "full run s" "killed at" "resume s" ratio "duplicates"
printf '%-11s %9s %13s %10s %14s %7s %11s\n' "$N" "$total" "$full" "$killed_at" "$resume" \
  "$(python3 -c "print(f'{$resume / $full:.3f}')")" "$((after - total))"
echo "ratio: resume seconds / full run seconds (both whole commands, JVM start included);"
echo "duplicates: messages the sink got beyond the full run's count (the kill caught them in flight)"
