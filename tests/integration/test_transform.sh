#!/usr/bin/env bash
# taxi-etl transform: the course's models, equal row for row to the plain
# SQL reference of tests/reference/models.sql; incremental equal to a full
# refresh after new months, reloads and zone changes; a bad zone lookup
# refused with the old one kept; column names and types of SPEC section 8.
source "$(dirname "$0")/lib.sh"
start_http_server

REFERENCE="$(dirname "$0")/../reference/models.sql"
MAKE_ZONES="$(dirname "$0")/../tools/make_zones.py"
python3 "$MAKE_ZONES" "$WORK/zones.csv"
mkdir -p "$WORK/www/misc"
cp "$WORK/zones.csv" "$WORK/www/misc/taxi_zone_lookup.csv"
ZONES_URL="$BASE_URL/DataTalksClub/nyc-tlc-data/releases/download/misc/taxi_zone_lookup.csv"

generate green 2019 1 6000 131 >/dev/null
generate green 2019 2 5000 132 >/dev/null
generate green 2020 3 5000 133 >/dev/null  # from 2020: rows with every descriptive field empty
generate yellow 2019 1 8000 134 >/dev/null

# same_as_reference DESCRIPTION: fact_trips and dm equal the reference, both ways.
same_as_reference() {
    psql -Xq -v schema=public -f "$REFERENCE" >/dev/null 2>&1 || { not_ok "$1: the reference failed"; return; }
    check_eq "$(q "SELECT (SELECT count(*) FROM (SELECT * FROM fact_trips EXCEPT ALL SELECT * FROM ref.fact_trips) a)
                        || '/' || (SELECT count(*) FROM (SELECT * FROM ref.fact_trips EXCEPT ALL SELECT * FROM fact_trips) b)
                        || '/' || (SELECT count(*) FROM ref.fact_trips)")" \
        "0/0/$(q 'SELECT count(*) FROM ref.fact_trips')" "$1: fact_trips equals the reference row for row"
    check_eq "$(q "SELECT (SELECT count(*) FROM (SELECT * FROM dm_monthly_zone_revenue EXCEPT ALL SELECT * FROM ref.dm) a)
                        || '/' || (SELECT count(*) FROM (SELECT * FROM ref.dm EXCEPT ALL SELECT * FROM dm_monthly_zone_revenue) b)")" \
        "0/0" "$1: dm_monthly_zone_revenue equals the reference"
}

# same_as_full_refresh DESCRIPTION: what incremental built equals a full rebuild.
same_as_full_refresh() {
    q "DROP TABLE IF EXISTS inc_fact, inc_dm; CREATE TABLE inc_fact AS SELECT * FROM fact_trips; CREATE TABLE inc_dm AS SELECT * FROM dm_monthly_zone_revenue" >/dev/null
    run_etl transform --full-refresh --quiet
    check_eq "$(q "SELECT (SELECT count(*) FROM (SELECT * FROM inc_fact EXCEPT ALL SELECT * FROM fact_trips) a)
                        || '/' || (SELECT count(*) FROM (SELECT * FROM fact_trips EXCEPT ALL SELECT * FROM inc_fact) b)
                        || '/' || (SELECT count(*) FROM (SELECT * FROM inc_dm EXCEPT ALL SELECT * FROM dm_monthly_zone_revenue) c)
                        || '/' || (SELECT count(*) FROM (SELECT * FROM dm_monthly_zone_revenue EXCEPT ALL SELECT * FROM inc_dm) d)")" \
        "0/0/0/0" "$1: incremental equals a full refresh"
}

for month in "green 2019 1" "yellow 2019 1"; do
    set -- $month
    run_etl load --quiet --taxi "$1" --year "$2" --month "$3" --source-url "$RELEASE_URL"
done
# The models read the tables taxi-etl creates, one partition per file.
check_eq "$(q "SELECT string_agg(relkind::text, ',' ORDER BY relname) FROM pg_class
               WHERE relname IN ('green_tripdata', 'yellow_tripdata')")" "p,p" \
    "the trip tables the models read are partitioned"
