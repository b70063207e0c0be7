#!/usr/bin/env bash
# Loads the month that contains today's date for one taxi kind (the course's
# scheduled flow runs on the 1st of each month). Meant for cron: see
# examples/crontab. Prints nothing on success, one line on failure.
#
#     load_month.sh green
#
# Connection: the PG* environment variables or ~/.pgpass, or TAXI_ETL_DB
# (a conninfo string or postgresql:// URI).
set -uo pipefail
taxi=${1:?usage: load_month.sh green|yellow}
taxi_etl=${TAXI_ETL:-taxi-etl}

db_option=()
[ -z "${TAXI_ETL_DB:-}" ] || db_option=(--db "$TAXI_ETL_DB")

"$taxi_etl" load --quiet --taxi "$taxi" --year "$(date +%Y)" --month "$(date +%m)" \
    "${db_option[@]}"
rc=$?
case $rc in
    0) ;;
    3) echo "$(date -Is) $taxi $(date +%Y-%m) is not published yet; cron will try again" >&2 ;;
    *) echo "$(date -Is) $taxi $(date +%Y-%m) failed with exit code $rc" >&2 ;;
esac
exit $rc
