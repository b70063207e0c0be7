#!/usr/bin/env bash
# Database failures that may pass are retried like the source's (issue #15
# part 5): a backend terminated in the middle of COPY is replaced by a new
# connection, the run's history row follows it, and the month lands once.
# A permanent failure is not retried. (--retries 0 with the same fault:
# test_database_faults.sh.)
source "$(dirname "$0")/lib.sh"
start_http_server

generate green 2019 1 30000 101 >/dev/null
SLOW="$BASE_URL/fault/slow=200000/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
etl_copy_backend() {
    q "SELECT pid FROM pg_stat_activity WHERE application_name = 'taxi-etl' AND datname = current_database() AND query LIKE 'COPY%' LIMIT 1"
}
run_of_file() { q "SELECT $1 FROM taxi_etl.runs WHERE file_name = 'green_tripdata_2019-01.csv' ORDER BY run_id"; }

# The month as a load that nothing disturbs puts it, in a schema of its own.
run_etl load --quiet --taxi green --year 2019 --month 1 --schema reference --source-url "$RELEASE_URL"
check_eq "$RC" 0 "the reference load"
reference=$(table_fingerprint reference.green_tripdata)
q "DELETE FROM taxi_etl.runs" >/dev/null

# --- the backend terminated in the middle of COPY: reconnect and retry ---------------
"$TAXI_ETL" load --taxi green --year 2019 --month 1 --retries 2 --retry-delay 0.5 \
    --source-url "$SLOW" >/dev/null 2>"$WORK/retried.stderr" &
pid=$!
first=""
for _ in $(seq 100); do first=$(etl_copy_backend); [ -n "$first" ] && break; sleep 0.1; done
q "SELECT pg_terminate_backend($first)" >/dev/null
# The second attempt, on a new backend, in its COPY.
second=""
for _ in $(seq 200); do
    second=$(etl_copy_backend)
    [ -n "$second" ] && [ "$second" != "$first" ] && break
    second=""
    sleep 0.1
done
check_eq "$([ -n "$second" ] && echo yes)" "yes" "the month is tried again on a new connection"
check_eq "$(run_of_file backend_pid)" "$second" "the run's history row names the new backend"
# Another run marks runs whose backend is gone interrupted: not this one.
run_etl load --quiet --taxi yellow --file "$(generate yellow 2019 1 100 103)"
check_eq "$RC" 0 "another run meanwhile"
check_eq "$(run_of_file status)" "running" "the retried run is not marked interrupted"
wait $pid
RC=$?; ERR=$(cat "$WORK/retried.stderr")
check_eq "$RC" 0 "a backend terminated during COPY is retried: exit 0"
check_contains "$ERR" "database connection lost (" "the retry says the connection was lost"
check_contains "$ERR" "reconnecting, retrying in 0.5 s (retry 1 of 2)" "and that it reconnects and retries"
check_eq "$(table_fingerprint green_tripdata)" "$reference" "the month's rows are in the table once"
check_eq "$(run_of_file "status || ' ' || exit_code")" "succeeded 0" \
    "the history shows one run, succeeded"

# --- the connection lost just after COMMIT: the month is loaded, and recorded ------
# tests/tools/pg_proxy.py holds back the server's answer to COMMIT (a new
# file: no "ON COMMIT DROP" before it) while its backend is terminated.
PROXY_PID=""
trap '[ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null; cleanup' EXIT
: >"$WORK/proxy.events"
python3 "$(dirname "$TAXI_ETL_HTTP_SERVER")/pg_proxy.py" --port-file "$WORK/proxy.port" \
    --events "$WORK/proxy.events" --upstream "$PGHOST:$PGPORT" --hold-after "COMMIT" \
    --hold-max 3 2>"$WORK/proxy.log" &
PROXY_PID=$!
for _ in $(seq 100); do [ -s "$WORK/proxy.port" ] && break; sleep 0.05; done
generate green 2019 3 2000 104 >/dev/null
"$TAXI_ETL" load --taxi green --year 2019 --month 3 --retries 0 --source-url "$RELEASE_URL" \
    --db "host=127.0.0.1 port=$(cat "$WORK/proxy.port") dbname=$TEST_DB sslmode=disable" \
    >/dev/null 2>"$WORK/committed.stderr" &
pid=$!
for _ in $(seq 100); do grep -q held "$WORK/proxy.events" && break; sleep 0.1; done
q "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
   WHERE application_name = 'taxi-etl' AND datname = current_database()" >/dev/null
wait $pid
RC=$?; ERR=$(cat "$WORK/committed.stderr")
check_eq "$RC" 0 "the connection lost after COMMIT: the month is not failed"
check_eq "$(q "SELECT count(*) FROM green_tripdata WHERE filename = 'green_tripdata_2019-03.csv'")" \
    "$(rows_of "$WORK/www/green/green_tripdata_2019-03.csv.gz")" "the month committed is in the table"
check_eq "$(q "SELECT status || ' ' || exit_code FROM taxi_etl.runs WHERE file_name = 'green_tripdata_2019-03.csv'")" \
    "succeeded 0" "its run is recorded as succeeded, on a new connection"
kill "$PROXY_PID" 2>/dev/null

# --- a permanent failure is not retried ------------------------------------------
# A privilege taken away: the server refuses with 42501, the connection lives.
LOADER="etl_loader_$$" # roles belong to the whole cluster
q "CREATE ROLE $LOADER LOGIN PASSWORD 'loader-pw'; GRANT CONNECT ON DATABASE \"$TEST_DB\" TO $LOADER;
   GRANT USAGE ON SCHEMA public, taxi_etl TO $LOADER;
   GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA taxi_etl TO $LOADER;
   GRANT SELECT ON green_tripdata TO $LOADER;" >/dev/null
before=$(table_fingerprint green_tripdata)
generate green 2019 2 500 102 >/dev/null
run_etl load --taxi green --year 2019 --month 2 --retries 3 --retry-delay 0.1 \
    --source-url "$RELEASE_URL" --db "user=$LOADER password=loader-pw dbname=$TEST_DB"
check_eq "$RC" 6 "no privilege on the table: exit 6"
check_contains "$ERR" "permission denied" "no privilege: the message says so"
check_not_contains "$ERR" "retrying" "no privilege: not retried"
check_eq "$(table_fingerprint green_tripdata)" "$before" "no privilege: table unchanged"

# A table with other columns.
q "CREATE SCHEMA odd; CREATE TABLE odd.green_tripdata (id int)" >/dev/null
run_etl load --taxi green --year 2019 --month 2 --retries 3 --retry-delay 0.1 \
    --schema odd --source-url "$RELEASE_URL"
check_eq "$RC" 6 "a table with other columns: exit 6"
check_not_contains "$ERR" "retrying" "a table with other columns: not retried"

q "DROP OWNED BY $LOADER; DROP ROLE $LOADER" >/dev/null
finish
