#!/usr/bin/env bash
# Every transfer is bounded (issue 13, items 10 and 11): --stall-timeout is
# the time since the last byte, not an average speed; --max-time bounds an
# attempt; --max-bytes bounds one file as downloaded and once decompressed.
# A transfer cut by any of them leaves the table as it was.
source "$(dirname "$0")/lib.sh"
start_http_server

jan=$(generate green 2019 1 8000 91)
generate green 2019 2 3000 92 >/dev/null
# faulted FAULT...: the month template behind /fault/FAULT for each FAULT.
faulted() {
    local prefix="" fault
    for fault in "$@"; do prefix="$prefix/fault/$fault"; done
    echo "$BASE_URL$prefix/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
}
FILES_URL="$BASE_URL/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
run_etl load --quiet --taxi green --year 2019 --month 2 --source-url "$FILES_URL"
check_eq "$RC" 0 "a first month is loaded"
before=$(table_fingerprint green_tripdata)
unchanged() {
    check_eq "$(table_fingerprint green_tripdata)" "$before" "$1: the final table is unchanged"
}
# timed_etl ARGS...: run_etl, and ELAPSED in whole seconds.
timed_etl() {
    local start=$SECONDS
    run_etl "$@"
    ELAPSED=$((SECONDS - start))
}

# --- item 10: --stall-timeout is the time since the last byte -------------------
# 1 byte every 0.5 s: a gap never reaches 1 s, so the transfer goes on.
run_etl load --quiet --taxi green --year 2019 --month 1 --schema drip --stall-timeout 1 \
    --source-url "$(faulted drip=500 drip-bytes=1 drip-until=12)"
check_eq "$RC" 0 "a body dripping a byte every 0.5 s is not cut by --stall-timeout 1"
check_eq "$(q 'SELECT count(*) FROM drip.green_tripdata')" "$(rows_of "$jan")" "and loads in full"

# 40 bytes every 4 s: 10 bytes/s on average (libcurl's low-speed check of 1
# byte/s passes it), but 4 s without a byte, twice the stall timeout. The
# progress check runs at least once a second, so it sees the gap every time.
timed_etl load --quiet --taxi green --year 2019 --month 1 --retries 0 --stall-timeout 2 \
    --source-url "$(faulted drip=4000 drip-bytes=40 drip-until=120)"
check_failure 5 "no byte for 2 s (--stall-timeout)" "a gap of 4 s in a body fast on average"
check_contains "$ERR" "/files/green/green_tripdata_2019-01.csv.gz" "the message names the URL"
check_recorded failed "a gap of 4 s"
unchanged "a gap of 4 s"

# A source that goes silent (for 120 s) is cut after about the timeout.
timed_etl load --quiet --taxi green --year 2019 --month 1 --retries 0 --stall-timeout 2 \
    --source-url "$(faulted stall-after=20000)"
check_failure 5 "no byte for 2 s (--stall-timeout)" "a source that stops sending"
check_eq "$((ELAPSED < 30))" 1 "it is cut long before the source would go on (${ELAPSED} s)"
unchanged "a source that stops sending"

# A stall is transient: retried from the start.
curl -s "$BASE_URL/_reset" >/dev/null
run_etl load --quiet --taxi green --year 2019 --month 1 --retries 1 --retry-delay 0.1 \
    --stall-timeout 1 --source-url "$(faulted stall-after=20000)"
check_eq "$RC" 5 "a stall every time fails after the retries"
check_eq "$(curl -s "$BASE_URL/_hits?path=/files/green/green_tripdata_2019-01.csv.gz")" 2 \
    "a stalled attempt is retried"

# --- item 11: --max-time bounds an attempt -------------------------------------------
# An endless valid body, slowed so that the byte limit is far away.
ENDLESS_SLOW=$(faulted slow=300000 endless)
timed_etl load --quiet --taxi green --year 2019 --month 1 --retries 0 --max-time 3 \
    --source-url "$ENDLESS_SLOW"
check_failure 5 "not done within --max-time 3 s; raise --max-time" "an endless body past --max-time"
check_contains "$ERR" "/files/green/green_tripdata_2019-01.csv.gz" "the message names the URL"
check_eq "$((ELAPSED < 30))" 1 "it ends soon after --max-time (${ELAPSED} s)"
check_recorded failed "an endless body past --max-time"
unchanged "an endless body past --max-time"

# Into a schema without the table: the first load copies straight into a
# table it creates (holding its lock); that table goes too.
run_etl load --quiet --taxi green --year 2019 --month 1 --retries 0 --max-time 2 \
    --schema endless --source-url "$ENDLESS_SLOW"