run_etl transform --zones-url "$ZONES_URL"
check_eq "$RC" 0 "the first transform succeeds"
check_contains "$OUT" "zone lookup loaded from $ZONES_URL (none was loaded): 265 zones" "it loads the zone lookup (quoted, CRLF)"
check_contains "$OUT" "full rebuild (the models do not exist yet)" "and builds everything"
check_contains "$OUT" "dm_monthly_zone_revenue.revenue_monthly_total_amount not null" "it reports the checks"
same_as_reference "first transform"

columns_of() {
    q "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '$1'"
}
check_eq "$(columns_of taxi_zone_lookup)" "locationid numeric, borough text, zone text, service_zone text" \
    "taxi_zone_lookup has the dbt seed's types"
check_eq "$(columns_of dim_zones)" "locationid numeric, borough text, zone text, service_zone text" "dim_zones columns"
check_eq "$(q "SELECT count(*) FROM dim_zones WHERE service_zone = 'Green Zone'") $(q "SELECT count(*) FROM dim_zones WHERE service_zone = 'Boro Zone'")" \
    "$(python3 -c "print(sum(1 for l in open('$WORK/zones.csv') if 'Boro Zone' in l))") 0" "dim_zones renames Boro Zone to Green Zone"
check_eq "$(columns_of stg_green_tripdata)" \
    "tripid text, vendorid integer, ratecodeid integer, pickup_locationid integer, dropoff_locationid integer, pickup_datetime timestamp without time zone, dropoff_datetime timestamp without time zone, store_and_fwd_flag text, passenger_count integer, trip_distance numeric, trip_type integer, fare_amount numeric, extra numeric, mta_tax numeric, tip_amount numeric, tolls_amount numeric, ehail_fee numeric, improvement_surcharge numeric, total_amount numeric, payment_type integer, payment_type_description text" \
    "stg_green_tripdata columns and types"
check_eq "$(columns_of stg_yellow_tripdata)" "$(columns_of stg_green_tripdata)" "stg_yellow_tripdata has the same columns"
check_eq "$(columns_of fact_trips)" \
    "tripid text, vendorid integer, service_type text, ratecodeid integer, pickup_locationid integer, pickup_borough text, pickup_zone text, dropoff_locationid integer, dropoff_borough text, dropoff_zone text, pickup_datetime timestamp without time zone, dropoff_datetime timestamp without time zone, store_and_fwd_flag text, passenger_count integer, trip_distance numeric, trip_type integer, fare_amount numeric, extra numeric, mta_tax numeric, tip_amount numeric, tolls_amount numeric, ehail_fee numeric, improvement_surcharge numeric, total_amount numeric, payment_type integer, payment_type_description text" \
    "fact_trips columns and types"
check_eq "$(columns_of dm_monthly_zone_revenue)" \
    "revenue_zone text, revenue_month timestamp without time zone, service_type text, revenue_monthly_fare numeric, revenue_monthly_extra numeric, revenue_monthly_mta_tax numeric, revenue_monthly_tip_amount numeric, revenue_monthly_tolls_amount numeric, revenue_monthly_ehail_fee numeric, revenue_monthly_improvement_surcharge numeric, revenue_monthly_total_amount numeric, total_monthly_trips bigint, avg_monthly_passenger_count numeric, avg_monthly_trip_distance numeric" \
    "dm_monthly_zone_revenue columns and types"

# --- a new month: incremental, the same as the reference and a full refresh -------
run_etl load --quiet --taxi green --year 2019 --month 2 --source-url "$RELEASE_URL"
run_etl transform
check_contains "$OUT" "incremental:" "after a new month the transform is incremental"
check_contains "$OUT" "green 2019-02" "and rebuilds that month"
check_not_contains "$OUT" "yellow 2019-01" "but not the months no load touched"
same_as_reference "after a new month"
same_as_full_refresh "after a new month"

