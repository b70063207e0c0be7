#!/usr/bin/env bash
# Loading green and yellow months end to end: over HTTP with GitHub's
# redirect, from file:// and from a local file; ids, file names, row counts,
# and a second load that adds nothing.
source "$(dirname "$0")/lib.sh"
start_http_server

GREEN_ROWS=30000
YELLOW_ROWS=40000
generate green 2019 1 "$GREEN_ROWS" 11 >/dev/null
generate green 2020 4 5000 12 >/dev/null
yellow_file=$(generate yellow 2019 3 "$YELLOW_ROWS" 13)

# --- green over HTTP, following the 302 -------------------------------------
run_etl load --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL"
check_eq "$RC" 0 "green 2019-01 loads over HTTP"
check_contains "$(cat "$WORK/http.log")" "302" "the release URL answered with a redirect"
check_eq "$(q 'SELECT count(*) FROM green_tripdata')" "$GREEN_ROWS" \
    "every row of the file is in the table, duplicates included"
check_eq "$(q "SELECT count(*) FROM green_tripdata WHERE unique_row_id IS DISTINCT FROM $(flow_row_id lpep_pickup_datetime lpep_dropoff_datetime)")" \
    0 "every unique_row_id equals the course's md5 expression on the stored row"
check_eq "$(q "SELECT string_agg(DISTINCT filename, ',') FROM green_tripdata")" \
    "green_tripdata_2019-01.csv" "filename is the CSV name without .gz"
check_contains "$ERR" "green_tripdata_2019-01.csv: $GREEN_ROWS rows read, $GREEN_ROWS inserted, 0 already present" \
    "the summary reports what was read and inserted"
check_contains "$ERR" "rows/s" "the summary reports the throughput"
duplicates=$(q "SELECT count(*) - count(DISTINCT unique_row_id) FROM green_tripdata")
if [ "$duplicates" -gt 0 ]; then ok "rows repeated in the file were all kept ($duplicates)"; \
else not_ok "the generated file has exact duplicates, the table none"; fi

before=$(table_fingerprint green_tripdata)
run_etl load --taxi green --year 2019 --month 01 --source-url "$RELEASE_URL"
check_eq "$RC" 0 "loading the same month again succeeds"
check_contains "$ERR" "green_tripdata_2019-01.csv: unchanged at the source and in the table, 0 inserted, $GREEN_ROWS already present, nothing downloaded" \
    "a second load inserts nothing, and downloads nothing"
check_eq "$(table_fingerprint green_tripdata)" "$before" "a second load changes nothing"

# --- a month loaded before is first compared with the table (pickups and ids
# only); rows deleted since make it load the file in full, and they come back.
q "DELETE FROM green_tripdata WHERE unique_row_id IN (
     SELECT unique_row_id FROM green_tripdata GROUP BY 1 HAVING count(*) = 1 ORDER BY 1 LIMIT 25)" >/dev/null
run_etl load --taxi green --year 2019 --month 01 --source-url "$RELEASE_URL"
check_eq "$RC" 0 "loading a month again after rows were deleted succeeds"
check_contains "$ERR" "public.green_tripdata holds $((GREEN_ROWS - 25)) rows of green_tripdata_2019-01.csv, $GREEN_ROWS when it was loaded: loading it in full" \
    "the comparison says what is missing"
check_contains "$ERR" "$GREEN_ROWS rows read, 25 inserted, $((GREEN_ROWS - 25)) already present" \
    "the deleted rows are inserted again, and only they"
check_eq "$(table_fingerprint green_tripdata)" "$before" "the table is as it was before the delete"

# --- rows on days the table has no rows of skip the lookup: a file mixing
# rows already loaded with rows of a new day (each twice, as an exact
# duplicate) inserts exactly the new ones, duplicates included. ---
zcat "$WORK/www/green/green_tripdata_2019-01.csv.gz" | awk -F, -v OFS=, '
    NR == 1 || (NR >= 2 && NR <= 101) { print; next }
    NR <= 151 { $2 = sprintf("2019-03-15 10:%02d:%02d", NR % 60, NR % 59); $3 = "2019-03-15 11:00:00"
                print; print }' | gzip >"$WORK/mixed.csv.gz"
run_etl load --taxi green --file "$WORK/mixed.csv.gz"
check_contains "$ERR" "mixed.csv: 200 rows read, 100 inserted, 100 already present" \
    "rows of a new day go in without a lookup, rows already loaded do not"
# --verify: the file unchanged, its rows are still compared; its partition
# lacks the 100 rows other files hold, so the file is merged, finding them.
run_etl load --taxi green --file "$WORK/mixed.csv.gz" --verify
check_contains "$ERR" "mixed.csv: 200 rows read, 0 inserted, 200 already present" \
    "loaded again, the new day's rows are found"
q "DELETE FROM green_tripdata WHERE filename = 'mixed.csv'" >/dev/null

