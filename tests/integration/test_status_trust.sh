#!/usr/bin/env bash
# A month counts as loaded only while the table holds it: status and
# backfill and sync after DROP, a table created again by the course's flow, TRUNCATE
# and deleted rows; status --verify and --format json; history and status
# as a reader (SELECT only, a read-only session) that writes nothing.
source "$(dirname "$0")/lib.sh"
start_http_server

for month in 1 2 3; do generate green 2019 $month 2000 $((80 + month)) >/dev/null; done
total=$(q "SELECT 6000") # the three months' rows (no id repeats in them)
count() { q "SELECT count(*) FROM ${1:-public}.green_tripdata"; }
backfill() { run_etl backfill --taxi green --from 2019-01 --to 2019-03 --source-url "$RELEASE_URL" "$@"; }

# --- readers create nothing -----------------------------------------------------------
run_etl status --taxi green
check_eq "$RC" 0 "status succeeds on a database without the taxi_etl schema"
check_contains "$OUT" "green (public.green_tripdata): 0 of 31 published months loaded, 0 rows" \
    "and shows every month not loaded"
run_etl history
check_eq "$RC" 0 "history succeeds there too"
check_eq "$(q "SELECT count(*) FROM pg_namespace WHERE nspname = 'taxi_etl'")" 0 \
    "neither created the taxi_etl schema"

# --- a table partitioned by file: truncated, rows deleted, dropped ---------------------
backfill --quiet
check_eq "$RC/$(count)" "0/$total" "a backfill loads three months"
run_etl status --taxi green
check_contains "$OUT" "3 of 31 published months loaded, $total rows" "status counts them"

q "TRUNCATE green_tripdata"
run_etl status --taxi green
check_contains "$OUT" "0 of 31 published months loaded, 0 rows" "after TRUNCATE, status counts none"
check_contains "$OUT" "  2019  --  --  --  --" "and shows them not loaded"
check_contains "$OUT" "  not held: 2019-01..2019-03 (table truncated since it was loaded)" \
    "with the reason"
backfill
check_eq "$RC/$(count)" "0/$total" "backfill loads the truncated months again, every row back"
check_contains "$ERR" "2019-01: loading again: table truncated since it was loaded (run " \
    "and says why"

q "DELETE FROM green_tripdata WHERE unique_row_id IN (SELECT unique_row_id FROM green_tripdata WHERE filename = 'green_tripdata_2019-02.csv' LIMIT 7)"
run_etl status --taxi green
check_contains "$OUT" "  not held: 2019-02 (rows missing: 7 of 2000)" \
    "a partition with rows deleted is reported"
check_contains "$OUT" "2 of 31 published months loaded, 4000 rows" "and not counted"
backfill --quiet
check_eq "$RC/$(count)" "0/$total" "backfill puts the deleted rows back"

q "DROP TABLE green_tripdata"
run_etl status --taxi green --format json
check_eq "$(python3 -c 'import json, sys; k = json.load(sys.stdin)[0]; m = k["months"]; print(k["taxi"], k["table"], k["loaded_months"], k["published_months"], len(m), m[0]["month"], m[0]["state"], m[0]["reason"], m[3]["state"], "reason" in m[3])' <"$WORK/stdout")" \
    "green public.green_tripdata 0 31 31 2019-01 not loaded table dropped since it was loaded not loaded False" \
    "status --format json: after DROP TABLE, each month with its state and reason"
backfill --quiet
check_eq "$RC/$(count)" "0/$total" "backfill loads the dropped table's months again"
run_etl status --taxi green --format json
check_eq "$(python3 -c 'import json, sys; k = json.load(sys.stdin)[0]; m = k["months"]; print(k["loaded_months"], k["rows"], m[0]["state"], m[0]["rows"])' <"$WORK/stdout")" \
    "3 $total loaded 2000" "and status --format json shows them loaded"

# --- a plain table: created again by the course's flow, truncated, a row deleted -------
backfill --quiet --schema course
check_eq "$RC/$(count course)" "0/$total" "a backfill into another schema"
q "DROP TABLE course.green_tripdata"
flow green "$WORK/www/green/green_tripdata_2019-01.csv.gz" course
run_etl status --taxi green --schema course
check_contains "$OUT" "  not held: 2019-01..2019-03 (table created again since it was loaded)" \
    "a table the course's flow created again is not the table loaded into"
backfill --schema course
check_eq "$RC/$(count course)" "0/$total" "backfill loads the months into the flow's table"
check_contains "$ERR" "2019-03: loading again: table created again" "saying why"