# --- a month with many empty descriptive fields and pickups in other years -----
run_etl load --quiet --taxi green --year 2020 --month 3 --source-url "$RELEASE_URL"
check_eq "$(q "SELECT string_agg(to_char(month, 'YYYY-MM'), ',' ORDER BY month) FROM taxi_etl.pending_months")" \
    "$(q "SELECT string_agg(DISTINCT to_char(lpep_pickup_datetime, 'YYYY-MM'), ',') FROM green_tripdata WHERE filename = 'green_tripdata_2020-03.csv'")" \
    "the load notes every pickup month of its rows as pending"
run_etl transform
check_contains "$OUT" "green 2020-03" "the 2020 month is rebuilt"
same_as_reference "after a month with pickups in other years"
same_as_full_refresh "after a month with pickups in other years"

# --- a reloaded month (--force) rebuilds nothing new but stays equal -----------
run_etl backfill --quiet --taxi green --from 2019-01 --to 2019-01 --force --source-url "$RELEASE_URL"
run_etl transform
check_eq "$RC" 0 "a transform after a reload succeeds"
same_as_full_refresh "after a reload"

# --- a changed zone lookup: a full rebuild -----------------------------------------
python3 "$MAKE_ZONES" "$WORK/www/misc/taxi_zone_lookup.csv" --change 7
run_etl transform --reload-zones --zones-url "$ZONES_URL"
check_contains "$OUT" "full rebuild (the zone lookup changed)" "a changed lookup means a full rebuild"
check_eq "$(q "SELECT count(*) FROM dim_zones WHERE zone = 'Zone 7 (renamed)'")" 1 "with the new lookup"
same_as_reference "after a changed lookup"

# --- a bad lookup is refused and the old one stays ----------------------------------
python3 "$MAKE_ZONES" "$WORK/bad_zones.csv" --bad-header
before=$(q "SELECT md5(string_agg(zone, ',' ORDER BY locationid)) FROM taxi_zone_lookup")
run_etl transform --reload-zones --zones-url "$WORK/bad_zones.csv"
check_failure 4 "expected \"LocationID\",\"Borough\",\"Zone\",\"service_zone\"" "a lookup with a wrong header"
check_eq "$(q "SELECT md5(string_agg(zone, ',' ORDER BY locationid)) FROM taxi_zone_lookup")" "$before" \
    "the old lookup is left in place"

# --- SIGINT in the middle of an incremental transform ------------------------------
generate green 2019 4 3000 136 >/dev/null
run_etl load --quiet --taxi green --year 2019 --month 4 --source-url "$RELEASE_URL"
fact_before=$(q "SELECT count(*) || ':' || md5(string_agg(tripid || service_type, ',' ORDER BY tripid, service_type)) FROM fact_trips")
# A session that holds fact_trips makes the transform wait inside its transaction.
hold_in_session "BEGIN; LOCK TABLE fact_trips IN EXCLUSIVE MODE; SELECT pg_sleep(20); COMMIT;"
"$TAXI_ETL" transform >/dev/null 2>"$WORK/stderr" &
pid=$!
for _ in $(seq 50); do
    [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'taxi-etl' AND wait_event_type = 'Lock'")" -ge 1 ] && break
    sleep 0.1
done
kill -INT $pid
wait $pid
check_eq "$?" 130 "SIGINT in the middle of a transform: exit 130"
release_session
check_eq "$(q "SELECT count(*) || ':' || md5(string_agg(tripid || service_type, ',' ORDER BY tripid, service_type)) FROM fact_trips")" \
    "$fact_before" "the interrupted transform left the old models"
check_no_scope_tables "after an interrupted transform"
run_etl transform
check_contains "$OUT" "green 2019-04" "the next transform rebuilds the month the interrupted one did not"
same_as_reference "after an interrupted transform"
same_as_full_refresh "after an interrupted transform"

# --- load --transform runs it after the load ----------------------------------------
generate yellow 2019 2 3000 135 >/dev/null
run_etl load --taxi yellow --year 2019 --month 2 --source-url "$RELEASE_URL" --transform
check_eq "$RC" 0 "load --transform succeeds"
check_contains "$OUT" "yellow 2019-02" "and rebuilds the loaded month"
same_as_reference "after load --transform"
check_no_scope_tables "after transforms that succeeded"

finish
