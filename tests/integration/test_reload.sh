#!/usr/bin/env bash
# How a reload decides: a file unchanged at the source and in its partition
# is not downloaded; rows deleted, a file changed at the source, --verify
# and a table created again compare or merge the file; a plain table keeps
# the probe; file:// and --file use the file's size and mtime.
source "$(dirname "$0")/lib.sh"
start_http_server

generate green 2019 1 5000 81 >/dev/null
generate green 2019 2 3000 82 >/dev/null
STORAGE=/storage/green/green_tripdata_2019-01.csv.gz
bodies() { curl -s "$BASE_URL/_bodies?path=$STORAGE"; }
hits() { curl -s "$BASE_URL/_hits?path=$STORAGE"; }
reset_counters() { curl -s "$BASE_URL/_reset" >/dev/null; }
load_january() { run_etl load --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL" "$@"; }

# partitioned SCHEMA: the layout taxi-etl creates (a partition per file and
# a DEFAULT one), made by hand from a plain table's columns.
partitioned() {
    q "CREATE SCHEMA IF NOT EXISTS $1;
       CREATE TABLE $1.green_tripdata (LIKE seed.green_tripdata) PARTITION BY LIST (filename);
       CREATE TABLE $1.green_2019_01 PARTITION OF $1.green_tripdata
           FOR VALUES IN ('green_tripdata_2019-01.csv');
       CREATE TABLE $1.green_tripdata_default PARTITION OF $1.green_tripdata DEFAULT;" >/dev/null
}
# seed: a plain table, as the course's flow creates it (its CREATE TABLE).
q "CREATE SCHEMA seed" >/dev/null
flow_table seed green
run_etl load --taxi green --year 2019 --month 2 --schema seed --source-url "$RELEASE_URL" --quiet
check_eq "$(q "SELECT relkind FROM pg_class WHERE oid = 'seed.green_tripdata'::regclass")" r \
    "seed is a plain table"
partitioned public

load_january
check_eq "$RC/$(q 'SELECT count(*) FROM public.green_2019_01')" "0/5000" \
    "a first load into a partition made beforehand"
check_eq "$(q "SELECT partition_rows || ' ' || (etag LIKE '\"%\"') || ' ' || (last_modified <> '') FROM taxi_etl.loaded_files WHERE target_schema = 'public'")" \
    "5000 true true" "its validators and its partition's row count are recorded"
before=$(table_fingerprint public.green_tripdata)

# --- unchanged: no body ---------------------------------------------------------------
reset_counters
load_january
check_eq "$RC" 0 "an unchanged reload succeeds"
check_contains "$ERR" "0 inserted, 5000 already present" "it adds nothing"
check_contains "$ERR" "unchanged at the source and in the table" "its summary says it was unchanged"
check_eq "$(hits)/$(bodies)" "1/0" "the storage was asked once and sent no body"
check_eq "$(q "SELECT status || ' ' || rows_inserted || ' ' || bytes_downloaded FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1")" \
    "succeeded 0 0" "it is recorded as a success that downloaded nothing"

# --- rows deleted from the partition -----------------------------------------------------
q "DELETE FROM public.green_2019_01 WHERE unique_row_id IN
   (SELECT unique_row_id FROM public.green_2019_01 ORDER BY unique_row_id LIMIT 7)" >/dev/null
reset_counters
load_january
check_contains "$ERR" "7 inserted" "a reload after rows were deleted puts exactly those back"
check_eq "$(table_fingerprint public.green_tripdata)" "$before" "the table is as it was"
check_eq "$(bodies)" 1 "and it fetched the body"

# --- --verify ---------------------------------------------------------------------------
reset_counters
load_january --verify
check_contains "$ERR" "0 inserted, 5000 already present" "--verify finds the table intact"
check_not_contains "$ERR" "unchanged at the source" "--verify does not take the source's word"
check_eq "$(bodies)" 1 "--verify reads the body"
check_not_contains "$ERR" "differs" "--verify: the file's ids digest as the partition's do"
check_eq "$(q 'SELECT count(*) FROM pg_stat_user_tables WHERE relname = $$taxi_etl_staging$$')" 0 \
    "--verify merges nothing"

# backfill --verify loads a month the history shows as loaded, and compares it
reset_counters
run_etl backfill --taxi green --from 2019-01 --to 2019-01 --verify --source-url "$RELEASE_URL"
check_eq "$RC/$(bodies)" "0/1" "backfill --verify reads the month loaded before"
check_eq "$(table_fingerprint public.green_tripdata)" "$before" "and leaves the table intact"

# --verify whose source fails while the server digests the partition: the
# source's error, and the connection free again to record the run.
run_etl load --quiet --taxi green --year 2019 --month 1 --verify --retries 0 \
    --source-url "$BASE_URL/fault/close-after=20000/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
check_failure 5 "download failed" "--verify, the body cut off"
check_eq "$(q "SELECT status || ' ' || exit_code FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1")" \
    "failed 5" "--verify, the body cut off: recorded"
check_eq "$(table_fingerprint public.green_tripdata)" "$before" "--verify, the body cut off: table intact"

# --- the served file changed: rows added --------------------------------------------------
jan=$WORK/www/green/green_tripdata_2019-01.csv.gz
feb=$WORK/www/green/green_tripdata_2019-02.csv.gz
{ zcat "$jan"; zcat "$feb" | tail -n +2 | head -n 40; } | gzip >"$WORK/new.csv.gz"
mv "$WORK/new.csv.gz" "$jan"
reset_counters
load_january
check_contains "$ERR" "40 inserted, 5000 already present" "a file changed at the source: its new rows are inserted"
check_eq "$(q 'SELECT count(*) FROM public.green_2019_01')" 5040 "into the file's partition"
reset_counters
load_january
check_eq "$(bodies)" 0 "and the next reload of it is unchanged again"

# --- the table dropped and created again: a 304 is not enough -------------------------------
q "DROP TABLE public.green_tripdata" >/dev/null
partitioned public
reset_counters
load_january
check_eq "$RC/$(q 'SELECT count(*) FROM public.green_tripdata')" "0/5040" \
    "a table created again is loaded in full"

# --- a plain table: the probe, as before -------------------------------------------------
run_etl load --taxi green --year 2019 --month 2 --schema seed --source-url "$RELEASE_URL"
check_contains "$ERR" "0 inserted, 3000 already present" "a plain table is reloaded as before"
check_not_contains "$ERR" "unchanged at the source" "with no unchanged shortcut"
check_eq "$(curl -s "$BASE_URL/_bodies?path=/storage/green/green_tripdata_2019-02.csv.gz")" 1 \
    "its reload read the body"

# --- file:// and --file: size and mtime --------------------------------------------------
partitioned byfile
FILE_URL="file://$WORK/www/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
for how in url file; do
    if [ "$how" = url ]; then args=(--year 2019 --month 1 --source-url "$FILE_URL");
    else args=(--file "$jan"); fi
    q "TRUNCATE byfile.green_tripdata" >/dev/null
    q "DELETE FROM taxi_etl.loaded_files WHERE target_schema = 'byfile'" >/dev/null
    run_etl load --taxi green --schema byfile "${args[@]}"
    check_eq "$RC/$(q 'SELECT count(*) FROM byfile.green_2019_01')" "0/5040" "$how: loaded"
    run_etl load --taxi green --schema byfile "${args[@]}"
    check_contains "$ERR" "unchanged at the source and in the table" "$how: an unchanged reload"
    touch "$jan"
    run_etl load --taxi green --schema byfile "${args[@]}"
    check_contains "$ERR" "0 inserted, 5040 already present" "$how: after touch, the rows are compared"
    check_not_contains "$ERR" "unchanged at the source" "$how: after touch, not unchanged"
    check_not_contains "$ERR" "differs" "$how: after touch, the ids match without a merge"
done

finish