q "TRUNCATE course.green_tripdata"
run_etl status --taxi green --schema course
check_contains "$OUT" "  not held: 2019-01..2019-03 (table truncated since it was loaded)" \
    "a plain table truncated is reported"
backfill --quiet --schema course
check_eq "$RC/$(count course)" "0/$total" "and loaded again"

q "VACUUM FULL course.green_tripdata"
run_etl status --taxi green --schema course
check_contains "$OUT" "3 of 31 published months loaded" "VACUUM FULL keeps the rows: still held"
run_etl status --taxi green --schema course --verify
check_contains "$OUT" "3 of 31 published months loaded" "status --verify agrees"
q "DELETE FROM course.green_tripdata WHERE ctid = (SELECT ctid FROM course.green_tripdata WHERE filename = 'green_tripdata_2019-03.csv' LIMIT 1)"
run_etl status --taxi green --schema course
check_contains "$OUT" "3 of 31 published months loaded" \
    "the cheap check cannot see a row deleted from a plain table"
run_etl status --taxi green --schema course --verify
check_contains "$OUT" "  not held: 2019-03 (rows missing: 1 of 2000)" "status --verify does"
check_contains "$OUT" "verified: every month's rows counted" "and says what it compared"

# --- sync reloads what the table lost, as backfill does ------------------------------
sync() { run_etl sync --taxi green --from 2019-01 --to 2019-04 --source-url "$RELEASE_URL" "$@"; }
sync --quiet
check_eq "$RC/$OUT$ERR" "0/" "sync with every published month held is silent"
q "TRUNCATE green_tripdata"
sync
check_eq "$RC/$(count)" "0/$total" "sync loads the truncated months again"
check_contains "$ERR" "2019-02: loading again: table truncated since it was loaded (run " \
    "and says why"
q "DROP TABLE green_tripdata"
sync --quiet
check_eq "$RC/$(count)" "0/$total" "sync loads the dropped table's months again"
q "DROP TABLE green_tripdata"
flow green "$WORK/www/green/green_tripdata_2019-01.csv.gz"
sync
check_eq "$RC/$(count)" "0/$total" "sync loads the months into a table the course's flow created again"
check_contains "$ERR" "2019-03: loading again: table created again since it was loaded" \
    "and says why"

# --- readers: SELECT only, a read-only session; a killed run --------------------------
q "INSERT INTO taxi_etl.runs (taxi, target_schema, file_name, source, labels, status, backend_pid, taxi_etl_version)
   VALUES ('green', 'public', 'green_tripdata_2019-05.csv', 'x', '{}', 'running', 2147483647, 'test')"
reader="taxi_etl_reader_$$"
q "CREATE ROLE $reader LOGIN PASSWORD 'reader'"
q "GRANT USAGE ON SCHEMA public, course, taxi_etl TO $reader; GRANT SELECT ON ALL TABLES IN SCHEMA public, course, taxi_etl TO $reader"
PGUSER=$reader PGPASSWORD=reader run_etl history --format csv --limit 1
check_eq "$RC" 0 "history works for a role with SELECT only"
check_contains "$OUT" "green_tripdata_2019-05.csv,interrupted" \
    "and shows a run whose backend is gone as interrupted"
check_eq "$(q "SELECT status FROM taxi_etl.runs WHERE file_name = 'green_tripdata_2019-05.csv'")" \
    "running" "without updating it"
PGUSER=$reader PGPASSWORD=reader run_etl status --taxi green
check_eq "$RC" 0 "status works for a role with SELECT only"
check_contains "$OUT" "3 of 31 published months loaded, $total rows" "with the same counts"
check_contains "$OUT" "  2019  ok  ok  ok  --  !!" "and the interrupted month"
PGOPTIONS="$PGOPTIONS -c default_transaction_read_only=on" run_etl status
check_eq "$RC" 0 "status works in a read-only session"
PGOPTIONS="$PGOPTIONS -c default_transaction_read_only=on" run_etl history
check_eq "$RC" 0 "history works in a read-only session"
q "DROP OWNED BY $reader; DROP ROLE $reader"

# --- an older bookkeeping version is read as it is ---------------------------------------
q "DROP TABLE taxi_etl.zone_lookups; ALTER TABLE taxi_etl.loaded_files DROP COLUMN relfilenode; DELETE FROM taxi_etl.schema_version WHERE version >= 4"
run_etl status --taxi green
check_eq "$RC" 0 "status reads bookkeeping version 3"
check_contains "$OUT" "3 of 31 published months loaded, $total rows" "as it is"
check_eq "$(q "SELECT max(version) FROM taxi_etl.schema_version")" 3 "without upgrading it"

finish
