#!/usr/bin/env bash
# Hand-computed model rows from a file of a few known trips: a duplicate
# (vendorid, pickup) pair, a NULL vendorid, an Unknown zone, payment types
# 7 and NULL, zones missing from the lookup; then a month whose revenue
# check fails.
source "$(dirname "$0")/lib.sh"

python3 "$(dirname "$0")/../tools/make_zones.py" "$WORK/zones.csv"
header=$GREEN_HEADER
cat >"$WORK/green_tripdata_2019-01.csv" <<CSV
$header
2,2019-01-01 10:00:00,2019-01-01 10:10:00,N,1,10,20,1,1.5,8,0,0.5,1,0,,0.3,9.8,1,1,
2,2019-01-01 10:00:00,2019-01-01 10:20:00,N,1,10,20,2,3.5,14,0,0.5,2,0,,0.3,16.8,2,1,
,2019-01-02 11:00:00,2019-01-02 11:05:00,,,10,20,,1,5,0,0.5,0,0,,0.3,5.8,,,
1,2019-01-03 12:00:00,2019-01-03 12:15:00,N,1,264,20,1,2,9,0,0.5,0,0,,0.3,9.8,1,1,
1,2019-01-04 13:00:00,2019-01-04 13:30:00,N,1,10,20,3,4,15,0,0.5,0,0,,0.3,15.8,7,1,
1,2019-01-05 14:00:00,2019-01-05 14:20:00,N,1,10,20,1,3,12,0,0.5,0,0,,0.3,12.8,,1,
1,2019-01-06 15:00:00,2019-01-06 15:20:00,N,1,998,999,1,3,12,0,0.5,0,0,,0.3,12.8,1,1,
CSV
run_etl load --quiet --taxi green --file "$WORK/green_tripdata_2019-01.csv"
check_eq "$RC" 0 "the hand-made month loads"
run_etl transform --zones-url "$WORK/zones.csv"
check_eq "$RC" 0 "transform succeeds"
check_line() { # the checks table's line for check $1
    printf '%s\n' "$OUT" | grep -F "$1" | awk '{ print $(NF - 1), $NF }'
}
check_eq "$(check_line "stg_green_tripdata.payment_type in 1..6")" "2 warn" "the payment type check counts the 7 and the NULL"
check_eq "$(check_line "stg_green_tripdata.pickup_locationid in taxi_zone_lookup")" "1 warn" "the pickup zone check counts zone 998"
check_eq "$(check_line "stg_green_tripdata.dropoff_locationid in taxi_zone_lookup")" "1 warn" "the dropoff zone check counts zone 999"
check_eq "$(check_line "stg_yellow_tripdata.payment_type in 1..6")" "0 warn" "each staging model has its own checks"
check_eq "$(check_line "stg_green_tripdata.tripid unique")" "0 error" "tripids are unique"

kept=$(q "SELECT fare_amount FROM green_tripdata WHERE vendorid = '2' ORDER BY unique_row_id LIMIT 1")
check_eq "$(q "SELECT count(*) || ' ' || min(fare_amount) FROM stg_green_tripdata WHERE vendorid = 2")" \
    "1 $kept" "of the duplicate (vendorid, pickup) pair, the row with the smallest id is kept"
check_eq "$(q "SELECT tripid FROM stg_green_tripdata WHERE vendorid = 2")" \
    "$(q "SELECT md5('2' || '-' || '2019-01-01 10:00:00')")" "tripid is dbt_utils' surrogate key"
check_eq "$(q "SELECT count(*) FROM stg_green_tripdata")" 5 "the row without vendorid is dropped"
check_eq "$(q "SELECT count(*) FROM fact_trips")" 3 "the rows from an Unknown zone and from zones not in the lookup are not facts"
check_eq "$(q "SELECT string_agg(payment_type || ':' || payment_type_description, ',' ORDER BY pickup_datetime) FROM fact_trips")" \
    "$(q "SELECT CASE WHEN $kept = 8 THEN '1:Credit card' ELSE '2:Cash' END"),7:EMPTY,0:EMPTY" \
    "payment types: 1 or 2 as kept, 7 and NULL become EMPTY (NULL as 0)"
check_eq "$(q "SELECT revenue_zone || ' ' || revenue_month || ' ' || service_type || ' ' || total_monthly_trips || ' ' || revenue_monthly_fare FROM dm_monthly_zone_revenue")" \
    "Zone 10 2019-01-01 00:00:00 Green 3 $(q "SELECT $kept + 15 + 12")" "one revenue row: zone 10, January, Green, 3 trips"
check_eq "$(q "SELECT string_agg(pickup_borough || '/' || dropoff_zone, ',') FROM (SELECT DISTINCT pickup_borough, dropoff_zone FROM fact_trips) s")" \
    "Manhattan/Zone 20" "zones and boroughs come from the lookup"

# A month whose only trip has no total_amount: its revenue row sums to NULL,
# which the course's project tests as an error. The transform exits 7 and
# the models stay as they were; the month stays pending for the next run.
# (Its pickup has no seconds: the client leaves its month to the database.)
cat >"$WORK/green_tripdata_2019-02.csv" <<CSV
$header
1,2019-02-01 10:00,2019-02-01 10:10:00,N,1,10,20,1,1.5,8,0,0.5,1,0,,0.3,,1,1,
CSV
facts() { q "SELECT count(*) || md5(string_agg(f::text, ',' ORDER BY f::text)) FROM fact_trips AS f"; }
before=$(facts)
run_etl load --quiet --taxi green --file "$WORK/green_tripdata_2019-02.csv"
run_etl transform --quiet --zones-url "$WORK/zones.csv"
check_eq "$RC" 7 "a failing error check exits 7"
check_contains "$ERR" "revenue_monthly_total_amount not null' failed for 1 rows" "the error names the check and the rows"
check_eq "$(facts)" "$before" "fact_trips is left as it was"
check_eq "$(q "SELECT count(*) FROM dm_monthly_zone_revenue")" 1 "dm_monthly_zone_revenue is left as it was"
check_no_scope_tables "after a failed check"
check_eq "$(q "SELECT string_agg(month::text, ',') FROM taxi_etl.pending_months")" "2019-02-01 00:00:00" "the month stays pending"


# The tripid unique check with tripids the staging cannot produce (they are
# unique by construction): its SQL, as the binary embeds it, on a table of
# three equal tripids, two more equal ones, one alone and two NULLs.
q "CREATE TABLE crafted_stg (tripid text);
   INSERT INTO crafted_stg VALUES ('a'), ('a'), ('a'), ('b'), ('b'), ('c'), (NULL), (NULL)" >/dev/null
tripid_check() {
    psql -XAtq -v ON_ERROR_STOP=1 \
        -c "$(sql_section transform_check_tripids "$(dirname "$0")/../../sql/transform_checks.sql" | sed "s/{stg}/$1/g")"
}
check_eq "$(tripid_check crafted_stg)" "5|2" "the tripid check counts the rows sharing a tripid and those without one"
q "DELETE FROM crafted_stg WHERE tripid IN ('a', 'b')" >/dev/null
check_eq "$(tripid_check crafted_stg)" "0|2" "and only those without one where every tripid is unique"

finish
