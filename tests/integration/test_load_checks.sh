#!/usr/bin/env bash
# What a load checks of a file's rows before it commits (issue 17): a month
# whose pickups lie mostly in another month (a --source-url without
# {month}) and a file with a header and no rows fail with exit 4, on every
# path a load takes, leaving the table and the loaded months unchanged; and
# standard input is read with --file - and --file-name, once.
source "$(dirname "$0")/lib.sh"
start_http_server

january=$(generate green 2019 1 3000 171)
february=$(generate green 2019 2 2000 172)
FILES_URL="$BASE_URL/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
FIXED_URL="$BASE_URL/files/green/green_tripdata_2019-01.csv.gz" # no {month}
load_month() { # load_month M URL [options...]
    local month=$1 url=$2
    shift 2
    run_etl load --quiet --taxi green --year 2019 --month "$month" --source-url "$url" "$@"
}
# state_of MONTH [SCHEMA]: the month's state in `status --format json`.
state_of() {
    "$TAXI_ETL" status --taxi green --schema "${2:-public}" --format json |
        python3 -c 'import json, sys; print([m["state"] for m in json.load(sys.stdin)[0]["months"] if m["month"] == sys.argv[1]][0])' "$1"
}

# --- a fixed URL loads January under every month's name ----------------------
load_month 1 "$FIXED_URL"
check_eq "$RC/$(q 'SELECT count(*) FROM green_tripdata')" "0/3000" \
    "the fixed URL of January loads January (pickups in the month asked for)"
before=$(table_fingerprint green_tripdata)
unchanged() {
    check_eq "$(table_fingerprint green_tripdata)" "$before" "$1: the table is unchanged"
}

load_month 3 "$FIXED_URL"
check_failure 4 "green_tripdata_2019-03.csv: " "January's file as March"
check_contains "$ERR" "of 3000 rows have pickups outside 2019-03, " "the rows outside March are counted"
check_contains "$ERR" " in 2019-01 (does --source-url lack {month}?)" \
    "January and the likely cause are named"
check_recorded failed "January's file as March"
unchanged "January's file as March (a new partition)"
check_eq "$(state_of 2019-03)" "failed" "status shows March failed, not loaded"
check_eq "$(q "SELECT count(*) FROM taxi_etl.loaded_files WHERE file_name = 'green_tripdata_2019-03.csv'")" 0 \
    "nothing is recorded of March's file"

run_etl backfill --taxi green --from 2019-01 --to 2019-03 --source-url "$FIXED_URL"
check_eq "$RC" 4 "backfill with a fixed URL: exit 4"
check_contains "$ERR" "green_tripdata_2019-02.csv: " "backfill: February fails"
check_contains "$ERR" "rows have pickups outside 2019-02" "backfill: naming its month"
unchanged "backfill with a fixed URL"

# A reload in full: January's partition compared with February's rows.
load_month 1 "$BASE_URL/files/green/green_tripdata_2019-02.csv.gz" --verify
check_failure 4 "green_tripdata_2019-01.csv: 2000 of 2000 rows have pickups outside 2019-01" \
    "February's file as January, compared with January's partition"
check_contains "$ERR" "in 2019-02 (does --source-url lack {month}?)" "February is named"
unchanged "the compare of a reload"
check_eq "$(state_of 2019-01)" "loaded" "January stays loaded"

# The first load of a new table (its schema created by the load).
load_month 3 "$FIXED_URL" --schema fresh
check_failure 4 "rows have pickups outside 2019-03" "a first load into a new schema"
check_eq "$(q "SELECT count(*) FROM pg_namespace WHERE nspname = 'fresh'")" 0 \
    "the new schema is not created"

# A plain table (the course's): the merge of a month not loaded before, and
# the probe of a month loaded before.
q "CREATE SCHEMA course" >/dev/null
flow_table course green
load_month 1 "$FILES_URL" --schema course
check_eq "$RC" 0 "January into a plain table"
course_before=$(table_fingerprint course.green_tripdata)
load_month 3 "$FIXED_URL" --schema course
check_failure 4 "green_tripdata_2019-03.csv: " "January's file as March, merged into a plain table"
load_month 1 "$BASE_URL/files/green/green_tripdata_2019-02.csv.gz" --schema course
check_failure 4 "green_tripdata_2019-01.csv: 2000 of 2000 rows have pickups outside 2019-01" \
    "February's file as January, probed in a plain table"
check_eq "$(table_fingerprint course.green_tripdata)" "$course_before" \
    "the plain table is unchanged"
