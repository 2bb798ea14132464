#!/usr/bin/env bash
# The subscribers sync on its own: what separates a first day (every entry new) from an ordinary one (the
# file unchanged, or changed in one entry). For each N, `paper-digest subscribers sync` of N synthetic entries
# into an empty database, then of the same file again, then of the file with one entry added.
#
#   bench/sync.sh [N...]         N = subscribers per file (default 100000; 1000000 checks a million in -Xmx256m)
#
# Environment: as run.sh (JAR, SEED, JAVA_OPTS default -Xmx256m, KEEP, PG=1 for PostgreSQL).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
SIZES=(${@:-100000})

source "$BENCH/common.sh"

sync_once() { # $1: run dir, $2: label; appends "N|label|seconds|CPU s|peak RSS MB|its last line" to rows
  local t0 t1 status=0
  t0=$(date +%s.%N)
  (cd "$1" && exec /usr/bin/time -v -o "$1/time.txt" "$LAUNCHER" subscribers sync $(database_settings "$1") \
     --digest.subscribers-file="$1/subscribers.yml") > "$1/$2.log" 2>&1 || status=$?
  t1=$(date +%s.%N)
  if [ "$status" != 0 ]; then
    echo "$2: subscribers sync exited $status; log tail:" >&2; tail -5 "$1/$2.log" >&2; exit 1
  fi
  rows+=("$N|$2|$(python3 -c "print(f'{$t1 - $t0:.1f}')")|$(awk -v t="$(cpu_seconds "$1/time.txt")" \
    'BEGIN { printf "%.1f", t }')|$(peak_rss_mb "$1/time.txt")|$(tail -1 "$1/$2.log")")
}

rows=()
for N in "${SIZES[@]}"; do
  run=$WORK/n$N
  mkdir -p "$run"
  python3 "$BENCH/gen-subscribers.py" "$N" --seed "$SEED" > "$run/subscribers.yml"
  mb=$(python3 -c "print(f'{$(stat -c %s "$run/subscribers.yml") / 2**20:.1f}')")
  echo "N=$N: $mb MB of YAML" >&2
  fresh_database
  sync_once "$run" "first ($mb MB)"
  sync_once "$run" "unchanged"
  printf '  - email: added-by-the-bench@example.org\n    interests: ["speculative decoding"]\n' >> "$run/subscribers.yml"
  sync_once "$run" "one added"
  [ "${KEEP:-0}" = 1 ] || rm -rf "$run/db"*
done

echo
echo "paper-digest subscribers sync, JAVA_OPTS=$JAVA_OPTS, $([ "${PG:-0}" = 1 ] && echo PostgreSQL || echo H2)"
{
  echo "subscribers|sync|seconds|CPU s|peak RSS MB|its last line"
  printf '%s\n' "${rows[@]}"
} | awk -F'|' '{ printf "%-11s %-16s %8s %6s %11s  %s\n", $1, $2, $3, $4, $5, $6 }'
echo "seconds: wall clock of the whole command (JVM start included); CPU s: user+system; first: into an empty"
echo "database; unchanged: the same file again (hashed, not parsed); one added: the file with one more entry"
