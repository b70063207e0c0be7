#!/usr/bin/env bash
# Secrets (issue 13, items 3-5): no password of --db, of PGPASSWORD or of a
# URL (nor a URL's query string) is printed, recorded in the run history, or
# left in the process's arguments for ps to show. And a --source-url or
# --zones-url that is not an http, https or file URL fails with exit 2
# before the network or the database. Every secret here holds "Secret", so
# one search finds any of them, or any half of one.
source "$(dirname "$0")/lib.sh"
start_http_server
PORT=$(cat "$WORK/port")
PG_PORT=${PGPORT:-5432}

# A login role of this test's own, with a password to look for.
ROLE="taxi_etl_secrets_$$"
q "CREATE ROLE $ROLE LOGIN SUPERUSER PASSWORD 'Db Secret/1'" ||
    { echo "not ok - cannot create a role"; exit 1; }
trap 'cleanup; psql -Xq -d postgres -c "DROP ROLE IF EXISTS $ROLE" >/dev/null 2>&1' EXIT
DB_OK="host=127.0.0.1 port=$PG_PORT dbname=$TEST_DB user=$ROLE password='Db Secret/1'"

# without_pgpassword COMMAND...: so that the password in --db is the one used.
without_pgpassword() {
    local saved=${PGPASSWORD-}
    unset PGPASSWORD
    "$@"
    if [ -n "$saved" ]; then export PGPASSWORD=$saved; fi
}

runs() { q "SELECT count(*) FROM taxi_etl.runs"; }

# check_no_secret WHAT: the last run showed no secret, and the history
# (every column of every run) holds none.
check_no_secret() {
    check_not_contains "$ERR" "Secret" "$1: stderr shows no secret"
    check_not_contains "$OUT" "Secret" "$1: stdout shows no secret"
    check_eq "$(q "SELECT count(*) FROM taxi_etl.runs r WHERE r::text LIKE '%Secret%'")" 0 \
        "$1: the run history holds no secret"
}

good=$(generate green 2019 1 2000 71)
generate green 2019 2 2000 72 >/dev/null
FILES="127.0.0.1:$PORT/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"

# --- a URL's user name, password, query string and fragment (item 4) --------
without_pgpassword run_etl load --taxi green --year 2019 --month 1 --db "$DB_OK" \
    --source-url "http://etl:Url%2FSecret@$FILES?token=QuerySecret#FragSecret"
check_eq "$RC" 0 "a load with the password in --db and in the URL succeeds"
check_no_secret "a URL with a password and a token"
check_eq "$(q "SELECT source FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1")" \
    "http://127.0.0.1:$PORT/files/green/green_tripdata_2019-01.csv.gz" \
    "the history records the URL without user, password and query"
before=$(table_fingerprint green_tripdata)

run_etl load --quiet --taxi green --year 2019 --month 3 --retries 0 \
    --source-url "http://etl:Url%2FSecret@127.0.0.1:$PORT/fault/status=500/files/{taxi}/x.csv.gz?t=QuerySecret"
check_failure 5 "download failed: HTTP 500 for http://127.0.0.1:$PORT/fault/status=500/files/green/x.csv.gz" \
    "a URL with a password that fails"
check_recorded failed "a URL with a password that fails"
check_no_secret "a URL with a password that fails"

# A raw '/', '?' or '#' in the password: libcurl cannot read the URL (the
# password's start is taken for a port), so nothing of it is shown.
for url in "http://etl:Secret/x?y#z@$FILES" "http://etl:Secret?x@$FILES" \
    "http://etl:Secret#x@$FILES" "https://etl:Secret/1@$FILES"; do
    runs_before=$(runs)
    run_etl load --taxi green --year 2019 --month 3 --source-url "$url"
    check_failure 2 "--source-url is not a URL libcurl can read" "password with a raw / ? or #: $url"
    check_no_secret "password with a raw / ? or #"
    check_eq "$(runs)" "$runs_before" "password with a raw / ? or #: no run recorded"
done
run_etl backfill --taxi green --from 2019-01 --to 2019-02 --source-url "http://etl:Secret/x@$FILES"
check_failure 2 "--source-url is not a URL libcurl can read" "backfill, password with a raw /"
check_no_secret "backfill, password with a raw /"
run_etl load --taxi green --year 2019 --month 3 --source-url "http://u:Secret@127.0.0.1/{Secret}"
check_failure 2 "unknown placeholder" "a template with a password and a bad placeholder"
check_no_secret "a template with a password and a bad placeholder"
run_etl load --taxi green --year 2019 --month 3 --source-url "http://u:Secret@127.0.0.1/{taxi"
check_failure 2 "unclosed" "a template with a password and an unclosed placeholder"
check_no_secret "a template with a password and an unclosed placeholder"

# --- URLs that are not http, https or file: exit 2, before anything --------
# A run that took the default URL would meet a dead proxy, not the internet.
export ALL_PROXY="http://127.0.0.1:1" NO_PROXY="127.0.0.1"
# usage_url DESCRIPTION PATTERN ARGS...: exit 2 with one line naming the
# problem, no run recorded, no request to the HTTP server, table unchanged.
usage_url() {
    local description=$1 pattern=$2
    shift 2
    local runs_before requests_before
    runs_before=$(runs)
    requests_before=$(wc -l <"$WORK/http.log")
    run_etl "$@"
    check_failure 2 "$pattern" "$description"
    check_eq "$(runs)" "$runs_before" "$description: no run recorded"
    check_eq "$(wc -l <"$WORK/http.log")" "$requests_before" "$description: no request sent"
    check_eq "$(table_fingerprint green_tripdata)" "$before" "$description: the table is unchanged"
}
LOAD="load --taxi green --year 2019 --month 3"
usage_url "--source-url ftp://" "must be an http://, https:// or file:// URL, not ftp://127.0.0.1:$PORT/green.csv.gz" \
    $LOAD --source-url "ftp://127.0.0.1:$PORT/{taxi}.csv.gz"