check_eq "$(state_of 2019-03 course)" "failed" "March is not loaded in the plain table"

# --- a few pickups in other months are fine ------------------------------------
# April with 10% of its pickups moved to March and May.
generate green 2019 4 2000 174 >/dev/null
april="$WORK/www/green/green_tripdata_2019-04.csv.gz"
zcat "$april" | awk -F, -v OFS=, 'NR > 1 && NR % 20 == 0 { $2 = "2019-03-31 23:00:00" }
    NR > 1 && NR % 20 == 10 { $2 = "2019-05-01 00:10:00" } { print }' | gzip -1 >"$WORK/april.gz"
mv "$WORK/april.gz" "$april"
load_month 4 "$FILES_URL"
check_eq "$RC/$(q "SELECT count(*) FROM green_tripdata WHERE filename = 'green_tripdata_2019-04.csv'")" \
    "0/2000" "a month with 10% of its pickups in other months loads"
check_eq "$(q "SELECT count(*) >= 200 FROM green_tripdata WHERE filename = 'green_tripdata_2019-04.csv' AND date_trunc('month', lpep_pickup_datetime) <> '2019-04-01'")" \
    t "its stray pickups included"

if [ -f "$REAL_FILE" ]; then
    mkdir -p "$WORK/real/green"
    cp "$REAL_FILE" "$WORK/real/green/green_tripdata_2019-10.csv.gz"
    load_month 10 "file://$WORK/real/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
    check_eq "$RC/$(q "SELECT count(*) FROM green_tripdata WHERE filename = 'green_tripdata_2019-10.csv'")" \
        "0/$(rows_of "$REAL_FILE")" "the real sample of 2019-10 loads as 2019-10"
elif [ "${CI:-}" = "true" ]; then
    not_ok "the real sample is missing: $REAL_FILE"
else
    echo "# skipped: the real sample is not here ($REAL_FILE)"
fi

# --- a file with a header and no rows -----------------------------------------
zcat "$january" | head -n 1 | gzip -1 >"$WORK/www/green/green_tripdata_2019-05.csv.gz"
before=$(table_fingerprint green_tripdata)
load_month 5 "$FILES_URL"
check_failure 4 "green_tripdata_2019-05.csv has a header and no rows; a published month is never empty (--allow-empty loads it)" \
    "a month with a header and no rows"
check_recorded failed "a month with a header and no rows"
unchanged "an empty month"
check_eq "$(state_of 2019-05)" "failed" "the empty month is not loaded"
run_etl backfill --quiet --taxi green --from 2019-05 --to 2019-05 --source-url "$FILES_URL"
check_eq "$RC" 4 "backfill of an empty month: exit 4"
run_etl load --quiet --taxi green --file "$WORK/www/green/green_tripdata_2019-05.csv.gz" --schema local
check_failure 4 "green_tripdata_2019-05.csv has a header and no rows" "an empty --file"
load_month 5 "$FILES_URL" --allow-empty
check_eq "$RC" 0 "with --allow-empty the empty month loads"
unchanged "the empty month loaded"
run_etl backfill --quiet --taxi green --from 2019-05 --to 2019-05 --source-url "$FILES_URL" --allow-empty --force
check_eq "$RC" 0 "backfill --allow-empty of the empty month"
run_etl load --quiet --taxi green --file - --file-name green_tripdata_2019-05.csv --allow-empty --schema local \
    <"$WORK/www/green/green_tripdata_2019-05.csv.gz"
check_eq "$RC" 0 "--file - --allow-empty of an empty file"

# --- standard input -----------------------------------------------------------
run_etl load --taxi green --file - --schema piped <"$january"
check_failure 2 "--file - reads standard input: give its name with --file-name" \
    "--file - without --file-name"
run_etl load --taxi green --file-name green_tripdata_2019-01.csv --year 2019 --month 1
check_failure 2 "--file-name names the file of --file" "--file-name without --file"
run_etl load --taxi green --file - --file-name "../x.csv" --schema piped <"$january"
check_failure 2 "--file-name must be a file's name" "a --file-name with a slash"
check_eq "$(q "SELECT count(*) FROM pg_namespace WHERE nspname = 'piped'")" 0 \
    "usage errors touch nothing"

# piped_load NAME [options]: the load of standard input as NAME into schema piped.
piped_load() {
    local name=$1
    shift
    run_etl load --quiet --taxi green --schema piped --file - --file-name "$name" "$@"
}
piped_rows() {
    q "SELECT count(*) FROM piped.green_tripdata WHERE filename = '$1'"
}

