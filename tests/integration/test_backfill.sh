#!/usr/bin/env bash
# backfill: ranges of months, in order or several at once, failures reported
# per month, a second run that retries only what did not succeed; and
# load --for-date, the month a scheduled run loads.
source "$(dirname "$0")/lib.sh"
start_http_server

jan=$(generate green 2019 1 7000 51)
feb=$(generate green 2019 2 5000 52)
mar=$(generate green 2019 3 6000 53)
expected=$(( $(rows_of "$jan") + $(rows_of "$feb") + $(rows_of "$mar") ))

# --- three months, one after another ------------------------------------------
run_etl backfill --taxi green --from 2019-01 --to 2019-03 --source-url "$RELEASE_URL"
check_eq "$RC" 0 "a backfill of three published months succeeds"
check_eq "$(q 'SELECT count(*) FROM green_tripdata')" "$expected" "it loads exactly the rows of the three files"
check_eq "$(q 'SELECT count(DISTINCT filename) FROM green_tripdata')" 3 "under three distinct file names"
check_contains "$OUT" "2019-02   loaded" "the final table lists each month"
check_eq "$(q "SELECT count(*) FROM taxi_etl.runs WHERE labels->>'backfill' = 'true' AND status = 'succeeded'")" \
    3 "each month is a run labelled backfill=true"

# --- the same with --jobs 2, into another schema --------------------------------
run_etl backfill --taxi green --from 2019-01 --to 2019-03 --source-url "$RELEASE_URL" --jobs 2 --schema jobs2
check_eq "$RC" 0 "a backfill with --jobs 2 succeeds"
check_eq "$(q 'SELECT count(*) FROM jobs2.green_tripdata')" "$expected" "--jobs 2 loads exactly the same rows"
check_eq "$(q 'SELECT count(DISTINCT filename) FROM jobs2.green_tripdata')" 3 "--jobs 2: three file names"

# --- a range with a missing month and a corrupt one -----------------------------
generate green 2019 5 4000 55 >/dev/null
head -c 30000 "$(generate green 2019 6 4000 56)" >"$WORK/cut.gz"
mv "$WORK/cut.gz" "$WORK/www/green/green_tripdata_2019-06.csv.gz"
run_etl backfill --taxi green --from 2019-03 --to 2019-06 --source-url "$RELEASE_URL" --schema gaps
check_eq "$RC" 4 "the exit code is that of the failed month (bad data)"
check_contains "$OUT" "2019-04   not published" "the missing month is reported as not published"
check_contains "$OUT" "2019-06   failed" "the corrupt month is reported as failed"
check_contains "$OUT" "is truncated" "with its reason"
check_eq "$(q "SELECT string_agg(filename, ',' ORDER BY filename) FROM (SELECT DISTINCT filename FROM gaps.green_tripdata) f")" \
    "green_tripdata_2019-03.csv,green_tripdata_2019-05.csv" "the good months are loaded, the bad ones not at all"
check_contains "$ERR" "2 loaded, 1 not published, 1 failed" "the last line counts the outcomes"

# Mend the corrupt month; the second run loads only what did not succeed.
generate green 2019 6 4000 56 >/dev/null
run_etl backfill --taxi green --from 2019-03 --to 2019-06 --source-url "$RELEASE_URL" --schema gaps
check_eq "$RC" 3 "a second run exits 3 while a month is still not published"
check_contains "$ERR" "2019-03: skipped, loaded by run" "it says which months it skips and why"
check_contains "$OUT" "2019-06   loaded" "it loads the month that failed"
check_eq "$(q "SELECT count(*) FROM taxi_etl.runs WHERE target_schema = 'gaps' AND file_name = 'green_tripdata_2019-05.csv'")" \
    1 "a month loaded before is not downloaded again"
run_etl backfill --taxi green --from 2019-03 --to 2019-06 --source-url "$RELEASE_URL" --schema gaps --force --quiet
check_eq "$(q "SELECT count(*) FROM taxi_etl.runs WHERE target_schema = 'gaps' AND file_name = 'green_tripdata_2019-05.csv'")" \
    2 "--force loads it again"
check_eq "$ERR" "taxi-etl: backfill green 2019-03..2019-06: 3 already loaded, 1 not published" \
    "--quiet prints only the closing line of a backfill that did not fully succeed"

# --- --fail-fast stops at the first failure --------------------------------------
run_etl backfill --taxi green --from 2019-06 --to 2019-09 --source-url "$BASE_URL/fault/status=500/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz" --schema ff --fail-fast
check_eq "$RC" 5 "--fail-fast: the exit code of the failure (network)"
check_contains "$OUT" "2019-07   not attempted" "--fail-fast: the later months are not attempted"

# --- options ----------------------------------------------------------------------
run_etl backfill --taxi green --from 2019-05 --to 2019-01
check_failure 2 "--to 2019-01 is before --from 2019-05" "a reversed range"
run_etl backfill --taxi green --from 2019-13 --to 2020-01
check_failure 2 "--from must be a month such as 2019-01" "a bad month"
# A range over 100 years is refused before the database or the network: no
# run is recorded, no request made.
curl -s "$BASE_URL/_reset" >/dev/null
runs_before=$(q 'SELECT count(*) FROM taxi_etl.runs')
run_etl backfill --taxi green --from 1920-01 --to 2020-01 --source-url "$RELEASE_URL" --schema huge
check_failure 2 "--from 1920-01 --to 2020-01 is 1201 months; a backfill covers at most 1200" \
    "a range of more than 1,200 months"
check_eq "$(q 'SELECT count(*) FROM taxi_etl.runs')" "$runs_before" "a refused range records no run"
check_eq "$(curl -s "$BASE_URL/_hits?path=/DataTalksClub/nyc-tlc-data/releases/download/green/green_tripdata_1920-01.csv.gz")" \
    0 "a refused range makes no request"
run_etl backfill --taxi green --from 0001-01 --to 9999-12 --source-url "$RELEASE_URL"
check_failure 2 "is 119988 months" "the widest range"
run_etl backfill --taxi green --from 2019-01 --to 2019-02 --jobs 0
check_failure 2 "--jobs must be 1 to 16" "--jobs 0"
run_etl backfill --taxi green --from 2019-01 --to 2019-02 --fail-fast --keep-going
check_failure 2 "'--fail-fast' and '--keep-going' cannot be given together" "--fail-fast with --keep-going"

# --- --for-date --------------------------------------------------------------------
run_etl load --taxi green --for-date 2019-02-15 --source-url "$RELEASE_URL" --schema fordate
check_eq "$RC" 0 "--for-date 2019-02-15 loads"
check_eq "$(q 'SELECT DISTINCT filename FROM fordate.green_tripdata')" "green_tripdata_2019-02.csv" \
    "--for-date 2019-02-15 loads 2019-02"
this_year=$(date +%Y)
this_month=$(date +%m)
generate green "$this_year" "$this_month" 300 57 >/dev/null
run_etl load --taxi green --for-date today --source-url "$RELEASE_URL" --schema fordate
check_eq "$RC" 0 "--for-date today loads"
check_eq "$(q "SELECT count(*) FROM fordate.green_tripdata WHERE filename = 'green_tripdata_${this_year}-${this_month}.csv'")" \
    300 "--for-date today resolves to the current month"
run_etl load --taxi green --for-date 2019-02-30
check_failure 2 "--for-date must be a date" "an impossible date"
run_etl load --taxi green --for-date 2019-02-01 --year 2019 --month 2
check_failure 2 "give exactly one of" "--for-date with --year"

finish
