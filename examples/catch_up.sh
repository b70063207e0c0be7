#!/usr/bin/env bash
# Brings a database up to date with the course's release: backfills every
# published month of green and yellow, two at a time. Months that a run
# loaded before are skipped, so this is cheap to run again (from cron, say
# once a night) and after a failure it retries only what did not succeed.
# Ends with `taxi-etl status`.
#
#     catch_up.sh                       # the PG* environment picks the database
#     catch_up.sh --db postgresql://etl@dbhost/ny_taxi
#
# Exit code: 0 when every month is loaded; otherwise that of the first kind
# whose backfill did not fully succeed (see `taxi-etl backfill --help`).
set -uo pipefail
taxi_etl=${TAXI_ETL:-taxi-etl}

status=0
for taxi in green yellow; do
    "$taxi_etl" backfill --taxi "$taxi" --from 2019-01 --to 2021-07 --jobs 2 --quiet "$@"
    rc=$?
    [ "$status" -ne 0 ] || status=$rc
done
db_args=()
[ "${1:-}" != "--db" ] || db_args=(--db "$2")
"$taxi_etl" status "${db_args[@]}"
exit $status
