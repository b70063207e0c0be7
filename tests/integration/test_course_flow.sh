#!/usr/bin/env bash
# Compatibility with the course's flow (tests/course_flow/*.sql): each
# recognises the other's rows, and taxi-etl creates the same tables.
source "$(dirname "$0")/lib.sh"

columns_of() {
    q "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)
       FROM information_schema.columns WHERE table_schema = '$1' AND table_name = '$2'"
}

green_jan=$(generate green 2019 1 8000 21)
green_feb=$(generate green 2019 2 6000 22)
yellow_jan=$(generate yellow 2019 1 9000 23)

# --- a table the flow created and filled -------------------------------------
flow green "$green_jan"
check_eq "$(q 'SELECT count(*) FROM green_tripdata')" 8000 "the course's flow loaded green 2019-01"
check_eq "$(q "SELECT count(*) FROM pg_indexes WHERE tablename = 'green_tripdata'")" 0 \
    "the flow's table has no index"
before=$(table_fingerprint green_tripdata)

run_etl load --taxi green --file "$green_jan"
check_eq "$RC" 0 "taxi-etl loads into the flow's table"
check_contains "$ERR" "8000 rows read, 0 inserted, 8000 already present" \
    "rows the flow merged are recognised as already present"
check_eq "$(table_fingerprint green_tripdata)" "$before" "the flow's rows are untouched"

run_etl load --taxi green --file "$green_feb"
check_eq "$RC" 0 "taxi-etl adds a new month to the flow's table"
check_eq "$(q "SELECT count(*) FROM green_tripdata WHERE filename = 'green_tripdata_2019-02.csv'")" \
    6000 "the new month's rows are all there"

flow green "$green_feb"
check_eq "$(q 'SELECT count(*) FROM green_tripdata')" 14000 \
    "the flow recognises the rows taxi-etl merged"
check_eq "$(q 'SELECT count(*) FROM green_tripdata_staging')" 6000 \
    "(the flow's own staging table held the month)"

# --- a table taxi-etl created is the table the flow creates -----------------
run_etl load --taxi yellow --file "$yellow_jan"
check_eq "$RC" 0 "taxi-etl creates yellow_tripdata"
flow yellow "$yellow_jan"
check_eq "$(q 'SELECT count(*) FROM yellow_tripdata')" 9000 \
    "the flow runs on taxi-etl's table and adds nothing"

q "CREATE SCHEMA flow_ddl" >/dev/null
declare -A sample=([green]="$green_jan" [yellow]="$yellow_jan")
for taxi in green yellow; do
    flow_table flow_ddl "$taxi"
    run_etl load --taxi "$taxi" --schema etl_made --file "${sample[$taxi]}"
    check_eq "$(columns_of etl_made ${taxi}_tripdata)" "$(columns_of flow_ddl ${taxi}_tripdata)" \
        "$taxi: taxi-etl creates the flow's columns and types, in order"
done

# --- a table that is not the flow's is refused, not altered -----------------
q "CREATE SCHEMA odd; CREATE TABLE odd.green_tripdata (unique_row_id text, filename text, vendorid text)" >/dev/null
run_etl load --quiet --taxi green --schema odd --file "$green_jan"
check_failure 6 "table odd.green_tripdata exists but has no column lpep_pickup_datetime" \
    "an incompatible table"
check_eq "$(q 'SELECT count(*) FROM odd.green_tripdata')" 0 "the incompatible table is left alone"
# A table changed after a load: loading that file again (which first
# compares the file with the table) refuses it too.
run_etl load --quiet --taxi green --schema altered --file "$green_jan"
q "ALTER TABLE altered.green_tripdata ALTER COLUMN fare_amount TYPE text" >/dev/null
run_etl load --quiet --taxi green --schema altered --file "$green_jan"
check_failure 6 "table altered.green_tripdata exists but" "a table altered after a load, loaded again"

finish
