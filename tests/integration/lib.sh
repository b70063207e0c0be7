# Shared set-up for the integration tests; each test_*.sh sources it.
#
# Every test gets its own database (created here, dropped on exit) in the
# PostgreSQL that the PG* environment points at (pg_virtualenv sets it), its
# own work directory, and, on request, its own HTTP server on 127.0.0.1.
# Checks print "ok - ..." or "not ok - ..."; the script fails if any failed.

set -uo pipefail

: "${TAXI_ETL:?path of the taxi-etl binary}"
: "${TAXI_ETL_GEN:?path of taxi-etl-gen}"
: "${TAXI_ETL_HTTP_SERVER:?path of tests/tools/http_server.py}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/taxi-etl-test.XXXXXX")
TEST_DB="taxi_etl_$(basename "$0" .sh)_$$"
export PGDATABASE="$TEST_DB"
export PGOPTIONS="-c client_min_messages=warning" # no NOTICE noise from psql
FAILURES=0
CHECKS=0
SERVER_PID=""

cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    dropdb --if-exists --force "$TEST_DB" >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT

createdb "$TEST_DB" || { echo "not ok - cannot create the test database"; exit 1; }

ok() { CHECKS=$((CHECKS + 1)); echo "ok - $*"; }
not_ok() { CHECKS=$((CHECKS + 1)); FAILURES=$((FAILURES + 1)); echo "not ok - $*"; }

# check_eq ACTUAL EXPECTED DESCRIPTION
check_eq() {
    if [ "$1" == "$2" ]; then ok "$3"; else not_ok "$3: got '$1', expected '$2'"; fi
}

# check_contains TEXT PATTERN DESCRIPTION (fixed string)
check_contains() {
    if grep -qF -- "$2" <<<"$1"; then ok "$3"; else not_ok "$3: '$2' not in: $1"; fi
}

check_not_contains() {
    if grep -qF -- "$2" <<<"$1"; then not_ok "$3: '$2' found in: $1"; else ok "$3"; fi
}

# The header of a green file, for tests that write their rows by hand.
GREEN_HEADER="VendorID,lpep_pickup_datetime,lpep_dropoff_datetime,store_and_fwd_flag,RatecodeID,PULocationID,DOLocationID,passenger_count,trip_distance,fare_amount,extra,mta_tax,tip_amount,tolls_amount,ehail_fee,improvement_surcharge,total_amount,payment_type,trip_type,congestion_surcharge"

# One value from the test database.
q() { psql -XAtq -v ON_ERROR_STOP=1 -c "$1"; }

# Runs taxi-etl; sets RC, OUT, ERR.
run_etl() {
    "$TAXI_ETL" "$@" >"$WORK/stdout" 2>"$WORK/stderr"
    RC=$?
    OUT=$(cat "$WORK/stdout")
    ERR=$(cat "$WORK/stderr")
}

# check_failure EXPECTED_RC PATTERN DESCRIPTION: the last run failed with
# that code and one line on stderr containing PATTERN.
check_failure() {
    check_eq "$RC" "$1" "$3: exit code"
    check_contains "$ERR" "$2" "$3: message"
    check_eq "$(wc -l <"$WORK/stderr")" "1" "$3: one line on stderr"
    [ -n "${SHOW_ERRORS:-}" ] && echo "    $ERR"
    return 0
}

