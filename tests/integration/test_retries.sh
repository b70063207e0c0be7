#!/usr/bin/env bash
# Transient source failures are retried from the start of the month in a
# fresh transaction; permanent ones are not; stalls and slow connects end an
# attempt. The final table never sees a failed attempt.
source "$(dirname "$0")/lib.sh"
start_http_server

generate green 2019 1 8000 81 >/dev/null
FAST="--retry-delay 0.1"
hits() { curl -s "$BASE_URL/_hits?path=$1"; }
url_with() { echo "$BASE_URL/fault/$1/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"; }
FILE_PATH=/files/green/green_tripdata_2019-01.csv.gz

# --- 500 once, then the month loads -------------------------------------------
run_etl load --taxi green --year 2019 --month 1 $FAST --source-url "$(url_with status-once=500)"
check_eq "$RC" 0 "a 500 followed by success loads the month"
check_contains "$ERR" "HTTP 500" "the failed attempt is reported"
check_contains "$ERR" "retrying in 0.1 s (retry 1 of 3)" "with the wait and the retry count"
check_eq "$(q 'SELECT count(*) FROM green_tripdata')" 8000 "the rows are loaded once"
check_eq "$(q "SELECT status FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1")" "succeeded" \
    "the run is recorded as succeeded"
before=$(table_fingerprint green_tripdata)
curl -s "$BASE_URL/_reset" >/dev/null

# --- 500 every time: retried, then a network failure ----------------------------
run_etl load --quiet --taxi green --year 2019 --month 1 $FAST --retries 2 --source-url "$(url_with status=500)"
check_failure 5 "download failed: HTTP 500" "500 every time fails after the retries"
check_eq "$(hits "$FILE_PATH")" 3 "one attempt and two retries were made"
check_eq "$(table_fingerprint green_tripdata)" "$before" "the final table is unchanged"
check_eq "$(q "SELECT status || ' ' || exit_code FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1")" \
    "failed 5" "the run is recorded as failed"
curl -s "$BASE_URL/_reset" >/dev/null

# --- 503 and 429 with Retry-After: the server's wait wins over a shorter delay --
for status in 503 429; do
    run_etl load --taxi green --year 2019 --month 1 $FAST --source-url "$(url_with status-once=$status)"
    check_eq "$RC" 0 "a $status followed by success loads"
    check_contains "$ERR" "HTTP $status" "the $status is reported"
    check_contains "$ERR" "retrying in 1.0 s" "its Retry-After: 1 is honoured"
    curl -s "$BASE_URL/_reset" >/dev/null
done

# --- 404 and other refusals are not retried -------------------------------------
run_etl load --quiet --taxi green --year 2019 --month 1 $FAST --source-url "$(url_with status=404)"
check_failure 3 "not published" "a 404"
check_eq "$(hits "$FILE_PATH")" 1 "a 404 is not retried"
curl -s "$BASE_URL/_reset" >/dev/null
run_etl load --quiet --taxi green --year 2019 --month 1 $FAST --source-url "$(url_with status=403)"
check_failure 5 "HTTP 403" "a 403"
check_eq "$(hits "$FILE_PATH")" 1 "a 403 is not retried"
curl -s "$BASE_URL/_reset" >/dev/null

# An unchanged month that its table still holds is not downloaded again (the
# server answers 304): the cases below need the body, so the table loses a
# row first, and each of their loads would have to merge it back.
q "DELETE FROM green_tripdata WHERE unique_row_id = (SELECT min(unique_row_id) FROM green_tripdata)" >/dev/null
before=$(table_fingerprint green_tripdata)

# --- a connection cut in the middle of the body, every time ---------------------
run_etl load --quiet --taxi green --year 2019 --month 1 $FAST --retries 1 --source-url "$(url_with close-after=50000)"
check_failure 5 "download failed" "a body cut off every time"
check_eq "$(hits "$FILE_PATH")" 2 "a cut-off body is retried"
curl -s "$BASE_URL/_reset" >/dev/null
run_etl load --quiet --taxi green --year 2019 --month 1 $FAST --retries 0 --source-url "$(url_with short-body=50000)"
check_failure 5 "download failed" "a body shorter than its Content-Length"
check_eq "$(table_fingerprint green_tripdata)" "$before" "cut-off bodies leave the table unchanged"

# --- a server that stops sending --------------------------------------------------
run_etl load --quiet --taxi green --year 2019 --month 1 --retries 0 --stall-timeout 2 --source-url "$(url_with stall-after=20000)"
check_failure 5 "download failed" "a stalled transfer ends after --stall-timeout"
check_contains "$ERR" "no byte for 2 s (--stall-timeout)" "the message says the transfer stalled"

# --- options ----------------------------------------------------------------------
run_etl load --taxi green --year 2019 --month 1 --retries 101
check_failure 2 "--retries must be 0 to 100" "--retries out of range"
run_etl load --taxi green --year 2019 --month 1 --stall-timeout 0
check_failure 2 "--stall-timeout" "--stall-timeout 0"

finish
