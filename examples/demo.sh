#!/usr/bin/env bash
# The main job on a fresh Debian machine: installs what is needed, builds
# taxi-etl, starts a throwaway PostgreSQL (Debian's pg_virtualenv, removed
# at the end), loads green 2019-01 and shows the row count, then loads the
# same month again to show that it adds nothing.
#
# The month comes from the course's GitHub release when the machine can
# reach it; otherwise from a generated sample of the same size (630,918
# rows) served by a local HTTP server on 127.0.0.1 that answers like GitHub.
#
#     bash examples/demo.sh        (as root, or with sudo)
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/install_build_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target taxi-etl taxi-etl-gen

work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

real_url="https://github.com/DataTalksClub/nyc-tlc-data/releases/download/green/green_tripdata_2019-01.csv.gz"
if curl -sSfI --max-time 10 -o /dev/null "$real_url" 2>/dev/null; then
    echo "demo: loading the real green 2019-01 from GitHub"
    source_url=""
else
    echo "demo: GitHub is out of reach; generating a sample green 2019-01 (630918 rows)"
    mkdir -p "$work/www/green"
    build/tests/taxi-etl-gen --taxi green --year 2019 --month 1 --rows 630918 \
        --out "$work/www/green/green_tripdata_2019-01.csv.gz"
    python3 tests/tools/http_server.py --root "$work/www" --port-file "$work/port" \
        2>/dev/null &
    server_pid=$!
    for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
    source_url="http://127.0.0.1:$(cat "$work/port")/DataTalksClub/nyc-tlc-data/releases/download/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
fi

cat >"$work/job.sh" <<'JOB'
set -euo pipefail
load() {
    if [ -n "$SOURCE_URL" ]; then
        "$TAXI_ETL" load --taxi green --year 2019 --month 01 --source-url "$SOURCE_URL"
    else
        "$TAXI_ETL" load --taxi green --year 2019 --month 01
    fi
}
echo "--- first load"
load
echo "--- rows per file in green_tripdata"
psql -X -c "SELECT filename, count(*) AS rows FROM green_tripdata GROUP BY filename"
echo "--- the same month again"
load
psql -X -c "SELECT count(*) AS rows_after_second_load FROM green_tripdata"
JOB
TAXI_ETL="$PWD/build/taxi-etl" SOURCE_URL="$source_url" pg_virtualenv -t bash "$work/job.sh"
