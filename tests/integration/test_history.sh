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
check_eq "$(sed -n 2p "$WORK/stdout" | awk '{ print $1, $5, $6, $7, $8 }')" \
    "5 yellow public 2019-01 succeeded" "history lists the newest run first"
check_eq "$(wc -l <"$WORK/stdout")" 6 "history lists every run (a header and 5 runs)"
run_etl history --taxi green --limit 2 --format json
check_eq "$(python3 -c 'import json, sys; runs = json.load(sys.stdin); print(len(runs), runs[0]["run_id"], runs[0]["status"], runs[1]["status"], runs[1]["labels"]["taxi"])' <"$WORK/stdout")" \
    "2 4 succeeded interrupted green" "--format json, --taxi and --limit"
run_etl history --format csv --limit 4
check_eq "$(python3 -c 'import csv, sys; rows = list(csv.DictReader(sys.stdin)); print(len(rows), rows[3]["status"], rows[3]["exit_code"])' <"$WORK/stdout")" \
    "4 failed 3" "--format csv"
run_etl history --format xml
check_failure 2 "--format" "an unknown format"

# --- history: the table fits 120 columns, with schema, zone and a note ------------
# A 63-byte schema (the longest name PostgreSQL takes), a failure whose
# error is a long URL, and many files. Times in UTC, unless said otherwise.
export PGTZ=UTC
long_schema=a_schema_with_a_very_long_name_that_fills_all_sixty_three_bytes
generate green 2019 2 500 73 >/dev/null
generate green 2019 3 500 74 >/dev/null
run_etl backfill --taxi green --from 2019-01 --to 2019-03 --schema "$long_schema" \
    --source-url "$RELEASE_URL" --quiet
check_eq "$RC" 0 "a backfill of three files into a schema with a 63-byte name"
long_path=$(printf 'very-long-directory-name-%s/' $(seq 8))
run_etl load --taxi green --year 2019 --month 1 --schema "$long_schema" \
    --source-url "$BASE_URL/$long_path{taxi}_tripdata_{year}-{month}.csv.gz"
check_eq "$RC" 3 "a load of a missing file with a long URL fails"
runs_count=$(q "SELECT count(*) FROM taxi_etl.runs")

run_etl history -n 0
check_eq "$RC" 0 "history -n 0 succeeds"
check_eq "$(wc -l <"$WORK/stdout")" "$((runs_count + 1))" "-n 0 lists every run (a header and $runs_count runs)"
check_eq "$(awk 'length($0) > 120' "$WORK/stdout")" "" "no line of the default table is wider than 120 columns"
check_eq "$(head -1 "$WORK/stdout" | tr -s ' ')" "id started took taxi schema file status inserted note" \
    "the default table's columns"
check_eq "$(grep -c ' killed ' "$WORK/stdout")" \
    "$(q "SELECT count(*) FROM taxi_etl.runs WHERE target_schema = 'killed'")" "the schema is shown"
check_contains "$(sed -n 2p "$WORK/stdout")" "  a_schema_wi...  " "a long schema is shown, cut"
check_contains "$(sed -n 2p "$WORK/stdout")" "  2019-01  failed  " "the failed run's month and status"
check_contains "$(sed -n 2p "$WORK/stdout")" "not published: HTTP 404 for" "its error is the note"
check_eq "$(sed -n 2p "$WORK/stdout" | grep -c '\.\.\.$')" 1 "the note is cut, ending in ..."
check_eq "$(tail -n +2 "$WORK/stdout" | grep -Evc '^ *[0-9]+  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\+00  ')" 0 \
    "every start time is shown with its zone (UTC here: +00)"
PGTZ=Asia/Kolkata run_etl history -n 1
check_eq "$(sed -n 2p "$WORK/stdout" | awk '{ print $3 }')" \
    "$(PGTZ=Asia/Kolkata q "SELECT to_char(started_at, 'HH24:MI:SS') FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1")+05:30" \
    "in the session's time zone, with its offset"

# --- history: the filters, compared with a query of the history ---------------
# ids HISTORY-OPTIONS...: the run ids `history --format csv` lists.
ids() {
    run_etl history --format csv "$@"
    python3 -c 'import csv, sys; print(" ".join(r["run_id"] for r in csv.DictReader(sys.stdin)))' <"$WORK/stdout"
}
# expect WHERE DESCRIPTION HISTORY-OPTIONS...: history lists the runs the query finds.
expect() {
    local where=$1 what=$2
    shift 2
    local want
    want=$(q "SELECT coalesce(string_agg(run_id::text, ' ' ORDER BY run_id DESC), '') FROM taxi_etl.runs WHERE $where")
    check_eq "$(ids "$@")" "$want" "$what"
    [ -n "$want" ] || not_ok "$what: the query finds no run, a weak check"
}
q "UPDATE taxi_etl.runs SET started_at = started_at - interval '3 days', finished_at = finished_at - interval '3 days' WHERE run_id IN (1, 2)" >/dev/null
expect "status = 'failed'" "--status failed" --status failed -n 0
expect "status IN ('failed', 'interrupted')" "--status failed,interrupted" --status failed,interrupted -n 0
expect "target_schema = 'killed'" "--schema" --schema killed -n 0
expect "target_schema = '$long_schema' AND status = 'succeeded'" "--schema and --status" \
    --schema "$long_schema" --status succeeded -n 0
