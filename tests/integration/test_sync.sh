#!/usr/bin/env bash
# sync: every month the source publishes and the table does not hold, from
# --from to --to; months after the newest published one are "not published
# yet" (no error); a gap is one line and exit 3; a run with nothing new is
# silent under --quiet and touches neither table nor history. And the
# crontab lines `cron` prints, run as cron would run them.
source "$(dirname "$0")/lib.sh"
start_http_server

jan=$(generate green 2019 1 3000 61)
feb=$(generate green 2019 2 2000 62)
mar=$(generate green 2019 3 2500 63)
expected=$(( $(rows_of "$jan") + $(rows_of "$feb") + $(rows_of "$mar") ))
runs() { q "SELECT count(*) FROM taxi_etl.runs"; }
files_of() { q "SELECT string_agg(filename, ',' ORDER BY filename) FROM (SELECT DISTINCT filename FROM $1) f"; }

# --- a source publishing 2019-01..2019-03 ----------------------------------------
run_etl sync --taxi green --from 2019-01 --to 2019-06 --source-url "$RELEASE_URL"
check_eq "$RC" 0 "sync of a source publishing 3 of 6 months succeeds"
check_eq "$(q 'SELECT count(*) FROM green_tripdata')" "$expected" "it loads exactly the rows of the three files"
check_contains "$ERR" "green_tripdata_2019-02.csv: $(rows_of "$feb") rows read" "it prints a line per month loaded"
check_contains "$ERR" "sync green 2019-01..2019-06: 3 loaded, 0 held, not published yet: 2019-04..2019-06" \
    "the summary says what was loaded and what is not published yet"
check_not_contains "$ERR" "error" "months not published yet are no error"
check_eq "$(runs)" 3 "one run per month loaded"

# The next run: nothing new, so nothing printed, nothing recorded, no file read.
fingerprint=$(table_fingerprint green_tripdata)
curl -s "$BASE_URL/_reset" >/dev/null
run_etl sync --taxi green --from 2019-01 --to 2019-06 --source-url "$RELEASE_URL" --quiet
check_eq "$RC" 0 "the next run exits 0"
check_eq "$OUT$ERR" "" "the next run is silent under --quiet"
check_eq "$(runs)" 3 "the next run records no run"
check_eq "$(table_fingerprint green_tripdata)" "$fingerprint" "the next run leaves the table as it was"
check_eq "$(curl -s "$BASE_URL/_hits?path=/DataTalksClub/nyc-tlc-data/releases/download/green/green_tripdata_2019-02.csv.gz")" \
    0 "a month the table holds is not asked of the source"
check_eq "$(curl -s "$BASE_URL/_hits?path=/DataTalksClub/nyc-tlc-data/releases/download/green/green_tripdata_2019-05.csv.gz")" \
    1 "a month not published yet is asked once"
run_etl sync --taxi green --from 2019-01 --to 2019-06 --source-url "$RELEASE_URL"
check_contains "$ERR" "sync green 2019-01..2019-06: 0 loaded, 3 held, not published yet: 2019-04..2019-06" \
    "without --quiet, the summary says the months are held"

# A month published since is loaded by the next run, and only it.
apr=$(generate green 2019 4 1500 64)
run_etl sync --taxi green --from 2019-01 --to 2019-06 --source-url "$RELEASE_URL" --quiet
check_eq "$RC$OUT$ERR" "0" "a run that loads a new month is silent under --quiet"
check_eq "$(q "SELECT count(*) FROM green_tripdata WHERE filename = 'green_tripdata_2019-04.csv'")" \
    "$(rows_of "$apr")" "the month published since is loaded"
check_eq "$(runs)" 4 "and only it"

# --- a gap: 2019-02 missing between 2019-01 and 2019-03 ----------------------------
mkdir -p "$WORK/www/gap"
cp "$jan" "$mar" "$WORK/www/gap/"
gap_url="$BASE_URL/files/gap/{taxi}_tripdata_{year}-{month}.csv.gz"
run_etl sync --taxi green --from 2019-01 --to 2019-05 --source-url "$gap_url" --schema gap
check_eq "$RC" 3 "a gap exits 3"
check_contains "$ERR" "taxi-etl: error: sync green: a gap in the source: 2019-02 not published, but 2019-03 is (not published: HTTP 404 for $BASE_URL/files/gap/green_tripdata_2019-02.csv.gz)" \
    "the gap is named, with the first published month after it"
