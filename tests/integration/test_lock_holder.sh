#!/usr/bin/env bash
# A run that waits for a lock held by a session other than taxi-etl's (a
# psql session left in a transaction) says who holds it: pid,
# application_name, state, since when, the start of its query; again while
# the wait goes on; in the --lock-timeout error instead under --quiet.
source "$(dirname "$0")/lib.sh"
start_http_server

generate green 2019 1 2000 171 >/dev/null
generate green 2019 2 2000 172 >/dev/null
run_etl load --quiet --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL"
check_eq "$RC" 0 "a month is loaded first"
before=$(table_fingerprint green_tripdata)
LOAD=(load --taxi green --year 2019 --month 2 --source-url "$RELEASE_URL")
# The report of a wait that goes on comes every minute; here every 2 s
# (an environment variable meant for this test only).
export TAXI_ETL_LOCK_REPORT_SECONDS=2

# hold_lock TABLE: a psql session, application_name lock-holder-test, takes
# TABLE exclusively in a transaction it leaves open (idle in transaction);
# sets HOLDER (its backend's pid). release_lock commits and ends it.
hold_lock() {
    rm -f "$WORK/holder.in"
    mkfifo "$WORK/holder.in"
    PGAPPNAME=lock-holder-test psql -Xq -v ON_ERROR_STOP=1 <"$WORK/holder.in" >/dev/null 2>&1 &
    HOLDER_PSQL=$!
    exec 7>"$WORK/holder.in"
    # Two lines, a tab and a control character: the report shows it on one.
    printf 'BEGIN;\nLOCK TABLE %s /* \x01 */\n\tIN ACCESS EXCLUSIVE MODE;\n' "$1" >&7
    HOLDER=""
    for _ in $(seq 100); do
        HOLDER=$(q "SELECT pid FROM pg_stat_activity WHERE application_name = 'lock-holder-test' AND state = 'idle in transaction' AND query LIKE 'LOCK TABLE%'")
        [ -n "$HOLDER" ] && return
        sleep 0.1
    done
}
release_lock() {
    echo "COMMIT;" >&7
    exec 7>&-
    wait "$HOLDER_PSQL"
}
# wait_for_text FILE TEXT: until FILE holds TEXT (20 s at most).
wait_for_text() {
    for _ in $(seq 200); do
        grep -qF -- "$2" "$1" && return
        sleep 0.1
    done
}
HELD_BY="held by pid %s (lock-holder-test, idle in transaction since "
QUERY='LOCK TABLE green_tripdata /* \x01 */ IN ACCESS EXCLUSIVE MODE;)'

# --- a load waits, says who holds the lock, and goes on once it is free -------
hold_lock green_tripdata
check_eq "$([ -n "$HOLDER" ] && echo held)" "held" "a psql session holds the table"
"$TAXI_ETL" "${LOAD[@]}" >/dev/null 2>"$WORK/stderr" &
pid=$!
wait_for_text "$WORK/stderr" "still waiting for the lock"
[ -n "${SHOW_ERRORS:-}" ] && cat "$WORK/stderr"
line=$(grep -F "waiting for the lock on public.green_tripdata: held by" "$WORK/stderr")
# shellcheck disable=SC2059
check_contains "$line" "$(printf "$HELD_BY" "$HOLDER")" \
    "the holder is named: its pid, application_name and state"
check_contains "$line" "$QUERY" "with its query on one line, the control character escaped"
check_eq "$(grep -cE "since [0-9]{2}:[0-9]{2}:[0-9]{2}: LOCK TABLE" <<<"$line")" 1 \
    "and since when it holds it"
check_eq "$(grep -c "waiting for the lock on public.green_tripdata: held by" "$WORK/stderr")" 1 \
    "the holder is said once"
check_contains "$(cat "$WORK/stderr")" \
    "still waiting for the lock on public.green_tripdata after " \
    "and again while the wait goes on"
