#!/usr/bin/env bash
# bench/run.sh end to end at --quick size on this PostgreSQL (--db): the
# reload scenario and the Targets table it ends with, a row per target of
# issue 14 (measured, or n/a saying why), and its bad options.
source "$(dirname "$0")/lib.sh"
repo=$(cd "$(dirname "$0")/../.." && pwd)

bench() {
    BENCH_DIR=$WORK/bench bash "$repo/bench/run.sh" "$@" >"$WORK/bench.out" 2>&1
    RC=$?
    OUT=$(cat "$WORK/bench.out")
}

# --- bad options ---------------------------------------------------------------------
bench --copy-format xml
check_eq "$RC" 2 "--copy-format xml is refused"
check_contains "$OUT" "--copy-format must be auto, binary or csv, not 'xml'" "naming the value"
bench --scenarios load,bogus
check_eq "$RC" 2 "an unknown scenario is refused"
check_contains "$OUT" "unknown scenario 'bogus'" "naming it"

# --- the reload scenario and the Targets table ---------------------------------------------
bench --quick --reps 1 --scenarios reload --db "dbname=$TEST_DB"
check_eq "$RC" 0 "bench/run.sh --quick --scenarios reload succeeds"
[ "$RC" = 0 ] || tail -n 30 "$WORK/bench.out"
targets=$(sed -n '/^### Targets (issue 14)/,/^### Where/p' "$WORK/bench.out")
check_contains "$targets" "| # | target | measured | value | goal | result |" "it ends with the Targets table"

# row TEXT: the Targets row that starts with TEXT (one line).
row() { grep -F -- "$1" <<<"$targets" | head -n 1; }
verdict='\| (PASS|MISS) \|$'
check_eq "$(row '| 4 | unchanged reload / floor, green |' | grep -cE "s / [0-9.]+ s \| [0-9.]+× \| <= 0.05 $verdict")" 1 \
    "the unchanged reload is a ratio to the floor with a verdict"
check_eq "$(row '| 4 | unchanged reload downloads no body |' | grep -cE "bodies sent by the server: [0-9]+; taxi_etl.runs bytes: [^|]+ \| [0-9]+ \| == 0 $verdict")" 1 \
    "whether it downloaded the body, from the server and from taxi_etl.runs"
if "$TAXI_ETL" load --help | grep -- --verify >/dev/null; then
    check_eq "$(row '| 4 | `--verify` reload / floor, green |' | grep -cE "[0-9.]+× \| <= 0.60 $verdict")" 1 \
        "the --verify reload is measured"
else
    check_contains "$(row '| 4 | `--verify` reload')" "| n/a (binary has no --verify) | n/a | <= 0.60 | n/a |" \
        "without --verify in the binary, its row says so"
fi
check_eq "$(row '| 4 | reload after deleting 1% / floor, green |' | grep -cE '[0-9.]+× \| — \| \(reported\) \|$')" 1 \
    "the reload after deleting 1% is reported"
check_contains "$OUT" "rows deleted (by id) before each run, all put back" "and every deleted row is back"
check_eq "$(row '| 5 | peak RSS, largest of all taxi-etl runs |' | grep -cE "[0-9]+ MB \| <= 32 $verdict")" 1 \
    "the peak RSS of all runs, in MB"
check_contains "$(row '| 1 | first load, green: taxi-etl / floor |')" \
    "| not measured (scenario load not run) | n/a | <= 0.80 | n/a |" "a target whose scenario did not run is n/a"
check_contains "$(row '| 5 | backfill 6 months')" "not measured (scenario jobs not run)" "so is the jobs target"
check_contains "$OUT" "| reload |" "the time of each scenario is printed"
check_eq "$(psql -XAtq -c "SELECT count(*) FROM pg_database WHERE datname LIKE 'taxi_etl_bench_%'")" 0 \
    "the benchmark's databases are dropped"
check_eq "$(grep -lF '### Targets (issue 14)' "$WORK"/bench/logs/run-*.md | wc -l)" 1 \
    "the Markdown block with the Targets goes to the logs"
http_log=$(ls "$WORK"/bench/logs/run-*-http.log 2>/dev/null | head -n 1)
check_eq "$( [ -n "$http_log" ] && grep -cE '^GET /storage/green/green_tripdata_2019-01\.csv\.gz' "$http_log" | grep -cvx 0)" 1 \
    "and the HTTP server's request log, with the month's downloads"

finish
