#!/usr/bin/env bash
# SIGINT and SIGTERM: the transfer stops, the statement is cancelled, the
# month rolls back, the run is recorded as interrupted, nothing is left
# behind, and the exit code is 128 + the signal. After kill -9 the same
# load run again succeeds with the right row count.
source "$(dirname "$0")/lib.sh"
start_http_server

generate green 2019 1 30000 91 >/dev/null
generate green 2019 2 30000 92 >/dev/null
run_etl load --quiet --taxi green --year 2019 --month 2 --source-url "$RELEASE_URL"
check_eq "$RC" 0 "a month is loaded first"
before=$(table_fingerprint green_tripdata)
SLOW="$BASE_URL/fault/slow=200000/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"

wait_for_running() {
    for _ in $(seq 100); do
        [ "$(q "SELECT count(*) FROM taxi_etl.runs WHERE status = 'running'")" -ge 1 ] && return
        sleep 0.1
    done
}

# interrupt SIGNAL EXPECTED_RC: a slow load stopped in the middle of COPY.
interrupt() {
    local signal=$1 expected=$2
    "$TAXI_ETL" load --taxi green --year 2019 --month 1 --source-url "$SLOW" \
        >"$WORK/stdout" 2>"$WORK/stderr" &
    local pid=$!
    wait_for_running
    sleep 0.5
    kill -"$signal" $pid
    wait $pid
    RC=$?
    ERR=$(cat "$WORK/stderr")
    check_eq "$RC" "$expected" "$signal in the middle of COPY: exit code $expected"
    check_contains "$ERR" "interrupted by SIG$signal: nothing of this run was merged" \
        "$signal: the message says so"
    check_eq "$(grep -c 'error:' "$WORK/stderr")" 1 "$signal: one error line"
    check_eq "$(table_fingerprint green_tripdata)" "$before" "$signal: the final table is unchanged"
    check_eq "$(q "SELECT status || ' ' || exit_code FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1")" \
        "interrupted $expected" "$signal: the run is recorded as interrupted, with its exit code"
    check_eq "$(q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'taxi-etl' AND datname = current_database()")" 0 \
        "$signal: no session (and so no staging table) is left behind"
}
interrupt INT 130
interrupt TERM 143

# A signal during the wait before a retry ends the wait at once.
"$TAXI_ETL" load --taxi green --year 2019 --month 1 --retry-delay 60 \
    --source-url "$BASE_URL/fault/status=500/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz" \
    2>"$WORK/stderr" &
pid=$!
for _ in $(seq 100); do grep -q "retrying in" "$WORK/stderr" && break; sleep 0.1; done
kill -INT $pid
wait $pid
check_eq "$?" 130 "SIGINT during a retry's wait ends the run"

# Interrupting the merge: hold the table's lock so the run waits in SQL.
hold_merge_lock 30
"$TAXI_ETL" load --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL" 2>"$WORK/stderr" &
pid=$!
for _ in $(seq 100); do grep -q "waiting for another run" "$WORK/stderr" && break; sleep 0.1; done
kill -TERM $pid
wait $pid
check_eq "$?" 143 "SIGTERM while waiting for the lock in SQL: the statement is cancelled"
release_session
check_eq "$(table_fingerprint green_tripdata)" "$before" "the final table is unchanged"

# kill -9 in the merge (waiting for the table's lock), then the same load.
hold_merge_lock 30
"$TAXI_ETL" load --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL" 2>"$WORK/stderr" &
pid=$!
for _ in $(seq 100); do grep -q "waiting for another run" "$WORK/stderr" && break; sleep 0.1; done
kill -9 $pid
wait $pid 2>/dev/null
release_session
sleep 0.5
check_eq "$(table_fingerprint green_tripdata)" "$before" "kill -9 in the merge: the final table is unchanged"
run_etl history --limit 1 --format csv
check_contains "$OUT" "interrupted" "kill -9 in the merge: the run is later shown as interrupted"

# kill -9 in the middle of COPY, then the same load again.
"$TAXI_ETL" load --taxi green --year 2019 --month 1 --source-url "$SLOW" 2>/dev/null &
pid=$!
wait_for_running
sleep 0.5
kill -9 $pid
wait $pid 2>/dev/null
sleep 0.5
run_etl load --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL"
check_eq "$RC" 0 "after kill -9 the same load succeeds"
check_eq "$(q "SELECT count(*) FROM green_tripdata WHERE filename = 'green_tripdata_2019-01.csv'")" \
    30000 "with the right row count"

finish