release_lock
wait "$pid"
RC=$?
check_eq "$RC" 0 "the load finishes once the session commits"
check_contains "$(cat "$WORK/stderr")" "2000 inserted" "and loads the month"
q "DELETE FROM green_tripdata WHERE filename = 'green_tripdata_2019-02.csv'; DELETE FROM taxi_etl.runs WHERE file_name = 'green_tripdata_2019-02.csv'" >/dev/null
q "DROP TABLE IF EXISTS green_tripdata_2019_02" >/dev/null
check_eq "$(table_fingerprint green_tripdata)" "$before" "(the month is removed again)"

# --- status, a reader, counts a month's rows: it names the holder too --------
hold_lock green_tripdata
"$TAXI_ETL" status --taxi green >"$WORK/stdout" 2>"$WORK/stderr" &
pid=$!
wait_for_text "$WORK/stderr" "waiting for the lock on public.green_tripdata: held by"
# shellcheck disable=SC2059
check_contains "$(cat "$WORK/stderr")" "$(printf "$HELD_BY" "$HOLDER")" \
    "status waiting for the table names the holder"
release_lock
wait "$pid"
check_eq "$?" 0 "and ends once the session commits"
check_contains "$(cat "$WORK/stdout")" "1 of " "with its report"

# --- a signal still ends the wait at once, after the holder was named -------
hold_lock green_tripdata
"$TAXI_ETL" "${LOAD[@]}" >/dev/null 2>"$WORK/stderr" &
pid=$!
wait_for_text "$WORK/stderr" "waiting for the lock on public.green_tripdata: held by"
kill -TERM "$pid"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
check_eq "$(kill -0 "$pid" 2>/dev/null && echo running || echo ended)" "ended" \
    "SIGTERM after the holder was named ends the run within 5 s"
wait "$pid"
check_eq "$?" 143 "SIGTERM while waiting: exit 143"
check_contains "$(tail -n 1 "$WORK/stderr")" "interrupted by SIGTERM" "and says so"
release_lock
check_eq "$(table_fingerprint green_tripdata)" "$before" "SIGTERM while waiting: table unchanged"

# --- --lock-timeout names the holder in its one-line error ------------------
hold_lock green_tripdata
run_etl "${LOAD[@]}" --quiet --lock-timeout 3
# shellcheck disable=SC2059
check_failure 6 "gave up waiting for the lock on public.green_tripdata after 3 s (--lock-timeout): $(printf "$HELD_BY" "$HOLDER")" \
    "--lock-timeout 3 with the table held by a psql session"
check_contains "$ERR" "$QUERY" "the error shows the holder's query"
check_recorded failed "the run given up"
release_lock
check_eq "$(table_fingerprint green_tripdata)" "$before" "the table is unchanged"

# --- --quiet prints nothing while it waits ----------------------------------
hold_lock green_tripdata
"$TAXI_ETL" "${LOAD[@]}" --quiet >/dev/null 2>"$WORK/stderr" &
pid=$!
# Past the first look (1.5 s) and a repeat (2 s here).
for _ in $(seq 100); do
    [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'taxi-etl' AND wait_event_type = 'Lock'")" -ge 1 ] && break
    sleep 0.1
done
sleep 5
check_eq "$(cat "$WORK/stderr")" "" "--quiet: nothing printed while the load waits"
release_lock
wait "$pid"
RC=$?
check_eq "$RC" 0 "--quiet: the load finishes once the session commits"
check_eq "$(cat "$WORK/stderr")" "" "--quiet: nothing printed at all"

# --- the history's lock -----------------------------------------------------
hold_lock taxi_etl.runs
run_etl load --quiet --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL" --lock-timeout 2
# shellcheck disable=SC2059
check_failure 6 "gave up waiting for the lock on the run history (taxi_etl.runs) after 2 s (--lock-timeout): $(printf "$HELD_BY" "$HOLDER")" \
    "--lock-timeout 2 with the history held by a psql session"
check_contains "$ERR" 'LOCK TABLE taxi_etl.runs /* \x01 */ IN ACCESS EXCLUSIVE MODE;' \
    "the error shows the holder's query"
release_lock

finish
