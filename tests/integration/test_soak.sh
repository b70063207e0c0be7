#!/usr/bin/env bash
# Soak: 40 loads of 8 small months, two at a time, each through a fault
# drawn at random (seeded, so a failure can be replayed). At the end the
# table holds exactly the rows of the months whose loads succeeded, each
# exactly once, and nothing of the others.
source "$(dirname "$0")/lib.sh"
start_http_server

RANDOM=20191
declare -A file_rows
for month in 1 2 3 4 5 6 7 8; do
    path=$(generate green 2019 "$month" $((1500 + month * 100)) $((110 + month)))
    file_rows[$month]=$(rows_of "$path")
done
faults=(none none none status=500 status-once=503 status-once=500 close-after=20000
        short-body=30000 stall-after=10000 empty status=404)

url_for() {
    local fault=$1
    if [ "$fault" = none ]; then
        echo "$RELEASE_URL"
    else
        echo "$BASE_URL/fault/$fault/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
    fi
}

declare -A succeeded
for round in $(seq 20); do
    pids=() months=()
    for slot in 1 2; do
        month=$(( RANDOM % 8 + 1 ))
        fault=${faults[$(( RANDOM % ${#faults[@]} ))]}
        curl -s "$BASE_URL/_reset" >/dev/null
        "$TAXI_ETL" load --quiet --taxi green --year 2019 --month "$month" \
            --retries 1 --retry-delay 0.05 --stall-timeout 1 --source-url "$(url_for "$fault")" \
            2>>"$WORK/soak.log" &
        pids+=($!) months+=("$month")
        echo "round $round slot $slot: 2019-0$month through $fault" >>"$WORK/soak.log"
    done
    for i in 0 1; do
        if wait "${pids[$i]}"; then succeeded[${months[$i]}]=1; fi
    done
done

expected_total=0
for month in 1 2 3 4 5 6 7 8; do
    file="green_tripdata_2019-0$month.csv"
    expected=0
    [ -n "${succeeded[$month]:-}" ] && expected=${file_rows[$month]}
    expected_total=$((expected_total + expected))
    check_eq "$(q "SELECT count(*) FROM green_tripdata WHERE filename = '$file'")" "$expected" \
        "2019-0$month: $( [ "$expected" = 0 ] && echo 'never loaded, no rows' || echo 'loaded, its rows exactly once')"
done
check_eq "$(q 'SELECT count(*) FROM green_tripdata')" "$expected_total" "the table holds nothing else"
check_eq "$(q "SELECT count(*) FROM taxi_etl.runs WHERE status = 'running'")" 0 "no run is left running"
loaded=${#succeeded[@]}
if [ "$loaded" -ge 2 ] && [ "$loaded" -le 8 ]; then ok "the faults let some loads through ($loaded of 8 months)"; \
else not_ok "the soak should load some months: $loaded"; fi
failed_runs=$(q "SELECT count(*) FROM taxi_etl.runs WHERE status = 'failed'")
if [ "$failed_runs" -ge 5 ]; then ok "and failed others ($failed_runs failed runs)"; \
else not_ok "the faults should fail some runs: $failed_runs"; cat "$WORK/soak.log"; fi

finish
