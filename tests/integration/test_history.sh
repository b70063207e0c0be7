#!/usr/bin/env bash
# The run history (taxi_etl.runs), `history`, `status` and `cron`: success,
# failure with its error, a run killed with kill -9 later shown as
# interrupted, and the months loaded and missing.
source "$(dirname "$0")/lib.sh"
start_http_server

generate green 2019 1 20000 71 >/dev/null
generate yellow 2019 1 3000 72 >/dev/null
run() { q "SELECT $1 FROM taxi_etl.runs WHERE run_id = (SELECT max(run_id) FROM taxi_etl.runs)"; }

# --- success and failure ------------------------------------------------------------
run_etl load --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL"
check_eq "$RC" 0 "a first load succeeds"
check_eq "$(run "status || ' ' || rows_read || ' ' || rows_inserted || ' ' || rows_present")" \
    "succeeded 20000 20000 0" "its run is recorded with its counts"
check_eq "$(run "labels->>'taxi' || ' ' || (labels->>'file') || ' ' || coalesce(labels->>'backfill', 'none')")" \
    "green green_tripdata_2019-01.csv none" "with the labels taxi and file, and no backfill label"
check_eq "$(run "bytes_downloaded = $(stat -c %s "$WORK/www/green/green_tripdata_2019-01.csv.gz") AND finished_at >= started_at")" \
    "t" "with the bytes downloaded and its times"

run_etl load --taxi green --year 2019 --month 4 --source-url "$RELEASE_URL"
check_eq "$RC" 3 "a load of a missing month fails"
check_eq "$(run "status || ' ' || exit_code")" "failed 3" "the failed run is recorded with its exit code"
check_contains "$(run error)" "not published: HTTP 404" "and its error message"

# --- kill -9 in the middle of a load ----------------------------------------------------
"$TAXI_ETL" load --taxi green --year 2019 --month 1 --schema killed \
    --source-url "$BASE_URL/fault/slow=100000/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz" 2>/dev/null &
victim=$!
for _ in $(seq 100); do
    [ "$(q "SELECT count(*) FROM taxi_etl.runs WHERE target_schema = 'killed' AND status = 'running'")" = 1 ] && break
    sleep 0.1
done
sleep 0.5
kill -9 $victim
wait $victim 2>/dev/null
check_eq "$(q "SELECT status FROM taxi_etl.runs WHERE target_schema = 'killed'")" "running" \
    "a run killed with kill -9 is left 'running'"
sleep 0.5 # the server notices the closed connection and ends the backend
run_etl history --format csv
check_contains "$OUT" "green_tripdata_2019-01.csv,interrupted" \
    "history shows it 'interrupted', its backend being gone"
check_eq "$(q "SELECT status FROM taxi_etl.runs WHERE target_schema = 'killed'")" "running" \
    "without writing: marking it is a writer's job"
check_eq "$(q "SELECT count(*) FROM pg_tables WHERE schemaname = 'killed'")" 0 \
    "the killed run left nothing behind"
run_etl load --taxi green --year 2019 --month 1 --schema killed --source-url "$RELEASE_URL"
check_eq "$RC/$(q 'SELECT count(*) FROM killed.green_tripdata')" "0/20000" \
    "the same load run again succeeds with the right row count"
check_eq "$(q "SELECT status FROM taxi_etl.runs WHERE target_schema = 'killed' ORDER BY run_id LIMIT 1")" \
    "interrupted" "that load, a writer, marked the killed run 'interrupted'"

# --- history --------------------------------------------------------------------------
run_etl load --taxi yellow --year 2019 --month 1 --source-url "$RELEASE_URL" --quiet
run_etl history
check_eq "$RC" 0 "history succeeds"
check_eq "$(sed -n 2p "$WORK/stdout" | awk '{ print $1, $4, $5, $6 }')" \
    "5 yellow yellow_tripdata_2019-01.csv succeeded" "history lists the newest run first"
check_eq "$(wc -l <"$WORK/stdout")" 6 "history lists every run (a header and 5 runs)"
run_etl history --taxi green --limit 2 --format json
check_eq "$(python3 -c 'import json, sys; runs = json.load(sys.stdin); print(len(runs), runs[0]["run_id"], runs[0]["status"], runs[1]["status"], runs[1]["labels"]["taxi"])' <"$WORK/stdout")" \
    "2 4 succeeded interrupted green" "--format json, --taxi and --limit"
run_etl history --format csv --limit 4
check_eq "$(python3 -c 'import csv, sys; rows = list(csv.DictReader(sys.stdin)); print(len(rows), rows[3]["status"], rows[3]["exit_code"])' <"$WORK/stdout")" \
    "4 failed 3" "--format csv"
run_etl history --format xml
check_failure 2 "--format" "an unknown format"

# --- status ----------------------------------------------------------------------------
run_etl status
check_eq "$RC" 0 "status succeeds"
check_contains "$OUT" "green (public.green_tripdata): 1 of 31 published months loaded, 20000 rows" \
    "status counts the loaded months and rows"
check_contains "$OUT" "  2019  ok  --  --  --" "status shows 2019-01 loaded and the next months not"
check_contains "$OUT" "missing: 2019-02..2021-07" "status lists the missing months"
check_contains "$OUT" "yellow (public.yellow_tripdata): 1 of 31" "status covers every kind"
run_etl status --taxi green --schema killed
check_contains "$OUT" "green (killed.green_tripdata): 1 of 31" "status of another schema"
check_not_contains "$OUT" "yellow" "status --taxi shows one kind"

# --- cron ----------------------------------------------------------------------------
PGDATABASE=ny_taxi run_etl cron
check_eq "$RC" 0 "cron succeeds"
check_contains "$OUT" "0 9 1 * *   $TAXI_ETL sync --taxi green --quiet" \
    "cron prints the course's green schedule with the binary's absolute path"
check_contains "$OUT" "0 10 1 * *  $TAXI_ETL sync --taxi yellow --quiet" \
    "cron prints the course's yellow schedule"
check_contains "$OUT" "PGDATABASE=ny_taxi" "cron takes the connection from the environment"
run_etl cron --taxi yellow --source-url 'http://mirror/%41/{taxi}'
check_not_contains "$OUT" "--taxi green" "cron --taxi yellow schedules yellow only"
check_contains "$OUT" "--source-url 'http://mirror/\\%41/{taxi}'" "a % in a crontab line is escaped"

finish