piped_load green_tripdata_2019-01.csv.gz <"$january" # gzip; ".gz" dropped
check_eq "$RC/$(piped_rows green_tripdata_2019-01.csv)" "0/$(rows_of "$january")" \
    "gzip on standard input, recorded under its --file-name"
zcat "$february" | piped_load green_tripdata_2019-02.csv
check_eq "$RC/$(piped_rows green_tripdata_2019-02.csv)" "0/$(rows_of "$february")" \
    "plain CSV (LF) on standard input"
crlf="$WORK/crlf.csv.gz"
"$TAXI_ETL_GEN" --taxi green --year 2019 --month 3 --rows 1500 --seed 173 --line-end crlf \
    --out "$crlf" 2>/dev/null
check_eq "$(zcat "$crlf" | head -n 1 | od -c | grep -c '\\r')" 1 "the CRLF sample ends its lines in CR LF"
zcat "$crlf" | piped_load green_tripdata_2019-03.csv
check_eq "$RC/$(piped_rows green_tripdata_2019-03.csv)" "0/$(rows_of "$crlf")" \
    "plain CSV (CRLF) on standard input"

piped_before=$(table_fingerprint piped.green_tripdata)
run_etl load --taxi green --schema piped --file - --file-name green_tripdata_2019-01.csv <"$january"
check_eq "$RC" 0 "the same file again from standard input"
check_contains "$ERR" "green_tripdata_2019-01.csv: 3000 rows read, 0 inserted, 3000 already present" "inserts nothing"
check_eq "$(table_fingerprint piped.green_tripdata)" "$piped_before" "the table is unchanged"
cat "$january" | run_etl load --quiet --taxi green --schema piped --file /dev/stdin \
    --file-name green_tripdata_2019-01.csv --verify
check_eq "$RC" 0 "--file /dev/stdin reads standard input as --file - does"
check_eq "$(table_fingerprint piped.green_tripdata)" "$piped_before" "and inserts nothing"
# Standard input is not a version of a file: a reload from the file itself compares.
run_etl load --quiet --taxi green --schema piped --file "$january"
check_eq "$RC/$(table_fingerprint piped.green_tripdata)" "0/$piped_before" \
    "the file itself after standard input: nothing inserted"
cp "$january" "$WORK/renamed.gz"
run_etl load --quiet --taxi green --schema piped --file "$WORK/renamed.gz" \
    --file-name green_tripdata_2019-01.csv
check_eq "$RC/$(table_fingerprint piped.green_tripdata)" "0/$piped_before" \
    "--file-name names a local file too: the same file under another name inserts nothing"
# A pipe's path (/dev/fd/63) or a file descriptor's names no file: the name
# is asked for, as for standard input, and nothing is recorded as "63".
run_etl load --taxi green --schema piped --file <(zcat "$february")
check_failure 2 "--file /dev/fd/" "a pipe given as a path without --file-name"
check_contains "$ERR" "is a pipe or a file descriptor, not a file's name: give its name with --file-name" \
    "the pipe's path: --file-name is asked for"
run_etl load --taxi green --schema piped --file /dev/fd/3 3<"$february"
check_failure 2 "--file /dev/fd/3 is a pipe or a file descriptor" \
    "a file descriptor's path without --file-name, even on a file"
mkfifo "$WORK/green_tripdata_2019-02.csv.gz"
zcat "$february" >"$WORK/green_tripdata_2019-02.csv.gz" &
writer=$!
run_etl load --taxi green --schema piped --file "$WORK/green_tripdata_2019-02.csv.gz"
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null
check_failure 2 "is a pipe or a file descriptor" "a named FIFO without --file-name"
check_eq "$(table_fingerprint piped.green_tripdata)/$(q "SELECT count(*) FROM taxi_etl.runs WHERE file_name ~ '^[0-9]+$'")" \
    "$piped_before/0" "no load of a pipe without its name: the table is unchanged, no file named by a number"
run_etl load --quiet --taxi green --schema piped --file <(zcat "$february") \
    --file-name green_tripdata_2019-02.csv
check_eq "$RC/$(table_fingerprint piped.green_tripdata)" "0/$piped_before" \
    "a pipe given as a path is read once too"

# Standard input in a month of another month's rows is not checked (a --file).
zcat "$january" | piped_load green_tripdata_2019-06.csv
check_eq "$RC" 0 "a --file load is not checked for its month"

finish