usage_url "--source-url a bare path" "--source-url must be an http://, https:// or file:// URL" \
    $LOAD --source-url "$WORK/www/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
usage_url "--source-url with a space" "--source-url is not a URL libcurl can read" \
    $LOAD --source-url "http://127.0.0.1:$PORT/files/{taxi}/a b.csv.gz"
usage_url "--source-url ''" "--source-url must not be empty" $LOAD --source-url ""
usage_url "backfill --source-url ftp://" "must be an http://, https:// or file:// URL" \
    backfill --taxi green --from 2019-01 --to 2019-02 --source-url "ftp://127.0.0.1:$PORT/{taxi}"
usage_url "backfill --source-url ''" "--source-url must not be empty" \
    backfill --taxi green --from 2019-01 --to 2019-02 --source-url ""
usage_url "--zones-url ftp://" "--zones-url must be an http://, https:// or file:// URL, not ftp://" \
    transform --zones-url "ftp://127.0.0.1:$PORT/zones.csv"
usage_url "--zones-url with a space" "--zones-url is not a URL libcurl can read" \
    transform --zones-url "http://127.0.0.1:$PORT/files/a b.csv"
usage_url "--zones-url ''" "--zones-url must not be empty" transform --zones-url ''
usage_url "load --transform --zones-url ''" "--zones-url must not be empty" \
    $LOAD --source-url "http://$FILES" --transform --zones-url ''
usage_url "load --transform --zones-url ftp://" "--zones-url must be an http://" \
    $LOAD --source-url "http://$FILES" --transform --zones-url "ftp://127.0.0.1:$PORT/zones.csv"
unset ALL_PROXY NO_PROXY
python3 "$(dirname "$0")/../tools/make_zones.py" "$WORK/zones.csv"
run_etl transform --quiet --zones-url "$WORK/zones.csv"
check_eq "$RC" 0 "--zones-url still takes a local path"

# --- what libpq says about a --db it cannot parse (item 3) ------------------
# db_case DESCRIPTION DB PATTERN: a load with --db DB fails with exit 6, in
# the environment ETL_ENV adds to.
ETL_ENV=()
db_case() {
    local description=$1 db=$2 pattern=$3
    local runs_before
    runs_before=$(runs)
    env "${ETL_ENV[@]}" "$TAXI_ETL" load --quiet --taxi green --year 2019 --month 2 \
        --source-url "http://$FILES" --db "$db" >"$WORK/stdout" 2>"$WORK/stderr"
    RC=$?
    OUT=$(cat "$WORK/stdout")
    ERR=$(cat "$WORK/stderr")
    check_failure 6 "$pattern" "$description"
    check_no_secret "$description"
    check_eq "$(runs)" "$runs_before" "$description: no run recorded"
}
db_case "an unclosed IPv6 address in a --db URI" "postgresql://etl:Secret@[::1/db" \
    'in IPv6 host address in URI: "***"'
db_case "a bad %-escape in a --db URI's password" "postgresql://etl:Db%zzSecret@localhost/db" \
    'invalid percent-encoded token: "***"'
db_case "an unquoted space in a --db password" "password=Db Secret host=localhost" \
    'missing "=" after "***" in connection info string'
db_case "a raw / in a --db URI's password" "postgresql://etl:Secret/1@localhost/db" \
    'invalid integer value "***" for connection option "port"'

# Wrong passwords: the server refuses, and says so without the password.
if PGPASSWORD=wrong psql -Xq -h 127.0.0.1 -p "$PG_PORT" -U "$ROLE" -c "SELECT 1" >/dev/null 2>&1; then
    ok "# SKIP the server does not ask for passwords"
else
    db_case "a --db URI with a wrong password" \
        "postgresql://$ROLE:WrongSecret@127.0.0.1:$PG_PORT/$TEST_DB" "password authentication failed"
    ETL_ENV=(PGPASSWORD=PgSecret)
    db_case "a wrong PGPASSWORD" \
        "host=127.0.0.1 port=$PG_PORT dbname=$TEST_DB user=$ROLE" "password authentication failed"
    ETL_ENV=()
fi

# --- ps and /proc/PID/cmdline during a run (item 5) -------------------------
# The run waits in its merge for the lock another session holds.
hold_merge_lock 60
env -u PGPASSWORD "$TAXI_ETL" load --taxi green --year 2019 --month 2 --db "$DB_OK" \
    --source-url "http://etl:UrlSecret@$FILES?token=QuerySecret" \
    --zones-url="http://z:ZonesSecret@127.0.0.1:$PORT/zones.csv" \
    >"$WORK/stdout" 2>"$WORK/stderr" &
pid=$!
for _ in $(seq 200); do grep -q "waiting for another run" "$WORK/stderr" && break; sleep 0.1; done
check_contains "$(cat "$WORK/stderr")" "waiting for another run" "the load waits for the lock"
cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline")
check_not_contains "$cmdline" "Secret" "/proc/PID/cmdline holds no secret while the load runs"
check_contains "$cmdline" "load --taxi green --year 2019 --month 2 --db x" \
    "the other arguments are as given"
check_contains "$(ps -o args= -p "$pid")" "--zones-url=xxx" "ps shows the option, not its value"
release_session
wait "$pid"
RC=$?
OUT=$(cat "$WORK/stdout")
ERR=$(cat "$WORK/stderr")
check_eq "$RC" 0 "the load then succeeds"
check_no_secret "a load with secrets in --db and --source-url"

finish