# --- another month adds its rows under its own name ------------------------
run_etl load --taxi green --year 2020 --month 4 --source-url "$BASE_URL/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz" --quiet
check_eq "$RC" 0 "a second month loads from a plain HTTP URL"
check_eq "$ERR" "" "--quiet prints nothing on success"
check_eq "$(q "SELECT count(*) FROM green_tripdata WHERE filename = 'green_tripdata_2020-04.csv'")" \
    5000 "the second month's rows carry its file name"

# --- yellow from file:// -----------------------------------------------------
run_etl load --taxi yellow --year 2019 --month 3 \
    --source-url "file://$WORK/www/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
check_eq "$RC" 0 "yellow 2019-03 loads from a file:// URL"
check_eq "$(q 'SELECT count(*) FROM yellow_tripdata')" "$YELLOW_ROWS" "yellow row count equals the file's rows"
check_eq "$(q "SELECT count(*) FROM yellow_tripdata WHERE unique_row_id IS DISTINCT FROM $(flow_row_id tpep_pickup_datetime tpep_dropoff_datetime)")" \
    0 "yellow ids equal the course's md5 expression"
check_eq "$(q "SELECT count(*) FROM yellow_tripdata WHERE filename <> 'yellow_tripdata_2019-03.csv'")" \
    0 "yellow filename is right"
check_eq "$(q "SELECT count(*) FROM yellow_tripdata WHERE congestion_surcharge IS NULL")" \
    "$(zcat "$yellow_file" | tail -n +2 | awk -F, '$18 == ""' | wc -l)" \
    "empty fields are stored as NULL"

# --- values whose id text is tricky: the client computes the ids it is sure
# of and leaves the others to PostgreSQL; all must equal the course's. ---
header=$(zcat "$WORK/www/green/green_tripdata_2019-01.csv.gz" | head -1)
{
    echo "$header"
    for value in 6 6.0 .86 -0 0.0 1e15 1e-5 0.00001 1234567890123456789 0.30000000000000004 \
                 "\" 7.5\"" +2.5 1.5E2 123456789.123456789 5e-324 0.000099 999999999999999; do
        echo "2,2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,\"7\",1,$value,$value,0,0,0,0,,0,1,1,1,"
    done
    echo "\"1\",2019-02-28 23:59:59,\"2019-03-01 00:00:00\",\"a,\"\"b\",1,1,1,1,1,1,0,0,0,0,,0,1,1,1,"
    echo ",2019-01-01T00:46:40,2019-01-01 00:53:20.5,,,,,,,,,,,,,,,,,"
    echo "1,2019-01-01 00:46:40,2019-01-01 00:53:20,,,,,,,,,,,,,,,,,"
} | gzip >"$WORK/tricky.csv.gz"
# A first load into a schema COPYs straight into the table it creates; a
# load into a table that exists goes through staging and the merge. Both
# must give the course's ids.
run_etl load --taxi green --file "$WORK/tricky.csv.gz" --schema tricky
check_eq "$RC" 0 "a file with tricky numbers, quotes and timestamp forms loads"
check_eq "$(q "SELECT count(*) || '/' || count(*) FILTER (WHERE unique_row_id = $(flow_row_id lpep_pickup_datetime lpep_dropoff_datetime)) FROM tricky.green_tripdata")" \
    "20/20" "first load into a new table: every tricky row's id equals the course's md5 expression"
check_eq "$(q "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'tricky' AND table_name LIKE 'green_tripdata%' AND column_name = 'filename' AND column_default IS NOT NULL")" \
    0 "the filename column of the new table and of its partitions has no default left"
run_etl load --taxi green --file "$WORK/tricky.csv.gz"
check_eq "$(q "SELECT count(*) || '/' || count(*) FILTER (WHERE unique_row_id = $(flow_row_id lpep_pickup_datetime lpep_dropoff_datetime)) FROM green_tripdata WHERE filename = 'tricky.csv'")" \
    "20/20" "merge into a table with rows: every tricky row's id equals the course's md5 expression"

# --- a local file, compressed or not ---------------------------------------
zcat "$yellow_file" >"$WORK/yellow_plain.csv"
run_etl load --taxi yellow --file "$WORK/yellow_plain.csv"
check_eq "$RC" 0 "a plain local .csv loads"
check_contains "$ERR" "yellow_plain.csv: $YELLOW_ROWS rows read, 0 inserted, $YELLOW_ROWS already present" \
    "the same rows under another file name are recognised by their ids"

other=$(generate yellow 2019 4 3000 14)
cp "$other" "$WORK/local.csv.gz"
run_etl load --taxi yellow --file "$WORK/local.csv.gz" --schema analytics
check_eq "$RC" 0 "a local .csv.gz loads into another schema"
check_eq "$(q "SELECT count(*) || ' ' || min(filename) FROM analytics.yellow_tripdata")" \
    "3000 local.csv" "--schema creates the schema and records the local file's name"
check_eq "$(q 'SELECT count(*) FROM public.yellow_tripdata')" "$YELLOW_ROWS" \
    "--schema leaves the other schema alone"

finish