expect "file_name = 'green_tripdata_2019-01.csv'" "--file NAME" --file green_tripdata_2019-01.csv -n 0
expect "file_name LIKE 'green\_tripdata\_2019-0_.csv'" "--file with ?" --file 'green_tripdata_2019-0?.csv' -n 0
expect "file_name LIKE '%2019-02%'" "--file with *" --file '*2019-02*' -n 0
check_eq "$(ids --file 'green_tripdata_2019-01_csv' -n 0)" "" "--file: _ is a character, not a pattern"
expect "taxi = 'yellow' AND status = 'succeeded'" "--taxi and --status" --taxi yellow --status succeeded
expect "started_at >= now() - interval '1 day'" "--since 1d" --since 1d -n 0
expect "started_at >= now() - interval '80 hours'" "--since 80h" --since 80h -n 0
expect "started_at >= current_date" "--since a date (today)" --since "$(q 'SELECT current_date')" -n 0
check_eq "$(ids --since "$(q "SELECT current_date + 1")")" "" "--since tomorrow lists nothing"
check_eq "$(ids -n 2)" "$(q "SELECT string_agg(run_id::text, ' ' ORDER BY run_id DESC) FROM (SELECT run_id FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 2) AS r")" \
    "-n 2 lists the newest two"
check_eq "$(ids -n 0 | wc -w)" "$runs_count" "-n 0 lists all"

# Bad filter values: usage errors naming the option and the value.
run_etl history --status done
check_failure 2 "--status must be running, succeeded, failed or interrupted (several: comma separated), not 'done'" "--status done"
run_etl history --status failed,
check_failure 2 "not 'failed,'" "--status with an empty status"
run_etl history --since 3x
check_failure 2 "--since must be a date (2026-12-01) or a duration (90s, 30m, 2h, 3d, 1w), not '3x'" "--since 3x"
run_etl history --since 2026-02-30
check_failure 2 "not '2026-02-30'" "--since a date that does not exist"
run_etl history --schema ''
check_failure 2 "--schema must not be empty" "--schema ''"
run_etl history --file ''
check_failure 2 "--file must not be empty" "--file ''"

# --- history --wide, json and csv: every field -------------------------------------
newest() { q "SELECT $1 FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1"; }
run_etl history --wide -n 1
for column in run_id started_at finished_at schema source labels exit_code error client_host; do
    check_contains "$(head -1 "$WORK/stdout")" "$column" "--wide has the column $column"
done
check_contains "$OUT" "$(newest error)" "--wide shows the whole error"
check_contains "$OUT" "$long_schema" "--wide shows the whole schema"
check_contains "$OUT" "$(newest source)" "--wide shows the source"
run_etl history --format json -n 0
check_eq "$(python3 -c '
import json, sys
r = json.load(sys.stdin)[0]
print(r["schema"], r["source"], r["started_at"], r["finished_at"], r["labels"]["taxi"], r["error"], sep="|")' <"$WORK/stdout")" \
    "$(newest "concat_ws('|', target_schema, source, to_char(started_at, 'YYYY-MM-DD\"T\"HH24:MI:SSTZH:TZM'), to_char(finished_at, 'YYYY-MM-DD\"T\"HH24:MI:SSTZH:TZM'), labels->>'taxi', error)")" \
    "json carries schema, source, start and end with their zone, labels and the error"
run_etl history --format csv -n 0
check_eq "$(head -1 "$WORK/stdout" | tr -d '\r')" \
    "run_id,started,taxi,file,status,rows_read,rows_inserted,rows_present,bytes_downloaded,seconds,labels,exit_code,error,schema,source,started_at,finished_at,client_host,client_pid,taxi_etl_version" \
    "csv: the fields history always had, in their order, then the new ones"
check_eq "$(python3 -c 'import csv, sys; print(sum(1 for r in csv.DictReader(sys.stdin) if r["started_at"].endswith("+00:00")))' <"$WORK/stdout")" \
    "$runs_count" "csv: every start with its offset"

# --- history on a database where nothing was loaded -----------------------------
createdb "${TEST_DB}_empty"
PGDATABASE="${TEST_DB}_empty" run_etl history --status failed --since 1d --schema x --file 'y*' -n 0
check_eq "$RC/$(cat "$WORK/stdout" | tr -s ' ')" "0/id started took taxi schema file status inserted note" \
    "history with filters where nothing was loaded: the header, no run"
PGDATABASE="${TEST_DB}_empty" run_etl history --wide --format json
check_eq "$RC/$OUT" "0/[]" "and json, an empty array"
check_eq "$(PGDATABASE="${TEST_DB}_empty" q "SELECT count(*) FROM pg_namespace WHERE nspname = 'taxi_etl'")" 0 \
    "history created nothing"
dropdb --force "${TEST_DB}_empty"

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
