#!/usr/bin/env bash
# Every kind of bad input and failure of issue 2: a distinct exit code, one
# clear line naming the problem, no secret printed, and the final table
# exactly as it was.
source "$(dirname "$0")/lib.sh"
start_http_server

FILES_URL="$BASE_URL/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
good=$(generate green 2019 1 5000 31)
run_etl load --quiet --taxi green --file "$good"
check_eq "$RC" 0 "a good month is loaded first"
before=$(table_fingerprint green_tripdata)

unchanged() {
    check_eq "$(table_fingerprint green_tripdata)" "$before" "$1: the final table is unchanged"
}

# --- usage errors: rejected before the network or the database is touched --
# (--db and --source-url point at a port where nothing listens: a run that
# got that far would fail with 5 or 6, not 2.)
NOWHERE_DB="host=127.0.0.1 port=1 connect_timeout=1"
NOWHERE_URL="http://127.0.0.1:1/{taxi}_{year}-{month}.csv.gz"
usage_case() {
    local pattern=$1 description=$2
    shift 2
    run_etl "$@"
    check_failure 2 "$pattern" "$description"
}
usage_case "blue" "--taxi blue" load --taxi blue --year 2019 --month 1 --db "$NOWHERE_DB" --source-url "$NOWHERE_URL"
usage_case "--month must be 1 to 12" "--month 13" load --taxi green --year 2019 --month 13 --db "$NOWHERE_DB" --source-url "$NOWHERE_URL"
usage_case "--year must be a four-digit year" "--year 19" load --taxi green --year 19 --month 1 --db "$NOWHERE_DB" --source-url "$NOWHERE_URL"
usage_case "--taxi is required" "no --taxi" load --year 2019 --month 1 --db "$NOWHERE_DB"
usage_case "give both --year and --month" "no month" load --taxi green --year 2019 --db "$NOWHERE_DB"
usage_case "give exactly one of" "--file with --year" load --taxi green --file "$good" --year 2019 --db "$NOWHERE_DB"
usage_case "unknown placeholder '{day}'" "a bad URL template" load --taxi green --year 2019 --month 1 --source-url "http://127.0.0.1:1/{day}" --db "$NOWHERE_DB"
usage_case "--no-such-option" "an unknown option" load --taxi green --no-such-option
usage_case "a command is required" "no subcommand"

# --- the source is not there (3) ----------------------------------------------
run_etl load --quiet --taxi green --year 2021 --month 8 --source-url "$RELEASE_URL"
check_failure 3 "not published: HTTP 404 for $BASE_URL/DataTalksClub/nyc-tlc-data/releases/download/green/green_tripdata_2021-08.csv.gz" \
    "an unpublished month (404)"
check_recorded failed "an unpublished month (404)"
unchanged "404"
run_etl load --quiet --taxi green --file "$WORK/no-such-file.csv.gz"
check_failure 3 "no-such-file.csv.gz: No such file or directory" "a missing local file"
run_etl load --quiet --taxi green --year 2019 --month 5 --source-url "file://$WORK/www/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
check_failure 3 "not found: file://" "a missing file:// URL"

# --- bad data (4) -------------------------------------------------------------
# bad_month NAME: a broken month under www/green/ served as 2019-NAME.
serve_as() { cp "$1" "$WORK/www/green/green_tripdata_2019-$2.csv.gz"; }
load_month() {
    run_etl load --quiet --taxi green --year 2019 --month "$1" --source-url "$FILES_URL"
}
# with_line N TEXT: the good file with line N replaced by TEXT.
with_line() {
    zcat "$good" | awk -v n="$1" -v text="$2" 'NR == n { print text; next } { print }' | gzip -1
}

yellow=$(generate yellow 2019 2 100 32)
serve_as "$yellow" 02
load_month 02
check_failure 4 "the header is that of a yellow file, not green" "a yellow file loaded as green"
check_recorded failed "a yellow file loaded as green"
unchanged "wrong kind"

zcat "$good" | sed '1s/,congestion_surcharge$//' | gzip -1 >"$WORK/missing.gz"
serve_as "$WORK/missing.gz" 03
load_month 03
check_failure 4 "'congestion_surcharge' is missing" "a header with a column missing"

head -c 20000 "$good" >"$WORK/truncated.gz"
serve_as "$WORK/truncated.gz" 04
load_month 04
check_failure 4 "is truncated" "a truncated gzip"
check_recorded failed "a truncated gzip"
unchanged "truncated gzip"

zcat "$good" >"$WORK/plain.gz"
serve_as "$WORK/plain.gz" 05
load_month 05
check_failure 4 "is not gzip data" "a plain-text body where gzip is expected"

: >"$WORK/empty.gz"
serve_as "$WORK/empty.gz" 06
load_month 06
check_failure 4 "is empty" "an empty body"

fare_line=$(zcat "$good" | sed -n 100p | awk -F, -v OFS=, '{ $10 = "abc"; print }')
with_line 100 "$fare_line" >"$WORK/abc.gz"
serve_as "$WORK/abc.gz" 07
load_month 07
check_failure 4 'bad row in green_tripdata_2019-07.csv: line 100, column fare_amount: invalid input syntax for type double precision: "abc"' \
    "a row with abc as fare_amount (line and column named)"
check_recorded failed "a row with abc as fare_amount (line and column named)"
unchanged "bad number"

