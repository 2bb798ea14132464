#!/usr/bin/env bash
# Throughput benchmark of `paper-digest send` into Postfix's smtp-sink, next to the speed of
# Postfix's own smtp-source into the same sink with messages of the same size: the ratio says how
# far paper-digest is from what the loopback SMTP path itself allows.
#
#   bench/run.sh [N...]          N = subscribers per run (default: 1000 10000)
#
# Environment: JAR (default: target/paper-digest.jar beside bench/, built if missing),
# CONNECTIONS (SMTP connections, default 1, for both: smtp-source sessions and paper-digest's
# --digest.delivery.connections, whose own default is 4),
# SEED (1), SOURCE_CAP (20000 messages at most per smtp-source pass), RUN_TIMEOUT (seconds per
# paper-digest run, 900), JAVA_OPTS (-Xmx256m; add e.g. -XX:StartFlightRecording=... to profile),
# KEEP=1 keeps the temp dir (subscribers, H2 database, logs) for a look afterwards, DAILY=1 syncs the
# subscribers into the database before the timed send (untimed), as on any day after the first: the
# send then finds the subscribers file unchanged. By default the database starts empty (the first day).
# PG=1 sends with the postgres profile into the database .ci/start-postgres sets up on 127.0.0.1 (emptied
# first), instead of a fresh H2 file. DAYS=3 sends the sample page as three consecutive issue dates into the same database, one row each:
# the later days measure the no-repeat rule (every paper was sent the day before, so each reader gets
# the next of their matches, or no email).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
SOURCE_CAP=${SOURCE_CAP:-20000}
RUN_TIMEOUT=${RUN_TIMEOUT:-900}
SIZES=(${@:-1000 10000})

source "$BENCH/common.sh"

# --- message size: paper-digest's median message, written to the outbox for 300 subscribers ----
mkdir -p "$WORK/size"
python3 "$BENCH/gen-subscribers.py" 300 --seed "$SEED" > "$WORK/size/subscribers.yml"
fresh_database
bounded 300 bash -c 'digest "$@"' bash "$WORK/size" > "$WORK/size/log" 2>&1 || { cat "$WORK/size/log" >&2; exit 1; }
MEDIAN_EML=$(find "$WORK/size/outbox" -name '*.eml' -printf '%s %p\n' | sort -n \
  | awk '{ a[NR] = $2 } END { print a[int((NR + 1) / 2)] }')
# smtp-source -F adds CRLF after each line itself, so give it LF lines.
tr -d '\r' < "$MEDIAN_EML" > "$WORK/message.eml"
MSG_BYTES=$(stat -c %s "$MEDIAN_EML")
echo "message: paper-digest's median .eml of 300 subscribers, $MSG_BYTES bytes; $CONNECTIONS connection(s)" >&2

# smtp-source passes into a fresh sink: appends each pass's msgs/s to rates.
source_passes() { # $1: sink log, $2: passes
  start_sink "$1"
  for _ in $(seq "$2"); do
    local t0 t1
    t0=$(date +%s.%N)
    bounded 600 /usr/sbin/smtp-source -d -s "$CONNECTIONS" -m "$count" -F "$WORK/message.eml" \
      -f digest@localhost -t bench@example.org "127.0.0.1:$PORT"
    t1=$(date +%s.%N)
    rates+=("$(python3 -c "print(round($count / ($t1 - $t0)))")")
  done
  sleep 0.2; stop_sink
}