# check_recorded STATUS DESCRIPTION: the newest run in the history has that
# status and, as its error, the message the last run printed.
check_recorded() {
    local message=${ERR#taxi-etl: error: }
    check_eq "$(q "SELECT status || ' ' || exit_code || ' ' || coalesce(error, '') FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1")" \
        "$1 $RC $message" "$2: recorded as $1 with its error"
}

# A fingerprint of a table's rows, to prove a failed run changed nothing.
table_fingerprint() {
    q "SELECT count(*) || ':' || coalesce(md5(string_agg(unique_row_id || filename, ',' ORDER BY unique_row_id, filename)), '-') FROM $1" 2>/dev/null || echo "missing"
}

# The course's id expression, as its flow's UPDATE writes it (SPEC section 3).
flow_row_id() {
    local pickup=$1 dropoff=$2
    echo "md5(COALESCE(CAST(VendorID AS text), '') || COALESCE(CAST($pickup AS text), '') || COALESCE(CAST($dropoff AS text), '') || COALESCE(PULocationID, '') || COALESCE(DOLocationID, '') || COALESCE(CAST(fare_amount AS text), '') || COALESCE(CAST(trip_distance AS text), ''))"
}

# generate TAXI YEAR MONTH ROWS [SEED]: a month under $WORK/www/TAXI/, laid
# out as the release assets are; prints its path.
generate() {
    local taxi=$1 year=$2 month=$3 rows=$4 seed=${5:-1}
    local path
    path="$WORK/www/$taxi/${taxi}_tripdata_${year}-$(printf %02d "$((10#$month))").csv.gz"
    mkdir -p "$WORK/www/$taxi"
    "$TAXI_ETL_GEN" --taxi "$taxi" --year "$year" --month "$month" --rows "$rows" \
        --seed "$seed" --out "$path" 2>/dev/null || { echo "generator failed" >&2; return 1; }
    echo "$path"
}

# quoted TAXI YEAR MONTH ROWS SEED LINE_END: a month with every field in a
# random quoting form (taxi-etl-gen --quoting all), under $WORK/quoted;
# prints its path.
quoted() {
    local path
    path="$WORK/quoted/$1_tripdata_$2-$(printf %02d "$3").csv.gz"
    mkdir -p "$WORK/quoted"
    "$TAXI_ETL_GEN" --taxi "$1" --year "$2" --month "$3" --rows "$4" --seed "$5" \
        --quoting all --line-end "$6" --out "$path" 2>/dev/null || { echo "generator failed" >&2; return 1; }
    echo "$path"
}

# The first 1,300 rows of a real release file, when ../shared has them
# (never copied into the repository): tests skip what needs it otherwise.
REAL_FILE="$(dirname "${BASH_SOURCE[0]}")/../../../shared/realdata/green_tripdata_2019-10_first1300.csv.gz"

# The course's flow as plain SQL (tests/course_flow).
FLOW_SQL="$(dirname "${BASH_SOURCE[0]}")/../course_flow"

# flow TAXI FILE [SCHEMA]: the course's flow for one month, its tables in
# SCHEMA (created if missing; default: the search path's first schema).
flow() {
    local taxi=$1 path=$2 schema=${3-} options="-c client_min_messages=warning"
    if [ -n "$schema" ]; then
        q "CREATE SCHEMA IF NOT EXISTS $schema" >/dev/null
        options="$options -c search_path=$schema"
    fi
    zcat "$path" | PGOPTIONS="$options" \
        psql -Xq -v file="$(basename "$path" .gz)" -f "$FLOW_SQL/$taxi.sql" >/dev/null
}

# flow_table SCHEMA TAXI: the course's CREATE TABLE of {taxi}_tripdata, in
# SCHEMA (which must exist): a plain table, as the flow makes it.
flow_table() {
    sed -n '/^CREATE TABLE IF NOT EXISTS '"$2"'_tripdata (/,/^);/p' "$FLOW_SQL/$2.sql" |
        sed "s/CREATE TABLE IF NOT EXISTS /CREATE TABLE $1./" | psql -Xq >/dev/null
}

# The data rows of a .csv.gz (header excluded).
rows_of() { zcat "$1" | tail -n +2 | wc -l; }

# Serves $WORK/www on 127.0.0.1 and sets BASE_URL and RELEASE_URL (the
# GitHub-like template, answered with a 302 to /storage/... or a 404).
start_http_server() {
    mkdir -p "$WORK/www"
    python3 "$TAXI_ETL_HTTP_SERVER" --root "$WORK/www" --port-file "$WORK/port" \
        2>"$WORK/http.log" &
    SERVER_PID=$!
    for _ in $(seq 100); do
        [ -s "$WORK/port" ] && break
        sleep 0.05
    done
    [ -s "$WORK/port" ] || { echo "not ok - the HTTP server did not start"; exit 1; }
    BASE_URL="http://127.0.0.1:$(cat "$WORK/port")"
    RELEASE_URL="$BASE_URL/DataTalksClub/nyc-tlc-data/releases/download/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
}

# hold_merge_lock SECONDS: holds, from another session, the lock a merge
# into public.green_tripdata takes, so that a run waits inside its merge.
hold_merge_lock() {
    hold_in_session "SELECT pg_advisory_lock(hashtextextended('taxi-etl \"public\".\"green_tripdata\"', 0)), pg_sleep($1)"
}

# hold_in_session SQL: runs SQL (which should end in a pg_sleep) in a
# background session; release_session ends it.
hold_in_session() {
    psql -Xq -c "$1" >/dev/null 2>&1 &
    HOLDER_PID=$!
    HOLDER_SQL=$1
    # Returns once the session sleeps, holding what it took (10 s at most).
    for _ in $(seq 100); do
        [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE query = \$\$$HOLDER_SQL\$\$ AND wait_event = 'PgSleep'")" -ge 1 ] && return
        sleep 0.1
    done
}
release_session() {
    kill "$HOLDER_PID" 2>/dev/null
    wait "$HOLDER_PID" 2>/dev/null
    q "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE query = \$\$$HOLDER_SQL\$\$ AND pid <> pg_backend_pid()" >/dev/null
}

# check_no_scope_tables WHEN: a transform's tables of staging rows exist only
# inside its transaction, whatever way it ended.
check_no_scope_tables() {
    check_eq "$(q "SELECT count(*) FROM pg_class WHERE relname LIKE 'taxi\_etl\_transform\_stg\_%'")" 0 \
        "no staging rows table is left $1"
}

# Ends the script: a summary line and the exit status.
finish() {
    echo "$((CHECKS - FAILURES)) passed, $FAILURES failed"
    [ "$FAILURES" -eq 0 ]
    exit $?
}

# cannot_run REASON: the test cannot run here (a tool or a right missing).
# Under CI, where tests/install_build_deps.sh installed everything, that is
# a failure; elsewhere the test says why and skips, counted as no check.
cannot_run() {
    if [ "${CI:-}" = true ]; then not_ok "cannot run: $1"; finish; fi
    echo "skipped: $1"
    exit 0
}

# sql_section NAME FILE: the statement `-- name: NAME` of a file of sql/,
# from the line after that one to the next `-- name:` line.
sql_section() {
    awk -v name="$1" '/^-- name: / { on = ($3 == name); next } on' "$2"
}
