#!/usr/bin/env bash
# --metrics-file: load, backfill, sync and transform write Prometheus text-format
# metrics of the run, replaced atomically, also when the run fails (the
# exit code it exits with, the last success carried over); a file that
# cannot be written is a warning, and the run keeps its own exit code.
source "$(dirname "$0")/lib.sh"
start_http_server

MAKE_ZONES="$(dirname "$0")/../tools/make_zones.py"
METRICS="$WORK/metrics"
mkdir -p "$METRICS"
jan=$(generate green 2019 1 4000 71)
feb=$(generate green 2019 2 3000 72)

# prom FILE check: every line is a comment, blank or a sample of the text
# format (a valid name, well-formed labels, a number); prints what is wrong.
# prom FILE NAME [LABEL=VALUE...]: the value of the one sample of NAME with
# exactly those labels (nothing if none).
prom() {
    python3 - "$@" <<'EOF'
import math, re, sys

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
SAMPLE = re.compile(rf"^({NAME})(?:\{{((?:{LABEL})(?:,{LABEL})*,?)?\}})? (\S+)(?: -?\d+)?$")
COMMENT = re.compile(rf"^# (?:HELP {NAME} .*|TYPE {NAME} (?:counter|gauge|histogram|summary|untyped))$|^#(?! HELP| TYPE).*$")

def number(text):
    if text in ("NaN", "+Inf", "-Inf"):
        return float(text.replace("Inf", "inf"))
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
        raise ValueError(text)
    return float(text)

def labels(text):
    found = {}
    for m in re.finditer(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', text or ""):
        value = re.sub(r"\\(.)", lambda e: "\n" if e.group(1) == "n" else e.group(1), m.group(2))
        found[m.group(1)] = value
    return found

path, *query = sys.argv[1:]
text = open(path, encoding="utf-8").read()
samples, problems = [], []
if not text.endswith("\n"):
    problems.append("the file does not end with a line feed")
for n, line in enumerate(text.split("\n")[:-1], 1):
    if line == "" or COMMENT.match(line):
        continue
    m = SAMPLE.match(line)
    try:
        value = number(m.group(3)) if m else None
    except ValueError:
        value = None
    if value is None:
        problems.append(f"line {n} is not a sample: {line!r}")
        continue
    samples.append((m.group(1), labels(m.group(2)), value))
if query == ["check"]:
    print("\n".join(problems) if problems else "ok" if samples else "no samples")
    sys.exit(0)
name, wanted = query[0], dict(q.split("=", 1) for q in query[1:])
for sample_name, sample_labels, value in samples:
    if sample_name == name and sample_labels == wanted:
        print(int(value) if value == int(value) and abs(value) < 2**53 and not name.endswith("_seconds") else f"{value:.3f}")
EOF
}

# check_prom FILE DESCRIPTION: the file parses as the text format (and
# passes promtool's checks when promtool is installed).
check_prom() {
    check_eq "$(prom "$1" check)" "ok" "$2: every line is a comment or a well-formed sample"
    if command -v promtool >/dev/null; then
        local lint
        lint=$(promtool check metrics <"$1" 2>&1)
        check_eq "$?:$lint" "0:" "$2: promtool check metrics finds nothing"
    elif [ -n "${CI:-}" ]; then
        # The test command installs it (prometheus): CI must not go without.
        check_eq "missing" "promtool" "$2: CI has promtool"
    fi
}

# The files in the metrics directory: no temporary file is ever left there.
listing() { (cd "$METRICS" && ls -A | tr '\n' ' '); }

# --- a load ------------------------------------------------------------------------
GREEN="$METRICS/green.prom"
before=$(date +%s)
run_etl load --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL" --metrics-file "$GREEN" --quiet
after=$(date +%s)
check_eq "$RC" 0 "a load with --metrics-file succeeds"
check_eq "$ERR" "" "and prints nothing under --quiet"
check_prom "$GREEN" "a load's metrics"
L=(command=load taxi=green)
check_eq "$(prom "$GREEN" taxi_etl_last_run_exit_code "${L[@]}")" 0 "the exit code is 0"
check_eq "$(prom "$GREEN" taxi_etl_last_run_rows_read "${L[@]}")" "$(rows_of "$jan")" "rows read are the file's rows"
check_eq "$(prom "$GREEN" taxi_etl_last_run_rows_inserted "${L[@]}")" "$(q 'SELECT count(*) FROM green_tripdata')" \
    "rows inserted are the rows the table gained"
check_eq "$(prom "$GREEN" taxi_etl_last_run_downloaded_bytes "${L[@]}")" \
    "$(q 'SELECT bytes_downloaded FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1')" \
    "bytes downloaded are those the run recorded"
start=$(prom "$GREEN" taxi_etl_last_run_start_timestamp_seconds "${L[@]}")
end=$(prom "$GREEN" taxi_etl_last_run_end_timestamp_seconds "${L[@]}")
duration=$(prom "$GREEN" taxi_etl_last_run_duration_seconds "${L[@]}")
success=$(prom "$GREEN" taxi_etl_last_success_timestamp_seconds "${L[@]}")
check_eq "$(python3 -c "print($before <= $start <= $end <= $after + 1 and abs($end - $start - $duration) < 0.01)")" True \
    "start and end are unix times around the run, their difference the duration"
check_eq "$success" "$end" "the last success is the end of this run"
check_eq "$(stat -c %a "$GREEN")" 644 "the file is readable by the collector (mode 0644)"
check_eq "$(listing)" "green.prom " "nothing but the file is left in its directory"

# --- a failed load: exit code 3, the last success carried over --------------------
inode=$(stat -c %i "$GREEN")
run_etl load --taxi green --year 2019 --month 7 --source-url "$RELEASE_URL" --metrics-file "$GREEN" --quiet
check_eq "$RC" 3 "a load of a month not published exits 3"
check_prom "$GREEN" "a failed load's metrics"
check_eq "$(prom "$GREEN" taxi_etl_last_run_exit_code "${L[@]}")" 3 "the file says exit code 3"
check_eq "$(prom "$GREEN" taxi_etl_last_run_rows_read "${L[@]}")" 0 "and no rows read"
check_eq "$(prom "$GREEN" taxi_etl_last_success_timestamp_seconds "${L[@]}")" "$success" \
    "the last success is carried over from the earlier file"
check_not_contains "$(stat -c %i "$GREEN")" "$inode" "the file is replaced by a new one (renamed), not rewritten in place"
check_eq "$(listing)" "green.prom " "no temporary file is left after a failed run"

# The database unreachable: written all the same, with exit code 6.
run_etl load --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL" --metrics-file "$GREEN" \
    --db "host=127.0.0.1 port=1 connect_timeout=2" --quiet
check_eq "$RC" 6 "a load that cannot reach the database exits 6"
check_eq "$(prom "$GREEN" taxi_etl_last_run_exit_code "${L[@]}")" 6 "the file says exit code 6"
check_eq "$(prom "$GREEN" taxi_etl_last_success_timestamp_seconds "${L[@]}")" "$success" \
    "the last success survives a second failure"

# A value the checks refuse is a run that failed with 2; a command line that
# cannot be parsed writes nothing (the path itself may be what is wrong).
run_etl load --taxi green --year 2019 --month 13 --metrics-file "$GREEN"
check_eq "$RC" 2 "--month 13 is a usage error"
check_eq "$(prom "$GREEN" taxi_etl_last_run_exit_code "${L[@]}")" 2 "the file says exit code 2"
cp "$GREEN" "$WORK/kept.prom"
run_etl load --taxi green --year 2019 --month 1 --no-such-option --metrics-file "$GREEN"
check_eq "$RC" 2 "an unknown option is a usage error"
check_eq "$(cmp -s "$GREEN" "$WORK/kept.prom" && echo same)" same "a command line that cannot be parsed leaves the file as it was"
run_etl load --taxi green --year 2019 --month 1 --metrics-file ""
check_failure 2 "'--metrics-file' must not be empty" "an empty --metrics-file"

# A garbled earlier file is no earlier success.
printf 'taxi_etl_last_success_timestamp_seconds{command="load",taxi="green"} not-a-number\n\x00\xff' >"$GREEN"
run_etl load --taxi green --year 2019 --month 7 --source-url "$RELEASE_URL" --metrics-file "$GREEN" --quiet
check_eq "$RC" 3 "a failed load over a garbled file exits 3"
check_prom "$GREEN" "metrics written over a garbled file"
check_eq "$(prom "$GREEN" taxi_etl_last_success_timestamp_seconds "${L[@]}")" "0.000" \
    "a garbled earlier file means no earlier success (0)"

# --- an interrupted load: 128 + the signal ------------------------------------------
run_etl load --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL" --metrics-file "$GREEN" --quiet
check_eq "$RC:$(prom "$GREEN" taxi_etl_last_run_exit_code "${L[@]}")" "0:0" "a load of a month loaded before succeeds"
success=$(prom "$GREEN" taxi_etl_last_success_timestamp_seconds "${L[@]}")
check_eq "$success" "$(prom "$GREEN" taxi_etl_last_run_end_timestamp_seconds "${L[@]}")" "and is the last success"
generate green 2019 4 30000 74 >/dev/null
"$TAXI_ETL" load --taxi green --year 2019 --month 4 --metrics-file "$GREEN" \
    --source-url "$BASE_URL/fault/slow=200000/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz" \
    >"$WORK/stdout" 2>"$WORK/stderr" &
pid=$!
for _ in $(seq 100); do
    [ "$(q "SELECT count(*) FROM taxi_etl.runs WHERE status = 'running'")" -ge 1 ] && break
    sleep 0.1
done
kill -TERM $pid
wait $pid
check_eq "$?" 143 "SIGTERM ends a load with 143"
check_eq "$(prom "$GREEN" taxi_etl_last_run_exit_code "${L[@]}")" 143 "the file says exit code 143"
check_eq "$(prom "$GREEN" taxi_etl_last_success_timestamp_seconds "${L[@]}")" "$success" \
    "the last success is carried over an interrupted run"

# --- a file that cannot be written: a warning, and the run's own exit code ---------
run_etl load --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL" --metrics-file "$WORK/no/such/dir/green.prom" --quiet
check_eq "$RC" 0 "a load whose metrics file cannot be written keeps its exit code (0)"
check_eq "$ERR" "taxi-etl: warning: the metrics file is not written: cannot create a temporary file beside '$WORK/no/such/dir/green.prom': No such file or directory" \
    "one warning line names the file and why"
run_etl load --taxi green --year 2019 --month 7 --source-url "$RELEASE_URL" --metrics-file "$METRICS" --quiet
check_eq "$RC" 3 "a failed load whose metrics path is a directory keeps its exit code (3)"
check_contains "$ERR" "taxi-etl: warning: the metrics file is not written: cannot rename a temporary file to '$METRICS'" \
    "a directory in the way is a warning too"
check_eq "$(listing)" "green.prom " "and leaves no temporary file"

# --- a backfill ---------------------------------------------------------------------
BF="$METRICS/backfill-green.prom"
B=(command=backfill taxi=green)
run_etl backfill --taxi green --from 2019-01 --to 2019-03 --source-url "$RELEASE_URL" --metrics-file "$BF" --quiet
check_eq "$RC" 3 "a backfill with a month not published exits 3"
check_prom "$BF" "a backfill's metrics"
check_eq "$(prom "$BF" taxi_etl_last_run_exit_code "${B[@]}")" 3 "the file says exit code 3"
check_eq "$(prom "$BF" taxi_etl_last_run_months "${B[@]}" status=skipped) $(prom "$BF" taxi_etl_last_run_months "${B[@]}" status=loaded) $(prom "$BF" taxi_etl_last_run_months "${B[@]}" status=not_published) $(prom "$BF" taxi_etl_last_run_months "${B[@]}" status=failed)" \
    "1 1 1 0" "months by outcome: 1 skipped, 1 loaded, 1 not published, 0 failed"
check_eq "$(prom "$BF" taxi_etl_last_run_rows_read "${B[@]}")" "$(rows_of "$feb")" "rows read are those of the month it loaded"
check_eq "$(prom "$BF" taxi_etl_last_success_timestamp_seconds "${B[@]}")" "0.000" "no success of this job before: 0"

generate green 2019 3 2000 73 >/dev/null
run_etl backfill --taxi green --from 2019-01 --to 2019-03 --source-url "$RELEASE_URL" --metrics-file "$BF" --quiet --jobs 2
check_eq "$RC" 0 "the backfill succeeds once the month is published"
check_prom "$BF" "a successful backfill's metrics"
check_eq "$(prom "$BF" taxi_etl_last_run_months "${B[@]}" status=loaded) $(prom "$BF" taxi_etl_last_run_months "${B[@]}" status=skipped)" \
    "1 2" "one month loaded, two skipped"
check_eq "$(prom "$BF" taxi_etl_last_success_timestamp_seconds "${B[@]}")" \
    "$(prom "$BF" taxi_etl_last_run_end_timestamp_seconds "${B[@]}")" "the last success is this run's end"

# --- a sync -------------------------------------------------------------------------
SF="$METRICS/sync-green.prom"
S=(command=sync taxi=green)
run_etl sync --taxi green --from 2019-01 --to 2019-06 --source-url "$RELEASE_URL" --metrics-file "$SF" --quiet
check_eq "$RC" 0 "a sync that loads 2019-04 and finds 2019-05..06 not published yet exits 0"
check_prom "$SF" "a sync's metrics"
check_eq "$(prom "$SF" taxi_etl_last_run_months "${S[@]}" status=skipped) $(prom "$SF" taxi_etl_last_run_months "${S[@]}" status=loaded) $(prom "$SF" taxi_etl_last_run_months "${S[@]}" status=not_published)" \
    "3 1 2" "three months held, one loaded, two not published yet"
check_eq "$(prom "$SF" taxi_etl_last_success_timestamp_seconds "${S[@]}")" \
    "$(prom "$SF" taxi_etl_last_run_end_timestamp_seconds "${S[@]}")" "months not published yet leave a sync a success"
success_sync=$(prom "$SF" taxi_etl_last_success_timestamp_seconds "${S[@]}")
june=$(generate green 2019 6 1500 75)
run_etl sync --taxi green --from 2019-01 --to 2019-06 --source-url "$RELEASE_URL" --metrics-file "$SF" --quiet
check_eq "$RC" 3 "a sync that finds 2019-05 missing before 2019-06 exits 3"
check_eq "$(prom "$SF" taxi_etl_last_run_exit_code "${S[@]}") $(prom "$SF" taxi_etl_last_run_months "${S[@]}" status=loaded)" \
    "3 1" "the file says exit code 3, one month loaded"
check_eq "$(prom "$SF" taxi_etl_last_run_rows_read "${S[@]}")" "$(rows_of "$june")" "rows read are those of 2019-06"
check_eq "$(prom "$SF" taxi_etl_last_success_timestamp_seconds "${S[@]}")" "$success_sync" \
    "the sync's last success is carried over"

run_etl sync --taxi green --from 2019-01 --to 2019-06 --source-url "$RELEASE_URL" --metrics-file "$SF" \
    --db "host=127.0.0.1 port=1 connect_timeout=2" --quiet
check_eq "$RC" 6 "a sync that cannot reach the database exits 6"
check_eq "$(prom "$SF" taxi_etl_last_run_exit_code "${S[@]}") $(prom "$SF" taxi_etl_last_run_months "${S[@]}" status=loaded) $(prom "$SF" taxi_etl_last_run_months "${S[@]}" status=failed)" \
    "6 0 0" "the months series are there, at 0, for a run that failed before counting a month"

# --- a transform --------------------------------------------------------------------
python3 "$MAKE_ZONES" "$WORK/zones.csv"
TF="$METRICS/transform.prom"
run_etl transform --zones-url "$WORK/zones.csv" --metrics-file "$TF" --quiet
check_eq "$RC" 0 "a transform with --metrics-file succeeds"
check_prom "$TF" "a transform's metrics"
check_eq "$(prom "$TF" taxi_etl_last_run_exit_code command=transform)" 0 "a transform's exit code, without a taxi label"
success_transform=$(prom "$TF" taxi_etl_last_success_timestamp_seconds command=transform)
check_eq "$success_transform" "$(prom "$TF" taxi_etl_last_run_end_timestamp_seconds command=transform)" \
    "its last success is its end"
run_etl transform --zones-url "$WORK/missing-zones.csv" --reload-zones --metrics-file "$TF" --quiet
check_eq "$RC" 3 "a transform whose zone lookup is missing exits 3"
check_eq "$(prom "$TF" taxi_etl_last_run_exit_code command=transform)" 3 "the file says exit code 3"
check_eq "$(prom "$TF" taxi_etl_last_success_timestamp_seconds command=transform)" \
    "$success_transform" "the transform's last success is carried over"

check_eq "$(listing)" "backfill-green.prom green.prom sync-green.prom transform.prom " \
    "four files, no temporary one"
finish
