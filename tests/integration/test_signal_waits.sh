#!/usr/bin/env bash
# Nothing blocks past a signal, and nothing waits for ever: connecting to a
# server that never answers, waiting for the history's lock (in load,
# backfill, transform, history, status), a cancel that finds the backend
# idle, a signal between the last statement and COMMIT, and a COPY whose
# network goes silent. Each ends within a few seconds with 130/143 (or 6
# after a timeout), the table unchanged. A signal after COMMIT, while the
# history records the month, lets the run succeed.
source "$(dirname "$0")/lib.sh"
start_http_server

generate green 2019 1 30000 91 >/dev/null
generate green 2019 2 30000 92 >/dev/null
run_etl load --quiet --taxi green --year 2019 --month 2 --source-url "$RELEASE_URL"
check_eq "$RC" 0 "a month is loaded first"
before=$(table_fingerprint green_tripdata)
runs_before=$(q "SELECT count(*) FROM taxi_etl.runs")
LOAD=(load --quiet --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL")

# start_proxy NAME ARGS...: tests/tools/pg_proxy.py; sets PROXY_PORT and
# PROXY_EVENTS.
PROXY_PIDS=()
start_proxy() {
    local name=$1
    shift
    PROXY_EVENTS="$WORK/$name.events"
    : >"$PROXY_EVENTS"
    python3 "$(dirname "$TAXI_ETL_HTTP_SERVER")/pg_proxy.py" --port-file "$WORK/$name.port" \
        --events "$PROXY_EVENTS" "$@" 2>"$WORK/$name.log" &
    PROXY_PIDS+=($!)
    for _ in $(seq 100); do
        [ -s "$WORK/$name.port" ] && break
        sleep 0.05
    done
    PROXY_PORT=$(cat "$WORK/$name.port")
}
stop_proxies() {
    for pid in "${PROXY_PIDS[@]}"; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
}
trap 'stop_proxies; cleanup' EXIT

# start_etl ARGS...: taxi-etl in the background; sets PID.
start_etl() {
    "$TAXI_ETL" "$@" >"$WORK/stdout" 2>"$WORK/stderr" &
    PID=$!
}

# wait_for_exit SECONDS: waits for $PID to end and sets RC and ERR; a run
# still going after SECONDS is killed, and RC says so.
wait_for_exit() {
    local tenths=$(($1 * 10))
    for _ in $(seq "$tenths"); do
        if [ -z "$(ps -o stat= -p "$PID" | grep -v Z)" ]; then
            wait "$PID"
            RC=$?
            ERR=$(cat "$WORK/stderr")
            return
        fi
        sleep 0.1
    done
    kill -9 "$PID"
    wait "$PID" 2>/dev/null
    RC="still running after $1 s"
    ERR=$(cat "$WORK/stderr")
}

# wait_for_event TEXT: until the proxy logs TEXT (30 s at most).
wait_for_event() {
    for _ in $(seq 300); do
        grep -qx "$1" "$PROXY_EVENTS" && return
        sleep 0.1
    done
}

# wait_for_lock_wait [TEXT]: until a taxi-etl session waits for a lock (in
# a statement holding TEXT, when given), 30 s at most: on a busy machine a
# run may take long to get there.
wait_for_lock_wait() {
    local text=${1:-}
    for _ in $(seq 300); do
        [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'taxi-etl' AND wait_event_type = 'Lock' AND position('$text' IN query) > 0")" -ge 1 ] && return
        sleep 0.1
    done
}

signal_number() { [ "$1" == INT ] && echo 130 || echo 143; }

# --- Connecting -------------------------------------------------------------
start_proxy silent --silent
SILENT="host=127.0.0.1 port=$PROXY_PORT dbname=nowhere sslmode=disable"

# A server that accepts and never answers: a signal ends the wait at once
# (libpq's own wait could not be interrupted, and has no default limit).
for signal in TERM INT; do
    accepted=$(grep -c accepted "$PROXY_EVENTS")
    start_etl "${LOAD[@]}" --db "$SILENT"
    for _ in $(seq 100); do
        [ "$(grep -c accepted "$PROXY_EVENTS")" -gt "$accepted" ] && break
        sleep 0.1
    done
    kill -"$signal" "$PID"
    wait_for_exit 5
    check_failure "$(signal_number $signal)" "interrupted by SIG$signal" \
        "SIG$signal while connecting to a server that never answers ends the run within 5 s"
done
accepted=$(grep -c accepted "$PROXY_EVENTS")
start_etl status --db "$SILENT"
for _ in $(seq 100); do
    [ "$(grep -c accepted "$PROXY_EVENTS")" -gt "$accepted" ] && break
    sleep 0.1
done
kill -TERM "$PID"
wait_for_exit 5
check_failure 143 "interrupted by SIGTERM" "status: SIGTERM while connecting ends it"

# Without a signal, connecting gives up after connect_timeout: from --db,
# from PGCONNECT_TIMEOUT, the one in --db winning, else 30 s.
start_etl "${LOAD[@]}" --db "$SILENT connect_timeout=2"
wait_for_exit 15
check_failure 6 "cannot connect to the database: no answer from 127.0.0.1 port $PROXY_PORT within 2 s (connect_timeout)" \
    "connect_timeout=2 in --db"
PGCONNECT_TIMEOUT=2 start_etl "${LOAD[@]}" --db "$SILENT"
wait_for_exit 15
check_failure 6 "within 2 s (connect_timeout)" "PGCONNECT_TIMEOUT=2"
PGCONNECT_TIMEOUT=600 start_etl "${LOAD[@]}" --db "$SILENT connect_timeout=3"
wait_for_exit 15
check_failure 6 "within 3 s (connect_timeout)" "connect_timeout in --db wins over PGCONNECT_TIMEOUT"
start_etl "${LOAD[@]}" --db "$SILENT"
wait_for_exit 45
check_failure 6 "within 30 s (connect_timeout)" "by default connecting gives up after 30 s"
run_etl "${LOAD[@]}" --db "$SILENT connect_timeout=soon"
check_failure 6 "invalid integer value \"soon\" for connection option \"connect_timeout\"" \
    "a connect_timeout that is not a number"
check_eq "$(table_fingerprint green_tripdata)" "$before" "after the failed connections the table is unchanged"

# --- The history's lock -------------------------------------------------------
# Another session holds taxi_etl.runs: every command waits in the history's
# first statement, and a signal ends the wait.
hold_in_session "BEGIN; LOCK TABLE taxi_etl.runs IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120)"
interrupt_lock_wait() {
    local signal=$1 what=$2
    shift 2
    start_etl "$@"
    wait_for_lock_wait
    kill -"$signal" "$PID"
    wait_for_exit 5
    check_failure "$(signal_number "$signal")" "interrupted by SIG$signal" \
        "$what: SIG$signal while waiting for the history's lock ends it within 5 s"
}
interrupt_lock_wait TERM load "${LOAD[@]}"
interrupt_lock_wait INT load "${LOAD[@]}"
interrupt_lock_wait TERM backfill backfill --quiet --taxi green --from 2019-01 --to 2019-03 \
    --source-url "$RELEASE_URL"
interrupt_lock_wait INT transform transform --quiet --zones-url "$WORK/no_zones.csv"
interrupt_lock_wait TERM history history
interrupt_lock_wait INT status status

# --lock-timeout bounds that wait too.
start_etl "${LOAD[@]}" --lock-timeout 1
wait_for_exit 10
check_failure 6 "gave up waiting for the lock on the run history (taxi_etl.runs) after 1 s (--lock-timeout)" \
    "load --lock-timeout 1 with the history's lock held"
start_etl backfill --quiet --taxi green --from 2019-01 --to 2019-03 \
    --source-url "$RELEASE_URL" --lock-timeout 1
wait_for_exit 10
check_failure 6 "gave up waiting for the lock on the run history (taxi_etl.runs) after 1 s (--lock-timeout)" \
    "backfill --lock-timeout 1 with the history's lock held"
release_session
check_eq "$(table_fingerprint green_tripdata)" "$before" "after the lock waits the table is unchanged"
check_eq "$(q "SELECT count(*) FROM taxi_etl.runs")" "$runs_before" \
    "runs stopped before they started are not in the history"

# --- A cancel that finds the backend idle ---------------------------------------
# The proxy holds back the statement that takes the merge lock (held by
# another session) until the first cancel has reached the idle backend; only
# a cancel sent again stops the wait.
hold_merge_lock 120
start_proxy before --upstream "$PGHOST:$PGPORT" --hold-before "pg_advisory_xact_lock(hashtextextended"
start_etl "${LOAD[@]}" --db "host=127.0.0.1 port=$PROXY_PORT sslmode=disable gssencmode=disable"
wait_for_event held
kill -TERM "$PID"
wait_for_exit 10
check_failure 143 "interrupted by SIGTERM" "SIGTERM when the statement reaches the server after the first cancel"
check_contains "$(cat "$PROXY_EVENTS")" "released" "the statement was held until the cancel"
release_session
check_eq "$(table_fingerprint green_tripdata)" "$before" "the table is unchanged"

# --- A signal between the last statement and COMMIT --------------------------
# The proxy holds back the answer to the statement before COMMIT (the record
# of the pending months) until the signal's cancel arrives; the statement is
# done by then, so only the check before COMMIT can stop the month.
start_proxy commit --upstream "$PGHOST:$PGPORT" --hold-after "INSERT INTO taxi_etl.pending_months"
start_etl "${LOAD[@]}" --db "host=127.0.0.1 port=$PROXY_PORT sslmode=disable gssencmode=disable"
wait_for_event held
kill -TERM "$PID"
wait_for_exit 10
check_failure 143 "interrupted by SIGTERM: nothing of this run was merged" \
    "SIGTERM just before COMMIT rolls the month back"
check_contains "$(cat "$PROXY_EVENTS")" "released" "the answer was held until the cancel"
check_eq "$(table_fingerprint green_tripdata)" "$before" "SIGTERM before COMMIT: the table is unchanged"
check_recorded interrupted "SIGTERM before COMMIT"
check_eq "$(q "SELECT exit_code FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1")" 143 \
    "the history records exit code 143 for SIGTERM"

# --- A network that goes silent during COPY ------------------------------------
# The proxy stops reading what taxi-etl sends after 3 MB of COPY data, and
# keeps the connection open: libpq's own wait to send would last for ever.
# The signal's cancel cannot reach a backend that waits for COPY data, so
# the connection is cut; the server rolls back when it sees the connection
# end, and the next run marks the history row interrupted.
generate green 2019 3 100000 93 >/dev/null
start_proxy copy --upstream "$PGHOST:$PGPORT" --stall-copy-after 3000000
COPY_DB="host=127.0.0.1 port=$PROXY_PORT sslmode=disable gssencmode=disable"
start_etl load --quiet --taxi green --year 2019 --month 3 --source-url "$RELEASE_URL" --db "$COPY_DB"
wait_for_event stalled
sleep 1 # until taxi-etl waits to send
kill -TERM "$PID"
wait_for_exit 10
check_failure 143 "interrupted by SIGTERM" "SIGTERM while COPY waits on a silent network ends the run within 10 s"
check_eq "$(table_fingerprint green_tripdata)" "$before" "SIGTERM during a stalled COPY: the table is unchanged"
stop_proxies
PROXY_PIDS=()
for _ in $(seq 100); do # until the server has seen the connection end
    [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'taxi-etl'")" -eq 0 ] && break
    sleep 0.1
done
run_etl history --format csv --limit 1
check_contains "$OUT" "green_tripdata_2019-03.csv,interrupted" "history shows the cut run interrupted"
run_etl "${LOAD[@]}" # a writer: history and status only read
check_eq "$(q "SELECT status FROM taxi_etl.runs WHERE file_name = 'green_tripdata_2019-03.csv'")" \
    interrupted "the cut run is marked interrupted by the next run"

# --- A signal while the history records a month that committed ---------------
# The month is committed; the history's UPDATE waits for a lock (a trigger
# takes an advisory lock another session holds), released 0.1 s after the
# signal: within the grace a run gets on its way out, so the record is
# written and the run succeeds.
generate green 2019 4 2000 94 >/dev/null
q "CREATE FUNCTION public.wait_for_test_lock() RETURNS trigger LANGUAGE plpgsql AS
   \$\$BEGIN PERFORM pg_advisory_xact_lock(4242); RETURN NEW; END\$\$" >/dev/null
q "CREATE TRIGGER wait_for_test_lock BEFORE UPDATE ON taxi_etl.runs FOR EACH ROW
   WHEN (NEW.status = 'succeeded') EXECUTE FUNCTION public.wait_for_test_lock()" >/dev/null
# A session that holds the lock and lets go of it as soon as asked.
mkfifo "$WORK/holder"
psql -XAtq <"$WORK/holder" >/dev/null 2>&1 &
LOCK_HOLDER_PID=$!
exec 7>"$WORK/holder"
echo "SELECT pg_advisory_lock(4242);" >&7
for _ in $(seq 100); do
    [ "$(q "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND granted")" -ge 1 ] && break
    sleep 0.1
done
rows_before=$(q "SELECT count(*) FROM green_tripdata")
start_etl load --quiet --taxi green --year 2019 --month 4 --source-url "$RELEASE_URL"
# The history's record of the month, after its COMMIT (not a lock wait of
# an earlier section's backend that the server has yet to end).
wait_for_lock_wait "UPDATE taxi_etl.runs"
kill -TERM "$PID"
sleep 0.1
echo "SELECT pg_advisory_unlock(4242);" >&7
wait_for_exit 10
exec 7>&-
wait "$LOCK_HOLDER_PID" 2>/dev/null
check_eq "$RC" 0 "SIGTERM after COMMIT, while the history waits 0.1 s: the run succeeds"
check_eq "$(cat "$WORK/stderr")" "" "SIGTERM after COMMIT: nothing on stderr"
check_eq "$(q "SELECT status || ' ' || exit_code FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1")" \
    "succeeded 0" "SIGTERM after COMMIT: recorded succeeded"
check_eq "$(q "SELECT count(*) FROM green_tripdata")" "$((rows_before + 2000))" \
    "SIGTERM after COMMIT: the table holds the month"
q "DROP TRIGGER wait_for_test_lock ON taxi_etl.runs" >/dev/null

finish
