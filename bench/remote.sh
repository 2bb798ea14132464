#!/usr/bin/env bash
# A send over several workers (Spring Batch remote partitioning over Artemis, issue 15) into Postfix's
# smtp-sink, with 1, 2 and 3 worker processes on this machine: on 2 cores the point is the overhead (the
# manager's per partition, the broker's, PostgreSQL's per outcome), not a speed-up.
#
#   bench/remote.sh [N]          N = subscribers (default 10000), synced before the timed send
#
# Environment: WORKERS ("1 2 3"), CONNECTIONS (per worker, 4), PARTITIONS (digest.remote.partitions, 8),
# JAR, SEED, JAVA_OPTS as for run.sh. PostgreSQL comes from .ci/start-postgres (emptied before each run);
# the broker is paper-digest's embedded Artemis.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
N=${1:-10000}
PG=1
CONNECTIONS=${CONNECTIONS:-4}
source "$BENCH/common.sh"

started() { # $1: log, $2: text; waits up to 60 s for the text
  for _ in $(seq 600); do grep -q "$2" "$1" 2>/dev/null && return; sleep 0.1; done
  echo "not started: $1" >&2; tail -5 "$1" >&2; exit 1
}

ROWS=()
for W in ${WORKERS:-1 2 3}; do
  run=$WORK/w$W
  mkdir -p "$run"
  python3 "$BENCH/gen-subscribers.py" "$N" --seed "$SEED" > "$run/subscribers.yml"
  fresh_database
  presync "$run"
  start_sink "$run/sink.log"
  broker_port=$(free_port)
  settings=($(database_settings "$run") --digest.remote.enabled=true --digest.remote.broker-port="$broker_port"
    --spring.artemis.broker-url="tcp://127.0.0.1:$broker_port" --digest.remote.partitions="${PARTITIONS:-8}"
    --digest.remote.poll-interval=200ms --digest.subscribers-file="$run/subscribers.yml"
    --digest.abstracts="$SAMPLE" --digest.templates-dir="$REPO/templates" --digest.outbox="$run/outbox"
    --spring.mail.host=127.0.0.1 --spring.mail.port="$PORT" --digest.delivery.connections="$CONNECTIONS"
    --spring.datasource.hikari.maximum-pool-size=$((3 * CONNECTIONS + 4)))  # the README's budget, leases included
  pids=()
  (cd "$run" && exec "$LAUNCHER" broker "${settings[@]}") > "$run/broker.log" 2>&1 & pids+=($!)
  started "$run/broker.log" "broker listening on"
  for i in $(seq "$W"); do
    (cd "$run" && exec "$LAUNCHER" worker "${settings[@]}") > "$run/worker$i.log" 2>&1 & pids+=($!)
  done
  for i in $(seq "$W"); do started "$run/worker$i.log" "worker taking partitions"; done
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(date +%s.%N)
  status=0
  (cd "$run" && "$LAUNCHER" send --date "$DATE" "${settings[@]}") > "$run/manager.log" 2>&1 || status=$?
  t1=$(date +%s.%N)
  kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true
  sleep 0.2; stop_sink
  received=$(sink_count "$run/sink.log"); received=${received:-0}
  job_rate=$(grep -o 'sent at [0-9.]* msgs/s' "$run/manager.log" | cut -d' ' -f3 || true)
  [ "$status" = 0 ] || { echo "W=$W: the manager exited $status; log tail:" >&2; tail -5 "$run/manager.log" >&2; }
  ROWS+=("$W|$received|$(python3 -c "print(f'{$t1 - $t0:.1f}')")|$(python3 -c "print(f'{$received / ($t1 - $t0):.1f}')")|${job_rate:-?}|$load")
done

echo
echo "remote send of $N subscribers (synced beforehand) into smtp-sink, PostgreSQL, embedded Artemis," \
  "$CONNECTIONS connection(s) per worker, ${PARTITIONS:-8} partitions, JAVA_OPTS=$JAVA_OPTS"
{
  echo "workers|messages|seconds|msgs/s|job msgs/s|load"
  printf '%s\n' "${ROWS[@]}"
} | awk -F'|' '{ printf "%-8s %9s %8s %8s %10s %5s\n", $1, $2, $3, $4, $5, $6 }'
echo "seconds and msgs/s: the manager's whole command (JVM start, papers, the partitions' round trips);"
echo "job msgs/s: as the manager prints it; load: the 1-minute load average as the send started"
