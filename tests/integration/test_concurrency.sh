#!/usr/bin/env bash
# Overlapping runs (two cron entries, a backfill beside a scheduled load):
# never a duplicate row, never a lost one.
source "$(dirname "$0")/lib.sh"
start_http_server

jan=$(generate green 2019 1 30000 61)
feb=$(generate green 2019 2 25000 62)
mar=$(generate green 2019 3 20000 63)
# Throttled, so that the runs really overlap while they download.
SLOW_URL="$BASE_URL/fault/slow=1500000/DataTalksClub/nyc-tlc-data/releases/download/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"

# --- two loads of the same month at the same time ----------------------------
"$TAXI_ETL" load --taxi green --year 2019 --month 1 --source-url "$SLOW_URL" 2>"$WORK/a.err" &
first=$!
"$TAXI_ETL" load --taxi green --year 2019 --month 1 --source-url "$SLOW_URL" 2>"$WORK/b.err" &
second=$!
wait $first; rc_first=$?
wait $second; rc_second=$?
check_eq "$rc_first/$rc_second" "0/0" "two simultaneous loads of one month both succeed"
check_eq "$(q 'SELECT count(*) FROM green_tripdata')" "$(rows_of "$jan")" \
    "the table holds exactly the file's rows, once"
inserted=$(cat "$WORK/a.err" "$WORK/b.err" | grep -o '[0-9]* inserted' | awk '{ s += $1 } END { print s }')
check_eq "$inserted" "$(rows_of "$jan")" "one run inserted the rows, the other found them present"

# --- a run that has to wait says so -------------------------------------------------
# Hold the lock that a merge into public.green_tripdata takes, for 3 seconds.
psql -Xq -c "SELECT pg_advisory_lock(hashtextextended('taxi-etl \"public\".\"green_tripdata\"', 0)), pg_sleep(3)" >/dev/null &
holder=$!
sleep 0.5
# A month loaded before is only compared with the table (no lock needed):
# all its rows are there, so it does not wait.
run_etl load --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL"
check_eq "$RC" 0 "a month loaded before loads again beside a merging run"
check_not_contains "$ERR" "waiting for another run" "without waiting for it"
check_contains "$ERR" "0 inserted, $(rows_of "$jan") already present" "and finds every row present"
# A new month has rows to merge: it waits.
run_etl load --taxi green --year 2019 --month 3 --source-url "$RELEASE_URL"
wait $holder
check_eq "$RC" 0 "a load that waits for the lock succeeds"
check_contains "$ERR" "waiting for another run that is merging into public.green_tripdata" \
    "a load that waits for the lock says so"
check_contains "$ERR" "$(rows_of "$mar") inserted, 0 already present" "and inserts its rows"

# --- a backfill with --jobs 2 beside a load of a month in its range ----------------
"$TAXI_ETL" backfill --taxi green --from 2019-01 --to 2019-03 --jobs 2 --force \
    --source-url "$SLOW_URL" --schema overlap >"$WORK/backfill.out" 2>&1 &
backfill=$!
"$TAXI_ETL" load --taxi green --year 2019 --month 2 --source-url "$SLOW_URL" --schema overlap 2>"$WORK/load.err" &
load=$!
wait $backfill; rc_backfill=$?
wait $load; rc_load=$?
check_eq "$rc_backfill/$rc_load" "0/0" "a backfill --jobs 2 and a load of one of its months both succeed"
for pair in "jan:green_tripdata_2019-01.csv" "feb:green_tripdata_2019-02.csv" "mar:green_tripdata_2019-03.csv"; do
    var=${pair%%:*} file=${pair#*:}
    check_eq "$(q "SELECT count(*) FROM overlap.green_tripdata WHERE filename = '$file'")" \
        "$(rows_of "${!var}")" "$file is there exactly once"
done

finish
