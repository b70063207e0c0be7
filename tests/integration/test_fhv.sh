#!/usr/bin/env bash
# For-Hire Vehicle months load like green and yellow: the table and types
# of SPEC section 3, taxi-etl's own id, a reload that adds nothing, and
# header names in any case.
source "$(dirname "$0")/lib.sh"
start_http_server

fhv_file=$(generate fhv 2019 1 12000 121)
run_etl load --taxi fhv --year 2019 --month 1 --source-url "$RELEASE_URL"
check_eq "$RC" 0 "fhv 2019-01 loads"
check_eq "$(q 'SELECT count(*) FROM fhv_tripdata')" "$(rows_of "$fhv_file")" "every row of the file"
check_eq "$(q "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'fhv_tripdata'")" \
    "unique_row_id text, filename text, dispatching_base_num text, pickup_datetime timestamp without time zone, dropoff_datetime timestamp without time zone, pulocationid text, dolocationid text, sr_flag text, affiliated_base_number text" \
    "the columns and types of SPEC section 3"
check_eq "$(q "SELECT count(*) FROM fhv_tripdata WHERE unique_row_id IS DISTINCT FROM md5(COALESCE(dispatching_base_num, '') || COALESCE(CAST(pickup_datetime AS text), '') || COALESCE(CAST(dropOff_datetime AS text), '') || COALESCE(PUlocationID, '') || COALESCE(DOlocationID, ''))")" \
    0 "every id equals the md5 expression of SPEC section 3"
check_eq "$(q "SELECT count(*) FROM fhv_tripdata WHERE pulocationid IS NULL")" \
    "$(zcat "$fhv_file" | tail -n +2 | awk -F, '$4 == ""' | wc -l)" "empty location ids are NULL"

run_etl load --taxi fhv --year 2019 --month 1 --source-url "$RELEASE_URL"
check_contains "$ERR" "0 inserted, $(rows_of "$fhv_file") already present" "a reload inserts nothing"

# The published headers' casing varies (PUlocationID, PULocationID...).
zcat "$fhv_file" | sed '1s/.*/Dispatching_base_num,Pickup_DateTime,DropOff_datetime,PULocationID,DOLocationID,SR_Flag,Affiliated_base_number/' \
    | gzip -1 >"$WORK/fhv_case.csv.gz"
run_etl load --taxi fhv --file "$WORK/fhv_case.csv.gz" --schema case_test
check_eq "$RC" 0 "a header in other casing is accepted"
check_eq "$(q 'SELECT count(*) FROM case_test.fhv_tripdata')" "$(rows_of "$fhv_file")" "and loads every row"

run_etl load --quiet --taxi green --file "$fhv_file"
check_failure 4 "the header is that of a fhv file, not green" "an fhv file loaded as green"

run_etl backfill --taxi fhv --from 2019-01 --to 2019-02 --source-url "$RELEASE_URL" --schema bf
check_eq "$RC" 3 "backfill takes fhv (2019-02 is not published here)"
check_contains "$OUT" "2019-01   loaded" "backfill loads the fhv month"

finish
