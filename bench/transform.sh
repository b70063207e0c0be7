#!/usr/bin/env bash
# The transform benchmark of issue 7, one command:
#
#     bash bench/transform.sh [--quick]
#
# Loads generated months (12 green, 2019-01..12, and yellow 2019-01) into a
# throwaway PostgreSQL with default settings, one month at a time, running
# the incremental `taxi-etl transform` after each; then, at 12 months, times
# `transform --full-refresh` against the plain SQL of the models run by psql
# (tests/reference/models.sql, the course's way: everything rebuilt).
# The full refresh and the reference alternate --reps times (default 3);
# their medians are compared. Prints the incremental time after each month,
# the three ratios the issue asks for, and what the transform's bookkeeping
# adds to each load: the server logs every statement, and the pending-months
# INSERT's time is taken as a share of the load's.
# --quick divides the row counts by ten.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
quick=0 reps=3
while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=1 ;;
        --reps) reps=$2; shift ;;
        *) echo "usage: bench/transform.sh [--quick] [--reps N]" >&2; exit 2 ;;
    esac
    shift
done
scale=$(( quick ? 10 : 1 ))
GREEN_ROWS=$(( 630918 / scale ))
YELLOW_ROWS=$(( 7667792 / scale ))

[ -x build/taxi-etl ] && [ -x build/tests/taxi-etl-gen ] ||
    { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build build -j "$(nproc)"; }
RUN=$(mktemp -d)
chmod 755 "$RUN"
cp build/taxi-etl "$RUN/taxi-etl"
TAXI_ETL=$RUN/taxi-etl
DATA=${BENCH_DIR:-/tmp/taxi-etl-bench}/transform-$scale
mkdir -p "$DATA"
PGBIN=/usr/lib/postgresql/15/bin
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    as_postgres "$PGBIN/pg_ctl" -D "$RUN/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$RUN"
}
trap cleanup EXIT

for m in $(seq 1 12); do
    f="$DATA/green_tripdata_2019-$(printf %02d "$m").csv.gz"
    [ -s "$f" ] || build/tests/taxi-etl-gen --taxi green --year 2019 --month "$m" \
        --rows "$GREEN_ROWS" --seed $((m + 10)) --out "$f" 2>/dev/null
done
[ -s "$DATA/yellow_tripdata_2019-01.csv.gz" ] || build/tests/taxi-etl-gen --taxi yellow \
    --year 2019 --month 1 --rows "$YELLOW_ROWS" --seed 2 --out "$DATA/yellow_tripdata_2019-01.csv.gz" 2>/dev/null
python3 tests/tools/make_zones.py "$RUN/zones.csv"

chown postgres "$RUN" 2>/dev/null || true
as_postgres "$PGBIN/initdb" -D "$RUN/pg" -A trust -U postgres >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres "$PGBIN/pg_ctl" -D "$RUN/pg" -l "$RUN/pg.log" -w \
    -o "-p $port -k $RUN -c listen_addresses='' -c log_min_duration_statement=0" start >/dev/null
export PGHOST=$RUN PGPORT=$port PGUSER=postgres PGDATABASE=postgres

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Loads a month, and notes its seconds and those of its pending-months
# INSERT (parse, bind and execute, from the server log) in $RUN/loads.
load() {
    local s log_lines
    log_lines=$(wc -l <"$RUN/pg.log")
    s=$(now)
    "$TAXI_ETL" load --quiet --taxi "$1" --file "$DATA/$1_tripdata_2019-$2.csv.gz"
    echo "$1-$2 $(since "$s") $(tail -n +"$((log_lines + 1))" "$RUN/pg.log" |
        awk '/duration: .*-- The pickup months (of the file.s rows|the client saw)/ {
                 for (i = 1; i < NF; i++) if ($i == "duration:") ms += $(i + 1) }
             END { printf "%.3f", ms / 1000 }')" >>"$RUN/loads"
}
transform() { local s; s=$(now); "$TAXI_ETL" transform --quiet --zones-url "$RUN/zones.csv" "$@"; since "$s"; }

echo "# taxi-etl transform benchmark"
echo
echo "- $(date -Is), commit $(git rev-parse --short HEAD), $(nproc) cores, PostgreSQL $(psql -XAtc 'SHOW server_version')"
echo "- green months of $GREEN_ROWS rows, yellow of $YELLOW_ROWS$( ((quick)) && echo ' (--quick)')"
echo
load yellow 01
load green 01
first=$(transform)
echo "| after loading | incremental transform s |"
echo "| --- | ---: |"
echo "| green 2019-01 and yellow 2019-01 (first: full build) | $first |"
inc_first="" inc=""
for m in 02 03 04 05 06 07 08 09 10 11 12; do
    load green "$m"
    inc=$(transform)
    [ -n "$inc_first" ] || inc_first=$inc
    echo "| green 2019-$m | $inc |"
done
for rep in $(seq "$reps"); do
    echo "$(transform --full-refresh)" >>"$RUN/full"
    start=$(now)
    PGOPTIONS="-c client_min_messages=warning" psql -Xq -v schema=public -f tests/reference/models.sql >/dev/null
    echo "$(since "$start")" >>"$RUN/reference"
done
full=$(median <"$RUN/full")
reference=$(median <"$RUN/reference")
echo
echo "At 12 green months and one yellow ($(psql -XAtc 'SELECT count(*) FROM fact_trips') fact_trips rows):"
echo
echo "| measure | seconds | ratio | goal |"
echo "| --- | ---: | ---: | --- |"
echo "| transform --full-refresh against the reference SQL by psql (medians of $reps, alternating) | $full / $reference | $(ratio "$full" "$reference")x | at most 1x |"
echo "| incremental after month 12 against after month 2 | $inc / $inc_first | $(ratio "$inc" "$inc_first")x | at most 1.5x |"
echo "| full refresh against incremental, at 12 months | $full / $inc | $(ratio "$full" "$inc")x | at least 5x |"
echo
echo "What the transform's bookkeeping adds to a load (the pending-months INSERT; goal: at most 5%):"
echo
echo "| load | seconds | pending-months INSERT s | share |"
echo "| --- | ---: | ---: | ---: |"
while read -r month seconds pending; do
    echo "| $month | $seconds | $pending | $(awk -v a="$pending" -v b="$seconds" 'BEGIN { printf "%.1f%%", 100 * a / b }') |"
done <"$RUN/loads"