date_line=$(zcat "$good" | sed -n 2500p | awk -F, -v OFS=, '{ $2 = "2019-02-30 10:00:00"; print }')
with_line 2500 "$date_line" >"$WORK/date.gz"
serve_as "$WORK/date.gz" 08
load_month 08
check_failure 4 "line 2500, column lpep_pickup_datetime" "an impossible date"

extra_line="$(zcat "$good" | sed -n 4000p),1"
with_line 4000 "$extra_line" >"$WORK/extra.gz"
serve_as "$WORK/extra.gz" 09
load_month 09
check_failure 4 "line 4000" "a row with an extra field"
check_contains "$ERR" "extra data after last expected column" "the extra field is named"
unchanged "bad rows"

# Flipped bytes inside the deflate stream.
python3 - "$good" "$WORK/flipped.gz" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
for i in range(len(data) // 2, len(data) // 2 + 64):
    data[i] ^= 0xFF
open(sys.argv[2], "wb").write(data)
PY
serve_as "$WORK/flipped.gz" 10
load_month 10
check_failure 4 "is corrupt: gzip" "flipped bytes inside the deflate stream"
check_recorded failed "flipped bytes inside the deflate stream"

# with_long_value BYTES: line 3000 ends in a value of that many bytes (too
# long for a command-line argument: written by python).
with_long_value() {
    zcat "$good" | python3 -c '
import sys
for number, line in enumerate(sys.stdin, 1):
    if number == 3000:
        line = "2,2019-01-01 00:00:00,2019-01-01 00:10:00,N,1,1,1,1,1,1,0,0,0,0,,0,1,1,1," + "7" * int(sys.argv[1]) + "\n"
    sys.stdout.write(line)
' "$1" | gzip -1
}
# A 10 MB line: longer than a row may be (1 MiB), refused before COPY.
with_long_value 10000000 >"$WORK/long.gz"
serve_as "$WORK/long.gz" 11
load_month 11
check_failure 4 "bad row in green_tripdata_2019-11.csv: line 3000: the row is longer than 1 MiB" "a 10 MB line"
# A value of 1,000,000 bytes: a row COPY reads, whose error quotes it.
with_long_value 1000000 >"$WORK/long.gz"
serve_as "$WORK/long.gz" 11
load_month 11
check_failure 4 "line 3000, column congestion_surcharge" "a 1 MB value"
check_contains "$ERR" "... (1000044 bytes in all)" "the 1 MB value is cut short in the message"
check_eq "$(( $(wc -c <"$WORK/stderr") < 600 ))" 1 "the message stays short"

# Invalid UTF-8 bytes.
with_line 1500 "$(printf '2,2019-01-01 00:00:00,2019-01-01 00:10:00,N,1,\xff\xfe,1,1,1,1,0,0,0,0,,0,1,1,1,')" >"$WORK/utf8.gz"
serve_as "$WORK/utf8.gz" 12
load_month 12
check_failure 4 'invalid byte sequence for encoding "UTF8"' "invalid UTF-8 bytes"
unchanged "flipped bytes, long line, invalid UTF-8"

# --- network failures (5) -------------------------------------------------------
run_etl load --quiet --taxi green --year 2019 --month 1 --retries 0 \
    --source-url "http://user:urlsecret@127.0.0.1:$(cat "$WORK/port")/fault/status=500/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
check_failure 5 "HTTP 500" "HTTP 500"
check_recorded failed "HTTP 500"
check_not_contains "$ERR" "urlsecret" "a password in the URL is never printed"
run_etl load --quiet --taxi green --year 2019 --month 1 --retries 0 --source-url "http://127.0.0.1:1/{taxi}.csv.gz"
check_failure 5 "download failed for http://127.0.0.1:1/green.csv.gz" "connection refused"
run_etl load --quiet --taxi green --year 2019 --month 1 --source-url "$BASE_URL/fault/redirect-loop/files/{taxi}/x.gz"
check_failure 5 "redirect" "a redirect loop"
run_etl load --quiet --taxi green --year 2019 --month 1 --retries 0 --source-url "$BASE_URL/fault/close-after=30000/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
check_failure 5 "download failed" "a connection closed in the middle of the body"
unchanged "network failures"

# --- database failures (6) -------------------------------------------------------
run_etl load --quiet --taxi green --file "$good" --db "postgresql://etl:dbsecret@127.0.0.1:1/nowhere?connect_timeout=2"
check_failure 6 "cannot connect to the database" "an unreachable database"
check_not_contains "$ERR" "dbsecret" "the database password is never printed"

# --- a first load COPYs straight into the table it creates: a failure takes
# the table away with the transaction, whatever breaks and when. ---
with_line 4000 "2,2019-01-01 00:00:00,oops,N,1,1,1,1,1,1,0,0,0,0,,0,1,1,1," >"$WORK/bad_first.csv.gz"
run_etl load --quiet --taxi green --file "$WORK/bad_first.csv.gz" --schema fresh
check_failure 4 "bad row in bad_first.csv: line 4000, column lpep_dropoff_datetime" "bad data in a first load"
run_etl load --quiet --taxi green --year 2019 --month 1 --retries 0 --schema fresh --source-url "$BASE_URL/fault/close-after=30000/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
check_failure 5 "download failed" "a connection closed in the middle of a first load"
check_eq "$(q "SELECT coalesce(to_regclass('fresh.green_tripdata')::text, 'none')")" "none" \
    "a failed first load leaves no table behind"

finish
