# Shared by run.sh and restart.sh (sourced): their common settings, the tools, scratch space, the
# sink and paper-digest itself. Expects BENCH and REPO to be set.

JAR=${JAR:-$REPO/target/paper-digest.jar}
CONNECTIONS=${CONNECTIONS:-1}
SEED=${SEED:-1}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
DATE=2025-07-29                      # the sample day's issue date
SAMPLE=$REPO/samples/hf-daily-papers-jul-29.txt

# --- tools ------------------------------------------------------------------------------------
apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
if [ ! -x /usr/sbin/smtp-sink ]; then
  # "No configuration" leaves Postfix without a main.cf, so the daemon is never set up or started:
  # only its test tools smtp-sink and smtp-source are wanted.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt_install postfix
fi
[ -x /usr/bin/time ] || apt_install time     # GNU time -v, for the peak RSS
if [ ! -f "$JAR" ]; then
  (cd "$REPO" && mvn -B -q -DskipTests package)
fi
# paper-digest runs through bin/paper-digest, the way it is meant to run in production, from its start-up
# cache (extracted jar and CDS archive, next to the jar), which bin/build-startup-cache makes here if the jar
# has none yet. PAPER_DIGEST_CDS=off measures plain `java -jar` instead.
JAR=$(readlink -f "$JAR")
LAUNCHER=$REPO/bin/paper-digest
export PAPER_DIGEST_JAR=$JAR
[ "${PAPER_DIGEST_CDS:-on}" = off ] || "$REPO/bin/build-startup-cache" > /dev/null

# --- scratch space and clean-up -----------------------------------------------------------------
WORK=$(mktemp -d /tmp/paper-digest-bench.XXXXXX)
SINK_PID=
CHILD=
cleanup() {
  # timeout's process group, java included; wait for it, or it may still write into $WORK.
  [ -z "$CHILD" ] || { kill -- "-$CHILD" 2>/dev/null; wait "$CHILD" 2>/dev/null; } || true
  [ -z "$SINK_PID" ] || { kill "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null; } || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs a command under `timeout SECS`, in the background so that an interrupt reaches the trap at
# once: timeout puts itself and the command in a process group of their own, which the terminal's
# Ctrl-C does not reach, and which cleanup kills.
bounded() { # $1: seconds, rest: command
  local secs=$1; shift
  timeout -k 10 "$secs" "$@" &
  CHILD=$!
  local status=0
  wait "$CHILD" || status=$?
  CHILD=
  return "$status"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The sink's -c counter line ends with "mesg=N": messages it has accepted so far.
sink_count() {
  tr '\r' '\n' < "$1" | grep -o 'mesg=[0-9]*' | tail -1 | cut -d= -f2 || true
}

# From a `/usr/bin/time -v -o FILE` report (empty when the file is missing): user+system CPU seconds, and the
# peak RSS in MB.
cpu_seconds() { awk -F': ' '/(User|System) time/ { t += $2 } END { print t + 0 }' "$1" 2>/dev/null || true; }
peak_rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1" 2>/dev/null || true; }

start_sink() { # $1: log file; sets PORT and SINK_PID
  PORT=$(free_port)
  # Backlog 1000 and -m 1000 connections: the sink must never be what limits the sender.
  /usr/sbin/smtp-sink -c -m 1000 -u "$(whoami)" "127.0.0.1:$PORT" 1000 > "$1" 2>&1 &
  SINK_PID=$!
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return; sleep 0.1; done
  echo "smtp-sink did not start on port $PORT" >&2; exit 1
}

stop_sink() { kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; SINK_PID=; }

# paper-digest's own settings for one run (JAVA_OPTS reach the JVM through the launcher); a fresh H2
# database and nothing from ./config.
# Exported, so that `timeout` and `time` can run it through bash -c.
digest() { # $1: run dir, rest: extra arguments; DAY (default DATE) is the issue date to send
  local dir=$1; shift
  local day=${DAY:-$DATE}
  # a later day sends the sample page again, as a list whose papers trend for days would
  [ "$day" = "$DATE" ] || set -- --allow-date-mismatch "$@"
  (cd "$dir" && exec "$LAUNCHER" send --date "$day" $(database_settings "$dir") \
     --digest.subscribers-file="$dir/subscribers.yml" \
     --digest.abstracts="$SAMPLE" --digest.templates-dir="$REPO/templates" --digest.outbox="$dir/outbox" "$@")
}
export -f digest

# The database of a run: a fresh H2 file in the run dir with the options config/application.yml ships (its
# lock, which a killed run leaves behind), or with PG=1 the PostgreSQL database that .ci/start-postgres sets up
# (on 127.0.0.1), emptied by fresh_database before each size's first day.
H2_OPTIONS=$(sed -n 's/^ *url: jdbc:h2:file:[^;]*//p' "$REPO/config/application.yml")
database_settings() { # $1: run dir
  if [ "${PG:-0}" = 1 ]; then
    echo --spring.profiles.active=postgres --spring.datasource.url="$PG_URL" \
      --spring.datasource.username="$PG_USER" --spring.datasource.password="$PG_PASSWORD"
  else
    echo --spring.datasource.url="jdbc:h2:file:$1/db$H2_OPTIONS"
  fi
}
fresh_database() {
  [ "${PG:-0}" = 1 ] || return 0
  PGOPTIONS='-c client_min_messages=warning' PGPASSWORD=$PG_PASSWORD psql -q -h 127.0.0.1 -U "$PG_USER" -d "${PG_URL##*/}" \
    -c 'DROP SCHEMA public CASCADE' -c 'CREATE SCHEMA public' >/dev/null
}
if [ "${PG:-0}" = 1 ]; then
  eval "$("$REPO/.ci/start-postgres")"
  PG_URL=$PAPER_DIGEST_TEST_POSTGRES PG_USER=$PAPER_DIGEST_TEST_POSTGRES_USER
  PG_PASSWORD=$PAPER_DIGEST_TEST_POSTGRES_PASSWORD
fi
export -f database_settings
export PG PG_URL PG_USER PG_PASSWORD H2_OPTIONS

# Syncs a run dir's subscribers into its database beforehand, as the day before would have left them.
presync() { # $1: run dir
  (cd "$1" && "$LAUNCHER" subscribers sync $(database_settings "$1") \
     --digest.subscribers-file="$1/subscribers.yml" > "$1/presync.log" 2>&1) \
    || { echo "the sync before the run failed:" >&2; tail -5 "$1/presync.log" >&2; exit 1; }
}
export JAR JAVA_OPTS DATE SAMPLE REPO LAUNCHER

