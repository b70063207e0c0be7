#!/usr/bin/env bash
# transform's failing rows: a failed error check prints the table of checks
# and a few of its failing rows; --store-failures keeps every check's
# failing rows in a table of its own, named as dbt names the test, in
# SCHEMA_dbt_test__audit, replaced on each run; a schema whose audit
# schema name would be cut by PostgreSQL is refused.
source "$(dirname "$0")/lib.sh"

python3 "$(dirname "$0")/../tools/make_zones.py" "$WORK/zones.csv"
header=$GREEN_HEADER
# January: every error check passes; payment types 7 and 9, zones 998 and
# 999 fail the warn checks.
cat >"$WORK/green_tripdata_2019-01.csv" <<CSV
$header
2,2019-01-01 09:00:00,2019-01-01 09:10:00,N,1,10,20,1,1.5,8,0,0.5,1,0,,0.3,9.8,1,1,
1,2019-01-04 13:00:00,2019-01-04 13:30:00,N,1,10,20,3,4,15,0,0.5,0,0,,0.3,15.8,7,1,
1,2019-01-05 14:00:00,2019-01-05 14:20:00,N,1,10,998,1,3,12,0,0.5,0,0,,0.3,12.8,9,1,
1,2019-01-06 15:00:00,2019-01-06 15:20:00,N,1,998,999,1,3,12,0,0.5,0,0,,0.3,12.8,1,1,
CSV
run_etl load --quiet --taxi green --file "$WORK/green_tripdata_2019-01.csv"
run_etl transform --store-failures --zones-url "$WORK/zones.csv"
check_eq "$RC" 0 "a transform whose warn checks fail succeeds"
AUDIT=public_dbt_test__audit
check_contains "$OUT" "failing rows stored in schema $AUDIT" "it says where the failing rows are"

# dbt's names: from 64 characters on, 30 characters and the md5 of the name.
expected_tables=$(q "SELECT string_agg(name, ',' ORDER BY name) FROM (VALUES
    ('unique_stg_green_tripdata_tripid'), ('not_null_stg_green_tripdata_tripid'),
    ('unique_stg_yellow_tripdata_tripid'), ('not_null_stg_yellow_tripdata_tripid'),
    ('not_null_dm_monthly_zone_revenue_revenue_monthly_total_amount'),
    ('relationships_stg_green_tripda_' || md5('relationships_stg_green_tripdata_pickup_locationid__locationid__ref_taxi_zone_lookup_')),
    ('relationships_stg_green_tripda_' || md5('relationships_stg_green_tripdata_dropoff_locationid__locationid__ref_taxi_zone_lookup_')),
    ('relationships_stg_yellow_tripd_' || md5('relationships_stg_yellow_tripdata_pickup_locationid__locationid__ref_taxi_zone_lookup_')),
    ('relationships_stg_yellow_tripd_' || md5('relationships_stg_yellow_tripdata_dropoff_locationid__locationid__ref_taxi_zone_lookup_')),
    ('accepted_values_stg_green_trip_' || md5('accepted_values_stg_green_tripdata_payment_type__False___var_payment_type_values_')),
    ('accepted_values_stg_yellow_tri_' || md5('accepted_values_stg_yellow_tripdata_payment_type__False___var_payment_type_values_'))
    ) AS t (name)")
check_eq "$(q "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = '$AUDIT'")" \
    "$expected_tables" "a table per check, named as dbt names the test"
payment_table=$(q "SELECT 'accepted_values_stg_green_trip_' || md5('accepted_values_stg_green_tripdata_payment_type__False___var_payment_type_values_')")
pickup_table=$(q "SELECT 'relationships_stg_green_tripda_' || md5('relationships_stg_green_tripdata_pickup_locationid__locationid__ref_taxi_zone_lookup_')")
dropoff_table=$(q "SELECT 'relationships_stg_green_tripda_' || md5('relationships_stg_green_tripdata_dropoff_locationid__locationid__ref_taxi_zone_lookup_')")
check_eq "$(q "SELECT string_agg(tripid || ':' || payment_type, ',' ORDER BY tripid) FROM $AUDIT.\"$payment_table\"")" \
    "$(q "SELECT string_agg(tripid || ':' || payment_type, ',' ORDER BY tripid) FROM stg_green_tripdata WHERE payment_type NOT BETWEEN 1 AND 6")" \
    "the payment type check's table holds the trips with types 7 and 9"
check_eq "$(q "SELECT count(*) FROM $AUDIT.\"$payment_table\"")" 2 "two of them"
check_eq "$(q "SELECT string_agg(tripid || ':' || pickup_locationid, ',' ORDER BY tripid) FROM $AUDIT.\"$pickup_table\"")" \
    "$(q "SELECT string_agg(tripid || ':' || pickup_locationid, ',' ORDER BY tripid) FROM stg_green_tripdata WHERE pickup_locationid = 998")" \
    "the pickup zone check's table holds the trip from zone 998"
check_eq "$(q "SELECT count(*) FROM $AUDIT.\"$dropoff_table\"")" 2 "the dropoff zone check's table holds the trips to 998 and 999"
check_eq "$(q "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '$AUDIT.\"$pickup_table\"'::regclass AND attname = 'pickup_locationid'")" \
    "integer" "the stored rows keep their types"
check_eq "$(q "SELECT count(*) FROM $AUDIT.unique_stg_green_tripdata_tripid") $(q "SELECT count(*) FROM $AUDIT.not_null_dm_monthly_zone_revenue_revenue_monthly_total_amount")" \
    "0 0" "a check that passes leaves its table empty"

