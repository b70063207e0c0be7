#!/usr/bin/env bash
# A cron job for one taxi kind that logs what each run did, for those who
# want a log file rather than cron's mail (see examples/crontab and
# `taxi-etl cron`). Runs `taxi-etl sync`: loads every month the source
# publishes that the table does not hold, so a month published late or
# missed while the server was down is loaded by the next run.
#
#     sync_log.sh green >>/var/log/taxi-etl.log 2>&1
#     sync_log.sh yellow --db postgresql://etl@dbhost/ny_taxi >>...
#
# Each line of the run is logged with the run's start time and the kind;
# the last one is the summary ("sync green 2019-01..2026-12: 1 loaded, 30
# held, not published yet: 2021-08..2026-12"). Exit code: sync's.
# Connection: the PG* environment variables and ~/.pgpass, or --db.
set -uo pipefail
taxi=${1:?usage: sync_log.sh green|yellow [taxi-etl sync options]}
shift
taxi_etl=${TAXI_ETL:-taxi-etl}

started=$(date -Is)
"$taxi_etl" sync --taxi "$taxi" "$@" 2>&1 | sed -u "s/^taxi-etl: /$started $taxi: /"
exit "${PIPESTATUS[0]}"
