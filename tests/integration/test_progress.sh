#!/usr/bin/env bash
# The progress line: under a pseudo-terminal (script(1)) a load shows its
# percentage, rates and time left, and a backfill (also with --jobs 2) the
# months done and running, with the summary lines whole between; without a
# terminal (a file, a pipe) and with --quiet, no progress and no escape code.
# And the summary says "read" for a local file, "downloaded" for http, and
# a file read twice by its size, once.
source "$(dirname "$0")/lib.sh"
start_http_server

command -v script >/dev/null ||
    cannot_run "script (util-linux) is needed to run under a pseudo-terminal"

jan=$(generate green 2019 1 20000 71)
generate green 2019 2 15000 72 >/dev/null
generate green 2019 3 15000 73 >/dev/null
# About 150 KB/s: the 20,000 rows take seconds, so the line is drawn many times.
SLOW_URL="$BASE_URL/fault/slow=150000/DataTalksClub/nyc-tlc-data/releases/download/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
megabytes() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'; }

# under_tty COMMAND...: runs taxi-etl under a pseudo-terminal; sets RC and
# TTY (all it wrote, stdout and stderr, as the terminal got it).
under_tty() {
    local command="$TAXI_ETL"
    for arg in "$@"; do command+=" $(printf '%q' "$arg")"; done
    COLUMNS=200 script -qec "$command" /dev/null >"$WORK/tty" 2>&1 </dev/null
    RC=$?
    TTY=$(cat -v "$WORK/tty")
}
# How many times the line was drawn: the carriage returns before "taxi-etl:"
# that a line end (\r\n under a terminal) is not.
draws() { grep -aoP '\rtaxi-etl: [^\r\n]*\x1b\[K' "$WORK/tty" | wc -l; }
escapes() { grep -acP '[\r\x1b]' "$1"; }

# --- one load -------------------------------------------------------------------
under_tty load --taxi green --year 2019 --month 1 --source-url "$SLOW_URL"
check_eq "$RC" 0 "a load under a terminal succeeds"
line=$(grep -ao $'\rtaxi-etl: green_tripdata_2019-01.csv: [0-9]*% of [^\r]*left' "$WORK/tty" | tail -1)
check_contains "$line" "% of $(megabytes "$jan") MB" "the line shows a percentage of the final response's size"
check_contains "$line" " MB/s, " "the line shows the rate in MB/s"
check_contains "$line" " rows/s, about " "and in rows/s, and the time left"
[ "$(draws)" -ge 3 ] && ok "the line is drawn again and again ($(draws) times)" ||
    not_ok "the line is drawn again and again: $(draws) times in: $TTY"
check_contains "$TTY" "green_tripdata_2019-01.csv: 20000 rows read, 20000 inserted, 0 already present, $(megabytes "$jan") MB downloaded" \
    "the summary follows"
# The summary is on a line of its own: the progress line was cleared first.
check_eq "$(tr '\r' '\n' <"$WORK/tty" | grep -acP '^\x1b\[Ktaxi-etl: green_tripdata_2019-01.csv: 20000 rows read.* rows/s$')" 1 \
    "the summary line is whole, after the progress line is cleared"

# The same without a terminal: to a file, into a pipe, and under --quiet.
q "DROP TABLE green_tripdata; DROP SCHEMA taxi_etl CASCADE" >/dev/null
"$TAXI_ETL" load --taxi green --year 2019 --month 1 --source-url "$SLOW_URL" 2>"$WORK/file.err"
check_eq "$(escapes "$WORK/file.err")" 0 "stderr to a file: no progress, no escape code"
check_contains "$(cat "$WORK/file.err")" "20000 rows read, 20000 inserted" "stderr to a file: the summary"
"$TAXI_ETL" load --taxi green --year 2019 --month 1 --source-url "$SLOW_URL" --verify 2>&1 | cat >"$WORK/pipe.err"
check_eq "$(escapes "$WORK/pipe.err")" 0 "stderr to a pipe: no progress, no escape code"
under_tty load --taxi green --year 2019 --month 1 --source-url "$SLOW_URL" --verify --quiet
check_eq "$RC" 0 "a load with --quiet under a terminal succeeds"
check_eq "$(escapes "$WORK/tty")" 0 "--quiet under a terminal: no progress, no escape code"