check_contains "$ERR" "2 loaded, 0 held, not published: 2019-02, not published yet: 2019-04..2019-05" \
    "the summary counts the months"
check_eq "$(files_of gap.green_tripdata)" "green_tripdata_2019-01.csv,green_tripdata_2019-03.csv" \
    "the months around the gap are loaded"
run_etl sync --taxi green --from 2019-01 --to 2019-05 --source-url "$gap_url" --schema gap --quiet
check_failure 3 "a gap in the source: 2019-02 not published, but 2019-03 is" \
    "under --quiet, a gap is the one line cron mails"

# --- nothing published at all ---------------------------------------------------------
runs_before=$(runs)
run_etl sync --taxi green --from 2019-01 --to 2019-03 --source-url "$BASE_URL/files/nowhere/{taxi}_{year}-{month}.csv.gz" --schema nowhere --quiet
check_failure 3 "sync green: none of 2019-01..2019-03 is published (not published: HTTP 404 for $BASE_URL/files/nowhere/green_2019-01.csv.gz)" \
    "a source that publishes nothing"
check_eq "$(table_fingerprint nowhere.green_tripdata)" "missing" "no table is created"
check_eq "$(runs)" "$runs_before" "no run is recorded"

# --- a file:// source, and the default --from ----------------------------------------------
run_etl sync --taxi green --to 2019-05 --source-url "file://$WORK/www/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz" --schema files
check_eq "$RC" 0 "sync from a file:// source succeeds"
check_contains "$ERR" "sync green 2019-01..2019-05: 4 loaded, 0 held, not published yet: 2019-05" \
    "--from defaults to the kind's first published month; a missing file is not published yet"
check_eq "$(files_of files.green_tripdata)" \
    "green_tripdata_2019-01.csv,green_tripdata_2019-02.csv,green_tripdata_2019-03.csv,green_tripdata_2019-04.csv" \
    "a file:// source loads the files it has"

# --- --to defaults to this month ---------------------------------------------------------------
run_etl sync --taxi green --from 2019-03 --source-url "$RELEASE_URL" --schema today --jobs 2
check_eq "$RC" 0 "sync up to this month succeeds"
check_contains "$ERR" "sync green 2019-03..$(date +%Y-%m): 2 loaded, 0 held, not published yet: 2019-05..$(date +%Y-%m)" \
    "--to defaults to this month"

# --- a transient failure of the probe is retried; a failed month is reported ---------------
curl -s "$BASE_URL/_reset" >/dev/null
run_etl sync --taxi green --from 2019-01 --to 2019-01 --retry-delay 0 --schema flaky \
    --source-url "$BASE_URL/fault/status-once=503/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
check_eq "$RC" 0 "a probe answered 503 once is retried"
check_contains "$ERR" "HTTP 503" "the retry is said"
check_contains "$ERR" "1 loaded" "and the month loaded"
mkdir -p "$WORK/www/cut"
cp "$jan" "$WORK/www/cut/"
head -c 20000 "$feb" >"$WORK/www/cut/green_tripdata_2019-02.csv.gz"
run_etl sync --taxi green --from 2019-01 --to 2019-03 --quiet --schema cut \
    --source-url "$BASE_URL/files/cut/{taxi}_tripdata_{year}-{month}.csv.gz"
check_eq "$RC" 4 "a month that fails gives its exit code"
check_contains "$ERR" "2019-02: failed: " "under --quiet, the failed month is reported"
check_contains "$ERR" "1 loaded, 0 held, 1 failed, not published yet: 2019-03" "with the summary"
check_eq "$(files_of cut.green_tripdata)" "green_tripdata_2019-01.csv" "the other month is loaded"