# February: a trip without total_amount; its revenue row fails the error check.
cat >"$WORK/green_tripdata_2019-02.csv" <<CSV
$header
1,2019-02-01 10:00:00,2019-02-01 10:10:00,N,1,10,20,1,1.5,8,0,0.5,1,0,,0.3,,1,1,
2,2019-02-02 10:00:00,2019-02-02 10:10:00,N,1,11,20,1,1.5,8,0,0.5,1,0,,0.3,5,1,1,
CSV
models() { q "SELECT (SELECT count(*) || md5(string_agg(f::text, ',' ORDER BY f::text)) FROM fact_trips AS f)
                     || (SELECT count(*) || md5(string_agg(d::text, ',' ORDER BY d::text)) FROM dm_monthly_zone_revenue AS d)"; }
before=$(models)
run_etl load --quiet --taxi green --file "$WORK/green_tripdata_2019-02.csv"
run_etl transform --store-failures --zones-url "$WORK/zones.csv"
check_eq "$RC" 7 "a failing error check exits 7"
check_eq "$(models)" "$before" "the models are left as they were"
check_no_scope_tables "after a failed check"
failed_line=$(printf '%s\n' "$OUT" | grep -F "dm_monthly_zone_revenue.revenue_monthly_total_amount not null" | awk '{ print $(NF - 1), $NF }')
check_eq "$failed_line" "1 error" "the table of checks is printed on failure too"
check_contains "$OUT" "stg_green_tripdata.payment_type in 1..6" "with every check"
check_contains "$OUT" "rolled back: an error check failed" "it says nothing was committed"
expected_row=$(q "SELECT 'revenue_zone=' || zone || '  revenue_month=2019-02-01 00:00:00  service_type=Green  revenue_monthly_total_amount=NULL'
                  FROM taxi_zone_lookup WHERE locationid = 10")
check_contains "$ERR" "check 'dm_monthly_zone_revenue.revenue_monthly_total_amount not null' failed for 1 rows:" \
    "stderr names the failed check"
check_eq "$(printf '%s\n' "$ERR" | grep -cxF "taxi-etl:   $expected_row")" 1 \
    "and shows its failing row on a line of its own: zone, month, service type and the NULL"
check_eq "$(printf '%s\n' "$ERR" | tail -n 1)" \
    "taxi-etl: error: check 'dm_monthly_zone_revenue.revenue_monthly_total_amount not null' failed for 1 rows: the models are left as they were" \
    "the error is the last line"
check_eq "$(q "SELECT revenue_zone || ' ' || revenue_month || ' ' || service_type || ' ' || coalesce(revenue_monthly_total_amount::text, 'NULL') FROM $AUDIT.not_null_dm_monthly_zone_revenue_revenue_monthly_total_amount")" \
    "$(q "SELECT zone || ' 2019-02-01 00:00:00 Green NULL' FROM taxi_zone_lookup WHERE locationid = 10")" \
    "the failed check's rows are stored although nothing else was committed"
check_eq "$(q "SELECT count(*) FROM $AUDIT.\"$payment_table\"")" 0 \
    "a table is replaced on each run: February's rows in scope have no bad payment type"

# Without --store-failures the tables are left alone; in --quiet the rows
# still go to stderr, with the error.
run_etl transform --quiet --zones-url "$WORK/zones.csv"
check_eq "$RC:$OUT" "7:" "--quiet: exit 7, nothing on stdout"
check_contains "$ERR" "  $expected_row" "--quiet: the failing row is still shown"
check_eq "$(q "SELECT count(*) FROM $AUDIT.not_null_dm_monthly_zone_revenue_revenue_monthly_total_amount")" 1 \
    "without --store-failures the tables are left as they were"

# The data fixed, the next run passes and empties the failed check's table.
q "UPDATE green_tripdata SET total_amount = 9.8 WHERE filename = 'green_tripdata_2019-02.csv' AND total_amount IS NULL" >/dev/null
run_etl transform --store-failures --zones-url "$WORK/zones.csv"
check_eq "$RC" 0 "after the data is fixed the transform succeeds"
check_eq "$(q "SELECT count(*) FROM $AUDIT.not_null_dm_monthly_zone_revenue_revenue_monthly_total_amount")" 0 \
    "and the failed check's table is empty"
check_eq "$(q "SELECT count(*) FROM dm_monthly_zone_revenue WHERE revenue_monthly_total_amount IS NULL")" 0 \
    "the models hold the fixed month"


# PostgreSQL cuts identifiers past 63 bytes: an audit schema name longer
# than that is refused before anything is built, lest two schemas share one.
LONG=$(printf 'l%.0s' {1..48})
q "CREATE SCHEMA $LONG" >/dev/null
run_etl transform --store-failures --schema "$LONG" --zones-url "$WORK/zones.csv"
check_failure 2 "--store-failures: the audit schema ${LONG}_dbt_test__audit is 64 bytes, longer than PostgreSQL's 63: give a --schema of at most 47 bytes" \
    "a schema whose audit schema would be 64 bytes"
check_eq "$(q "SELECT count(*) FROM pg_class WHERE relnamespace = '$LONG'::regnamespace")" 0 \
    "nothing is built in the schema"
check_eq "$(q "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '${LONG}_dbt%'")" 0 \
    "no audit schema is created under a cut name"
FITS=$(printf 'f%.0s' {1..47})
q "CREATE SCHEMA $FITS" >/dev/null
run_etl transform --store-failures --schema "$FITS" --zones-url "$WORK/zones.csv"
check_eq "$RC" 0 "a schema whose audit schema is 63 bytes succeeds"
check_eq "$(q "SELECT count(*) FROM pg_tables WHERE schemaname = '${FITS}_dbt_test__audit'")" 11 \
    "its audit schema holds a table per check"

finish