# --- a backfill, two months at a time -------------------------------------------
q "DROP TABLE green_tripdata; DROP SCHEMA taxi_etl CASCADE" >/dev/null
under_tty backfill --taxi green --from 2019-01 --to 2019-03 --jobs 2 --source-url "$SLOW_URL"
check_eq "$RC" 0 "a backfill with --jobs 2 under a terminal succeeds"
check_contains "$TTY" "taxi-etl: 0/3 months done, loading 2019-01 (" "the line names the months running"
check_contains "$(grep -ao $'\rtaxi-etl: [0-9]/3 months done, loading 2019-0[12] ([0-9]*%, [0-9.]* MB/s), 2019-0[12] ([0-9]*%, [0-9.]* MB/s), about [^\r]* left' "$WORK/tty" | head -1)" \
    "months done" "two months at once, each with its percentage and rate, and the time left"
check_contains "$TTY" "taxi-etl: 1/3 months done" "months done are counted"
for month in 01 02 03; do
    check_eq "$(tr '\r' '\n' <"$WORK/tty" | grep -acP "^\\x1b\\[Ktaxi-etl: green_tripdata_2019-$month.csv: [0-9]* rows read.* rows/s\$")" 1 \
        "the summary of 2019-$month is a whole line"
done
"$TAXI_ETL" backfill --taxi green --from 2019-01 --to 2019-03 --jobs 2 --force --source-url "$SLOW_URL" \
    >/dev/null 2>"$WORK/file.err"
check_eq "$(escapes "$WORK/file.err")" 0 "a backfill with stderr to a file: no progress, no escape code"
# Every month held: nothing to load, no range line ("0/0 months done").
under_tty backfill --taxi green --from 2019-01 --to 2019-03 --source-url "$SLOW_URL"
check_eq "$RC" 0 "a backfill of months all held succeeds"
check_contains "$TTY" "skipped" "every month is skipped"
check_eq "$(grep -ac 'months done' "$WORK/tty")" 0 "nothing to load: no range line"

# --- a month unchanged at the source tells no pace -------------------------------
# 2019-01 is loaded; a forced backfill finds it unchanged at once, then reads
# 2019-02 and 2019-03 slowly: the time left comes from those reads, never
# from the instant 2019-01 took.
run_etl load --quiet --taxi green --year 2019 --month 1 --schema pace --source-url "$SLOW_URL"
under_tty backfill --taxi green --from 2019-01 --to 2019-03 --force --schema pace --source-url "$SLOW_URL"
check_eq "$RC" 0 "a forced backfill under a terminal succeeds"
check_contains "$TTY" "green_tripdata_2019-01.csv: unchanged at the source" "2019-01 is unchanged at the source"
lines=$(grep -aoE $'\rtaxi-etl: 1/3 months done, loading 2019-02 \\([0-4]?[0-9]%[^\r]*left' "$WORK/tty")
[ -n "$lines" ] && ok "the line tells the time left while 2019-02 is read" ||
    not_ok "no time left while 2019-02 is read: $TTY"
# Half of 2019-02 and all of 2019-03 are left: seconds at 150 KB/s.
short=$(printf '%s\n' "$lines" | grep -o 'about [0-9]*s left' | awk '$2 + 0 < 2' | head -1)
check_eq "$short" "" "with half of 2019-02 and 2019-03 to read, it never says under 2s left"
check_eq "$(grep -ao $'\rtaxi-etl: [01]/3 months done[^\r]*about 0s left' "$WORK/tty" | head -1)" "" \
    "it never says 0s left while a month is not started"

# --- "read", "downloaded", and a file read twice --------------------------------
run_etl load --taxi green --file "$jan" --schema local
check_contains "$ERR" "20000 rows read, 20000 inserted, 0 already present, $(megabytes "$jan") MB read," \
    "a local file is read, not downloaded"
run_etl load --taxi green --year 2019 --month 1 --schema local_url --source-url "file://$WORK/www/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
check_contains "$ERR" "MB read" "a file:// URL is read, not downloaded"
q "CREATE SCHEMA plain" >/dev/null
flow_table plain green
run_etl load --taxi green --year 2019 --month 1 --schema plain --source-url "$RELEASE_URL"
check_contains "$ERR" "$(megabytes "$jan") MB downloaded," "a first load into a plain table reads the file once"
q "DELETE FROM plain.green_tripdata WHERE unique_row_id = (SELECT min(unique_row_id) FROM plain.green_tripdata)" >/dev/null
run_etl load --taxi green --year 2019 --month 1 --schema plain --source-url "$RELEASE_URL"
check_contains "$ERR" "20000 rows read, 1 inserted, 19999 already present, $(megabytes "$jan") MB downloaded twice (compared, then loaded in full)," \
    "a reload that compared, then loaded in full, gives the file's size and says it was read twice"
check_eq "$(q "SELECT bytes_downloaded FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1")" "$((2 * $(stat -c %s "$jan")))" \
    "the history still counts every byte downloaded"

finish
