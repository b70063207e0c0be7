#!/usr/bin/env bash
# Brings a database up to date with the source: `taxi-etl sync` for green
# and yellow (every month published and not held by the table, two at a
# time), then `taxi-etl status`. Months the table holds are not read again,
# so this is cheap to run again (from cron, say once a night); after a
# failure it loads only what the table does not hold.
#
#     catch_up.sh                       # the PG* environment picks the database
#     catch_up.sh --db postgresql://etl@dbhost/ny_taxi
#
# Exit code: 0 when every published month is held; otherwise that of the
# first kind whose sync did not fully succeed (see `taxi-etl sync --help`).
set -uo pipefail
taxi_etl=${TAXI_ETL:-taxi-etl}

status=0
for taxi in green yellow; do
    "$taxi_etl" sync --taxi "$taxi" --jobs 2 --quiet "$@"
    rc=$?
    [ "$status" -ne 0 ] || status=$rc
done
db_args=()
[ "${1:-}" != "--db" ] || db_args=(--db "$2")
"$taxi_etl" status "${db_args[@]}"
exit $status
