#!/usr/bin/env bash
# The database side of the fault suite: a backend terminated during COPY and
# during the merge, a table locked by another session (--lock-timeout), no
# permission to create the table, a wrong password, hostile identifiers.
# Each: exit code, one line naming the problem, the final table unchanged,
# the run recorded with its error.
source "$(dirname "$0")/lib.sh"
start_http_server

generate green 2019 1 30000 101 >/dev/null
generate green 2019 2 5000 102 >/dev/null
run_etl load --quiet --taxi green --year 2019 --month 2 --source-url "$RELEASE_URL"
check_eq "$RC" 0 "a month is loaded first"
before=$(table_fingerprint green_tripdata)
SLOW="$BASE_URL/fault/slow=200000/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
last_run() { q "SELECT status || ' ' || exit_code FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1"; }
etl_backend() {
    q "SELECT pid FROM pg_stat_activity WHERE application_name = 'taxi-etl' AND datname = current_database() AND query LIKE '$1%' LIMIT 1"
}

# --- the backend terminated in the middle of COPY --------------------------------
"$TAXI_ETL" load --quiet --taxi green --year 2019 --month 1 --retries 0 --source-url "$SLOW" \
    >/dev/null 2>"$WORK/stderr" &
pid=$!
for _ in $(seq 100); do backend=$(etl_backend COPY); [ -n "$backend" ] && break; sleep 0.1; done
q "SELECT pg_terminate_backend($backend)" >/dev/null
wait $pid
RC=$?; ERR=$(cat "$WORK/stderr")
check_failure 6 "server closed the connection unexpectedly" "the backend terminated during COPY"
check_eq "$(table_fingerprint green_tripdata)" "$before" "terminated during COPY: table unchanged"
check_eq "$(last_run)" "failed 6" "terminated during COPY: the run is recorded as failed"

# --- the backend terminated in the merge (waiting for the table's lock) ----------
hold_merge_lock 20
"$TAXI_ETL" load --quiet --taxi green --year 2019 --month 1 --retries 0 --source-url "$RELEASE_URL" \
    >/dev/null 2>"$WORK/stderr" &
pid=$!
for _ in $(seq 100); do backend=$(etl_backend "-- A lock between taxi-etl runs"); [ -n "$backend" ] && break; sleep 0.1; done
q "SELECT pg_terminate_backend($backend)" >/dev/null
wait $pid
RC=$?; ERR=$(cat "$WORK/stderr")
check_failure 6 "server closed the connection unexpectedly" "the backend terminated in the merge"
check_eq "$(table_fingerprint green_tripdata)" "$before" "terminated in the merge: table unchanged"
release_session

# --- the table locked by another session ---------------------------------------------
# load_while_locked MONTH WHAT: loads green MONTH with --lock-timeout 1 while
# another session holds the table exclusively; it must give up.
load_while_locked() {
    psql -Xq -c "BEGIN; LOCK TABLE green_tripdata IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(8); COMMIT;" >/dev/null 2>&1 &
    local holder=$!
    sleep 0.5
    run_etl load --quiet --taxi green --year 2019 --month "$1" --lock-timeout 1 --source-url "$RELEASE_URL"
    check_failure 6 "gave up waiting for the lock on public.green_tripdata after 1 s (--lock-timeout)" "$2"
    check_eq "$(last_run)" "failed 6" "$2: recorded"
    wait $holder
    check_eq "$(table_fingerprint green_tripdata)" "$before" "$2: table unchanged"
}
load_while_locked 1 "a table locked by another session, with --lock-timeout"
# A month loaded before is first compared with the table, which waits for
# the same lock (reading a table needs it too), and gives up the same way.
load_while_locked 2 "a month loaded before, its table locked by another session"

# --- no permission to create the table ---------------------------------------------
READER="etl_reader_$$" # roles belong to the whole cluster
q "CREATE ROLE $READER LOGIN PASSWORD 'reader-pw'; GRANT CONNECT ON DATABASE \"$TEST_DB\" TO $READER;
   GRANT USAGE ON SCHEMA public, taxi_etl TO $READER; GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA taxi_etl TO $READER;
   REVOKE CREATE ON SCHEMA public FROM PUBLIC;" >/dev/null
run_etl load --quiet --taxi yellow --file "$(generate yellow 2019 1 100 103)" \
    --db "user=$READER password=reader-pw dbname=$TEST_DB"
check_failure 6 "permission denied for schema public" "no permission to create the table"
check_eq "$(q "SELECT to_regclass('public.yellow_tripdata') IS NULL")" "t" "no table was created"

# --- a wrong password is refused and never printed ---------------------------------
run_etl load --quiet --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL" \
    --db "host=${PGHOST:-localhost} user=$READER password=wrong-secret-pw dbname=$TEST_DB"
if [ "$RC" -eq 0 ] || ! grep -q "password authentication failed" "$WORK/stderr"; then
    echo "skip - this server does not ask for passwords (trust authentication): wrong password not checked"
else
    check_failure 6 "password authentication failed" "a wrong password"
fi
check_not_contains "$ERR" "wrong-secret-pw" "the password is never printed"

# --- hostile identifiers do no harm ---------------------------------------------------
q "CREATE TABLE y (id int)" >/dev/null
run_etl load --quiet --taxi green --year 2019 --month 2 --source-url "$RELEASE_URL" \
    --schema 'x"; DROP TABLE y; --'
check_eq "$RC" 0 "a schema name with quotes and SQL in it loads into that schema, quoted"
check_eq "$(q "SELECT to_regclass('public.y') IS NOT NULL")" "t" "the table y still exists"
check_eq "$(q 'SELECT count(*) FROM "x""; DROP TABLE y; --".green_tripdata')" 5000 \
    "the rows are in the schema of that exact name"
run_etl history --taxi "green'; DROP TABLE y; --"
check_failure 2 "--taxi" "a hostile --taxi is a usage error"

q "DROP OWNED BY $READER; DROP ROLE $READER" >/dev/null
finish
