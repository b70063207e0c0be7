#!/usr/bin/env bash
# --store-failures on the commands that take --transform (load, backfill,
# sync): the transform after the load keeps its checks' failing rows in
# SCHEMA_dbt_test__audit, as `taxi-etl transform --store-failures` does;
# without --transform it is a usage error that changes nothing.
source "$(dirname "$0")/lib.sh"
start_http_server

python3 "$(dirname "$0")/../tools/make_zones.py" "$WORK/zones.csv"
AUDIT=public_dbt_test__audit
payment_table=$(q "SELECT 'accepted_values_stg_green_trip_' || md5('accepted_values_stg_green_tripdata_payment_type__False___var_payment_type_values_')")
audit_tables() { q "SELECT count(*) FROM pg_tables WHERE schemaname = '$AUDIT'"; }
# January: payment types 7 and 9 fail a warn check. February: a trip
# without total_amount fails the revenue error check.
mkdir -p "$WORK/www/green"
cat >"$WORK/green_tripdata_2019-01.csv" <<CSV
$GREEN_HEADER
2,2019-01-01 09:00:00,2019-01-01 09:10:00,N,1,10,20,1,1.5,8,0,0.5,1,0,,0.3,9.8,1,1,
1,2019-01-04 13:00:00,2019-01-04 13:30:00,N,1,10,20,3,4,15,0,0.5,0,0,,0.3,15.8,7,1,
1,2019-01-05 14:00:00,2019-01-05 14:20:00,N,1,10,20,1,3,12,0,0.5,0,0,,0.3,12.8,9,1,
CSV
cat >"$WORK/green_tripdata_2019-02.csv" <<CSV
$GREEN_HEADER
1,2019-02-01 10:00:00,2019-02-01 10:10:00,N,1,10,20,1,1.5,8,0,0.5,1,0,,0.3,,1,1,
CSV
gzip -c "$WORK/green_tripdata_2019-01.csv" >"$WORK/www/green/green_tripdata_2019-01.csv.gz"

# --- without --transform: a usage error, nothing done --------------------------
run_etl load --quiet --taxi green --file "$WORK/green_tripdata_2019-01.csv" --store-failures
check_failure 2 "--store-failures keeps the failing rows of --transform's checks: it needs --transform" \
    "load --store-failures without --transform"
check_eq "$(table_fingerprint green_tripdata)" missing "nothing was loaded"
for command in backfill sync; do
    run_etl "$command" --quiet --taxi green --from 2019-01 --to 2019-01 \
        --source-url "$RELEASE_URL" --store-failures
    check_failure 2 "it needs --transform" "$command --store-failures without --transform"
done
check_eq "$(table_fingerprint green_tripdata)" missing "still nothing loaded"

# --- load --transform --store-failures: a failing warn check --------------------
run_etl load --quiet --taxi green --file "$WORK/green_tripdata_2019-01.csv" \
    --transform --store-failures --zones-url "$WORK/zones.csv"
check_eq "$RC" 0 "load --transform --store-failures succeeds with a failing warn check"
check_eq "$(q "SELECT string_agg(payment_type::text, ',' ORDER BY payment_type) FROM $AUDIT.\"$payment_table\"")" \
    "7,9" "the payment type check's failing rows are kept in $AUDIT"
check_eq "$(audit_tables)" 11 "a table per check"

# --- a failing error check: exit 7, the failing row kept -------------------------
run_etl load --quiet --taxi green --file "$WORK/green_tripdata_2019-02.csv" \
    --transform --store-failures
check_eq "$RC" 7 "a failing error check after the load exits 7"
check_eq "$(q "SELECT count(*) FROM green_tripdata")" 4 "the load itself is committed"
check_eq "$(q "SELECT count(*) || ' ' || count(*) FILTER (WHERE revenue_monthly_total_amount IS NULL)
               FROM $AUDIT.not_null_dm_monthly_zone_revenue_revenue_monthly_total_amount")" \
    "1 1" "the revenue row without a total is kept"

# --- backfill --transform --store-failures ---------------------------------------
q "DROP SCHEMA $AUDIT CASCADE" >/dev/null
run_etl backfill --quiet --taxi green --from 2019-01 --to 2019-01 --source-url "$RELEASE_URL" \
    --transform --store-failures
check_eq "$RC" 7 "backfill --transform --store-failures runs the checks (February's still fails)"
check_eq "$(audit_tables)" 11 "and keeps the failing rows, a table per check"
check_eq "$(q "SELECT count(*) FROM $AUDIT.not_null_dm_monthly_zone_revenue_revenue_monthly_total_amount")" \
    1 "the revenue row without a total again"

# Without --store-failures, a transform after a load keeps nothing.
q "DROP SCHEMA $AUDIT CASCADE" >/dev/null
run_etl load --quiet --taxi green --file "$WORK/green_tripdata_2019-01.csv" --transform
check_eq "$RC" 7 "load --transform alone: the checks run"
check_eq "$(q "SELECT count(*) FROM pg_namespace WHERE nspname = '$AUDIT'")" 0 "and no failing rows are kept"

finish