# --- the runs -----------------------------------------------------------------------------------
ROWS=()
for N in "${SIZES[@]}"; do
  run=$WORK/n$N
  mkdir -p "$run"
  python3 "$BENCH/gen-subscribers.py" "$N" --seed "$SEED" > "$run/subscribers.yml"

  # 1. smtp-source: N messages (capped; paper-digest sends ~95 % of N) over CONNECTIONS sessions,
  #    each reusing its connection (-d) as paper-digest does for a whole chunk. Three passes here and
  #    two after paper-digest's run, so that the reference brackets it in time; the ratio is to their
  #    median, as the issue's own reference figures are medians (a shared VM slows single passes).
  count=$(( N < SOURCE_CAP ? N : SOURCE_CAP ))
  rates=()
  source_passes "$run/sink-source.log" 3

  # 2. paper-digest into a fresh sink, fresh database (with the subscribers in it, when DAILY=1).
  fresh_database
  [ "${DAILY:-0}" != 1 ] || presync "$run"
  DAY_ROWS=()
  for d in $(seq 0 $(( ${DAYS:-1} - 1 ))); do
    export DAY; DAY=$(date -d "$DATE + $d day" +%F)
    label=$N; [ "${DAYS:-1}" = 1 ] || label="$N d$((d + 1))"
    start_sink "$run/sink-digest.log"
    echo "N=$N: paper-digest send --date $DAY ..." >&2
    # The machine may be shared (builds next door): keep its load, to judge the figures by.
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(date +%s.%N)
    status=0
    # On time-out, timeout signals its whole process group: java goes too, not only time and bash.
    bounded "$RUN_TIMEOUT" /usr/bin/time -v -o "$run/time.txt" bash -c 'digest "$@"' bash "$run" \
      --spring.mail.host=127.0.0.1 --spring.mail.port="$PORT" --digest.delivery.connections="$CONNECTIONS" \
      > "$run/digest.log" 2>&1 || status=$?
    t1=$(date +%s.%N)
    sleep 0.2; stop_sink
    received=$(sink_count "$run/sink-digest.log"); received=${received:-0}
    sent=$(grep -o '[0-9]* sent at' "$run/digest.log" | cut -d' ' -f1 || true)
    job_rate=$(grep -o 'sent at [0-9.]* msgs/s' "$run/digest.log" | cut -d' ' -f3 || true)
    cpu=$(awk -F': ' '/Percent of CPU/ { print $2 }' "$run/time.txt" 2>/dev/null || true)
    # CPU time per message: less at the mercy of other load on the machine than msgs/s.
    cpu_ms=$(awk -v t="$(cpu_seconds "$run/time.txt")" -v n="$received" \
      'BEGIN { if (n > 0 && t > 0) printf "%.1f", 1000 * t / n }')
    rss=$(peak_rss_mb "$run/time.txt")
    secs=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
    if [ "$status" != 0 ]; then
      echo "N=$N: paper-digest exited $status (124 = timed out after ${RUN_TIMEOUT}s); the sink got $received messages; log tail:" >&2
      tail -20 "$run/digest.log" >&2
      sent="${received}!"
    elif [ "${sent:-}" != "$received" ]; then
      echo "N=$N: paper-digest says ${sent:-?} sent but the sink got $received" >&2
    fi
    grep -iE 'WARN|ERROR|Exception' "$run/digest.log" | head -5 >&2 || true
    DAY_ROWS+=("$label|${sent:-?}|$secs|$received|$t0|$t1|${job_rate:-?}|${rss:-?}|${cpu:-?}|${cpu_ms:-?}|$load")
  done
  source_passes "$run/sink-source-after.log" 2
  echo "N=$N: smtp-source passes, in order: ${rates[*]} msgs/s" >&2
  mapfile -t sorted < <(printf '%s\n' "${rates[@]}" | sort -n)
  source_rate=${sorted[${#sorted[@]} / 2]}      # the median: the passes are an odd number
  source_range="${sorted[0]}-${sorted[-1]}"
  for row in "${DAY_ROWS[@]}"; do
    IFS='|' read -r label sent secs received t0 t1 job_rate rss cpu cpu_ms load <<< "$row"
    rate=$(python3 -c "print(f'{$received / ($t1 - $t0):.1f}')")
    ratio=$(python3 -c "print(f'{$received / ($t1 - $t0) / $source_rate:.4f}')")
    ROWS+=("$label|$sent|$secs|$rate|$job_rate|$source_rate ($source_range)|$ratio|$rss|$cpu|$cpu_ms|$load")
  done
  [ "${KEEP:-0}" = 1 ] || rm -rf "$run/db"* "$run/outbox"
done

# --- the table ----------------------------------------------------------------------------------
echo
echo "paper-digest send into smtp-sink, ${MSG_BYTES}-byte messages, $CONNECTIONS connection(s), JAVA_OPTS=$JAVA_OPTS," \
  "$([ "${PG:-0}" = 1 ] && echo "PostgreSQL," || echo "H2,")" \
  "$([ "${DAILY:-0}" = 1 ] && echo "subscribers synced beforehand (DAILY=1)" || echo "empty database (first day)")"
{
  echo "subscribers|messages|seconds|msgs/s|job msgs/s|smtp-source msgs/s (range)|ratio|peak RSS MB|CPU|CPU ms/msg|load"
  printf '%s\n' "${ROWS[@]}"
} | awk -F'|' '{ printf "%-11s %9s %8s %7s %10s %26s %7s %11s %5s %10s %5s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }'
echo "seconds and msgs/s: wall clock of the whole command (JVM start, subscriber sync, send);"
echo "smtp-source msgs/s: the median of 5 passes, 3 before paper-digest's run and 2 after (slowest-fastest);"
echo "job msgs/s: as paper-digest prints it; ratio: msgs/s / smtp-source's median; ! = exited non-zero (124: timed out), count from the sink;"
echo "CPU: paper-digest's CPU share (GNU time, 100 % = one core); CPU ms/msg: its user+system time per message;"
echo "load: the machine's 1-minute load average as the run started"
