#!/usr/bin/env bash
# A cron job for one taxi kind that logs a line per run, for those who want a
# log file rather than cron's mail (see examples/crontab and `taxi-etl cron`).
# Loads the month of today's date, as the course's scheduled flow does.
#
#     load_month.sh green >>/var/log/taxi-etl.log 2>&1
#
# Connection: the PG* environment variables and ~/.pgpass.
set -uo pipefail
taxi=${1:?usage: load_month.sh green|yellow}
taxi_etl=${TAXI_ETL:-taxi-etl}

started=$(date -Is)
"$taxi_etl" load --quiet --taxi "$taxi" --for-date today
rc=$?
case $rc in
    0) echo "$started $taxi $(date +%Y-%m): loaded" ;;
    3) echo "$started $taxi $(date +%Y-%m): not published yet; the next run tries again" ;;
    *) echo "$started $taxi $(date +%Y-%m): failed with exit code $rc (see taxi-etl history)" ;;
esac
exit $rc