check_failure 5 "not done within --max-time 2 s" "a first load of an endless body"
check_eq "$(table_fingerprint endless.green_tripdata)" "missing" "the table it began is not left behind"

# Per attempt: each retry has the whole time again.
curl -s "$BASE_URL/_reset" >/dev/null
run_etl load --quiet --taxi green --year 2019 --month 1 --retries 1 --retry-delay 0.1 \
    --max-time 2 --source-url "$ENDLESS_SLOW"
check_eq "$RC" 5 "an attempt past --max-time is retried, then fails"
check_eq "$(curl -s "$BASE_URL/_hits?path=/files/green/green_tripdata_2019-01.csv.gz")" 2 \
    "two attempts were made"

# Per month in a backfill.
run_etl backfill --taxi green --from 2019-01 --to 2019-02 --retries 0 --max-time 2 \
    --schema endless --source-url "$ENDLESS_SLOW"
check_eq "$RC" 5 "a backfill of endless months fails with 5"
check_contains "$OUT" "2019-01   failed" "the first month is cut"
check_contains "$OUT" "2019-02   failed" "and the second one too, with its own time"

# --- item 11: --max-bytes bounds a file -----------------------------------------------
timed_etl load --quiet --taxi green --year 2019 --month 1 --max-bytes 5MB \
    --source-url "$(faulted endless)"
check_failure 4 "is larger than --max-bytes 5 MB once decompressed; raise --max-bytes" \
    "an endless body past --max-bytes"
check_contains "$ERR" "/files/green/green_tripdata_2019-01.csv.gz" "the message names the URL"
check_recorded failed "an endless body past --max-bytes"
unchanged "an endless body past --max-bytes"
run_etl load --quiet --taxi green --year 2019 --month 1 --max-bytes 5MB --schema endless \
    --source-url "$(faulted endless)"
check_failure 4 "larger than --max-bytes 5 MB" "a first load of an endless body past --max-bytes"
check_eq "$(table_fingerprint endless.green_tripdata)" "missing" "the table it began is not left behind"

# The limit is on the download as well as on the CSV (a plain .csv counts
# as downloaded first), and a file exactly at the limit loads.
compressed=$(stat -c %s "$jan")
csv=$(zcat "$jan" | wc -c)
zcat "$jan" >"$WORK/www/green/green_tripdata_2019-01.csv"
run_etl load --quiet --taxi green --year 2019 --month 1 --max-bytes $((csv - 1)) \
    --source-url "$BASE_URL/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv"
check_failure 4 "is larger than --max-bytes $((csv - 1)) bytes as downloaded" \
    "a download one byte past --max-bytes"
unchanged "a download past --max-bytes"
run_etl load --quiet --taxi green --file "$jan" --max-bytes $((compressed - 1))
check_failure 4 "$jan is larger than --max-bytes $((compressed - 1)) bytes as read" \
    "--file: a file one byte past --max-bytes"
run_etl load --quiet --taxi green --file "$jan" --max-bytes $((csv - 1))
check_failure 4 "is larger than --max-bytes $((csv - 1)) bytes once decompressed" \
    "--file: CSV one byte past --max-bytes"
unchanged "--file past --max-bytes"
run_etl load --quiet --taxi green --file "$jan" --max-bytes "$csv" --schema exact
check_eq "$RC" 0 "a file of exactly --max-bytes of CSV loads"

# A gzip bomb: 40 MB of valid rows in a file of some 100 KB.
bomb="$WORK/green_tripdata_2019-03.csv.gz"
{
    zcat "$jan" | head -n 1
    yes "$(zcat "$jan" | sed -n 2p)" | head -n 400000
} | gzip -9 >"$bomb"
run_etl load --quiet --taxi green --file "$bomb" --max-bytes 10MB
check_failure 4 "$bomb is larger than --max-bytes 10 MB once decompressed" "a gzip bomb"
unchanged "a gzip bomb"

# --- options --------------------------------------------------------------------------
run_etl load --taxi green --year 2019 --month 1 --max-time 0
check_failure 2 "--max-time must be at least 1 second" "--max-time 0"
for bad in 0 lots 1.5GB 5PB; do
    run_etl load --taxi green --year 2019 --month 1 --max-bytes "$bad"
    check_failure 2 "--max-bytes must be a size such as 4GB" "--max-bytes $bad"
done
run_etl load --help
check_contains "$OUT" "--max-time SECONDS=1800" "load --help shows --max-time and its default"
check_contains "$OUT" "--max-bytes SIZE=4GB" "load --help shows --max-bytes and its default"

finish