# A month the source refuses (HTTP 403 to the probe) fails alone: the
# months around it load (the status-once fault is used up for them first).
for month in 01 03; do
    curl -s -o /dev/null "$BASE_URL/fault/status-once=403/files/green/green_tripdata_2019-$month.csv.gz"
done
run_etl sync --taxi green --from 2019-01 --to 2019-03 --quiet --schema refused \
    --source-url "$BASE_URL/fault/status-once=403/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
check_eq "$RC" 5 "a month whose probe is refused gives the network's exit code"
check_contains "$ERR" "2019-02: failed: " "the month is reported"
check_contains "$ERR" "HTTP 403" "with what the source said"
check_contains "$ERR" "sync green 2019-01..2019-03: 2 loaded, 0 held, 1 failed" "with the summary"
check_eq "$(files_of refused.green_tripdata)" \
    "green_tripdata_2019-01.csv,green_tripdata_2019-03.csv" "the months around it are loaded"

# --- options ---------------------------------------------------------------------------
run_etl sync --taxi green --from 2019-05 --to 2019-01
check_failure 2 "--to 2019-01 is before --from 2019-05" "a reversed range"
run_etl sync --taxi green --jobs 0
check_failure 2 "--jobs must be 1 to 16" "--jobs 0"
run_etl sync --taxi green --force
check_failure 2 "--force" "sync has no --force (backfill --force reloads)"

# --- cron: the printed line runs ------------------------------------------------------------
# Only what the crontab carries reaches the run: the PG* lines, the password
# through PGPASSFILE (as ~/.pgpass would).
printf '*:*:*:*:%s\n' "${PGPASSWORD:-}" >"$WORK/pgpass"
chmod 600 "$WORK/pgpass"
PGPASSFILE="$WORK/pgpass" run_etl cron --taxi green --schema cronrun --source-url "$RELEASE_URL"
check_eq "$RC" 0 "cron succeeds"
check_not_contains "$OUT" "PGPASSWORD" "the crontab holds no PGPASSWORD"
if [ -n "${PGPASSWORD:-}" ]; then
    check_not_contains "$OUT" "$PGPASSWORD" "nor its value"
    check_contains "$ERR" "PGPASSWORD is set but not written into the crontab" "cron warns that PGPASSWORD is left out"
fi
check_contains "$OUT" "PGPASSFILE=$WORK/pgpass" "the crontab carries PGPASSFILE"
mapfile -t variables < <(grep -E '^[A-Z_]+=' <<<"$OUT")
line=$(grep -- ' sync --taxi green ' <<<"$OUT")
check_contains "$line" "0 9 1 * *   $TAXI_ETL sync --taxi green --quiet" "cron prints the sync line"
# cron runs the part after the five time fields with sh, '\%' read as '%'.
command=$(sed -E 's/^([^ ]+ +){5}//; s/\\%/%/g' <<<"$line")
env -i PATH=/usr/bin:/bin HOME="$WORK" "${variables[@]}" sh -c "$command" >"$WORK/cron.out" 2>&1
check_eq "$?" 0 "the printed crontab line runs"
check_eq "$(cat "$WORK/cron.out")" "" "and prints nothing"
check_eq "$(files_of cronrun.green_tripdata)" \
    "green_tripdata_2019-01.csv,green_tripdata_2019-02.csv,green_tripdata_2019-03.csv,green_tripdata_2019-04.csv" \
    "it loads what is published"

# --db goes into the lines without its password.
run_etl cron --taxi green --db "postgresql://etl:Pa55word@127.0.0.1:5432/ny_taxi?sslmode=require"
check_eq "$RC" 0 "cron --db succeeds"
check_contains "$OUT" "--db 'user=etl dbname=ny_taxi host=127.0.0.1 port=5432 sslmode=require'" "--db is written without its password"
check_not_contains "$OUT$ERR" "Pa55word" "the password is nowhere"
check_contains "$ERR" "the password of --db is not written" "cron says so"
run_etl cron --mode for-date --taxi green
check_contains "$OUT" "load --taxi green --for-date today --quiet" "--mode for-date prints the course's load"

finish
