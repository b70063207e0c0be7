#!/usr/bin/env bash
# One record is at most 1 MiB (issue 13, item 2): an unmatched quote or a
# line without end fails the month with exit 4, naming the line where the
# quote opened (or the row starts), the memory stays small whatever follows,
# and the table is unchanged. Rows just under the limit load, in as little
# memory.
source "$(dirname "$0")/lib.sh"
[ -x /usr/bin/time ] || not_ok "/usr/bin/time is missing (Debian package time, see tests/install_build_deps.sh)"

good=$(generate green 2019 1 500 141)
run_etl load --quiet --taxi green --file "$good"
check_eq "$RC" 0 "a month is loaded first"
before=$(table_fingerprint green_tripdata)

# A month of the same table that is not loaded yet: its rows are staged.
bad="$WORK/bad/green_tripdata_2019-02.csv.gz"
mkdir -p "$WORK/bad"
head_rows() { zcat "$good" | head -n 10; } # the header is line 1

# load_measured WHAT: loads $bad under /usr/bin/time; sets RC, ERR and
# PEAK_KB, the peak resident set size.
load_measured() {
    /usr/bin/time -v -o "$WORK/time" "$TAXI_ETL" load --quiet --taxi green --file "$bad" \
        >"$WORK/stdout" 2>"$WORK/stderr"
    RC=$?
    ERR=$(cat "$WORK/stderr")
    PEAK_KB=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$WORK/time")
    echo "# $1: peak RSS ${PEAK_KB} kB"
}

check_small() {
    if [ -n "$PEAK_KB" ] && [ "$PEAK_KB" -lt 32768 ]; then
        ok "$1: peak RSS under 32 MB (${PEAK_KB} kB)"
    else
        not_ok "$1: peak RSS ${PEAK_KB:-unknown} kB, not under 32 MB"
    fi
}

unchanged() {
    check_recorded failed "$1"
    check_eq "$(table_fingerprint green_tripdata)" "$before" "$1: the table is unchanged"
}

# --- a quote that opens and never closes, then 200 MB of rows ----------------
# Made in a stream: nothing of this size is held in memory or on disk unzipped.
{
    head_rows
    echo '2,"2019-02-01 00:10:00,2019-02-01 00:20:00,N,1,7,7,1,1.5,6,0,0.5,0,0,,0.3,6.8,2,1,0'
    yes '2,2019-02-01 00:10:00,2019-02-01 00:20:00,N,1,7,7,1,1.5,6,0,0.5,0,0,,0.3,6.8,2,1,0' |
        head -c 200000000
} | gzip -1 >"$bad"
load_measured "an unmatched quote before 200 MB"
check_failure 4 "bad row in green_tripdata_2019-02.csv: line 11: a quoted field opens here and does not close within 1 MiB (an unmatched quote?)" \
    "an unmatched quote before 200 MB"
check_small "an unmatched quote before 200 MB"
unchanged "an unmatched quote before 200 MB"

# --- a line that never ends ----------------------------------------------------
{
    head_rows
    printf '2,2019-02-01 00:10:00,2019-02-01 00:20:00,N,1,7,7,1,1.5,6,0,0.5,0,0,,0.3,6.8,2,1,'
    head -c 50000000 /dev/zero | tr '\0' '7'
} | gzip -1 >"$bad"
load_measured "a row of 50 MB without a line end"
check_failure 4 "bad row in green_tripdata_2019-02.csv: line 11: the row is longer than 1 MiB" \
    "a row of 50 MB without a line end"
check_small "a row of 50 MB without a line end"
unchanged "a row of 50 MB without a line end"

# --- a quoted field that does close, but after 2 MB -----------------------------
{
    head_rows
    printf '2,2019-02-01 00:10:00,2019-02-01 00:20:00,N,1,7,7,1,1.5,6,0,0.5,0,0,,0.3,6.8,2,1,0\n'
    printf '2,2019-02-01 00:10:00,2019-02-01 00:20:00,"N\n'
    head -c 2000000 /dev/zero | tr '\0' 'x'
    printf '",1,7,7,1,1.5,6,0,0.5,0,0,,0.3,6.8,2,1,0\n'
} | gzip -1 >"$bad"
run_etl load --quiet --taxi green --file "$bad"
check_failure 4 "bad row in green_tripdata_2019-02.csv: line 12: a quoted field opens here and does not close within 1 MiB" \
    "a quoted field of 2 MB"
unchanged "a quoted field of 2 MB"

# --- rows just under the limit load, in as little memory -----------------------
{
    head_rows
    for minute in $(seq 0 59); do
        printf '2,2019-02-01 01:%02d:00,2019-02-01 02:00:00,"N\r\n' "$minute"
        head -c 1000000 /dev/zero | tr '\0' 'x'
        printf '",1,"7",7,1,1.5,6,0,0.5,0,0,,0.3,6.8,2,1,0\n'
    done
} | gzip -1 >"$bad"
load_measured "60 rows of about 1 MB (under the limit)"
check_eq "$RC" 0 "60 rows of about 1 MB (under the limit) load"
check_small "60 rows of about 1 MB"
check_eq "$(q "SELECT count(*) || ' ' || min(length(store_and_fwd_flag)) FROM green_tripdata WHERE length(store_and_fwd_flag) > 1")" \
    "60 1000003" "with their long fields whole"
check_eq "$(q "SELECT count(*) FROM green_tripdata WHERE unique_row_id IS DISTINCT FROM $(flow_row_id lpep_pickup_datetime lpep_dropoff_datetime)")" \
    0 "and every id is the course's expression"

finish
