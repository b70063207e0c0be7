#!/usr/bin/env bash
# Loads every month of one year for one taxi kind, one month after another,
# and ends with a line per month. A month that is not published (exit 3) is
# reported and skipped; any other failure stops the script, since a database
# or network problem would fail the next months too. Each month is atomic,
# so running the script again after a failure is safe: months already loaded
# add nothing.
#
#     load_year.sh green 2019
set -uo pipefail
taxi=${1:?usage: load_year.sh green|yellow YEAR}
year=${2:?usage: load_year.sh green|yellow YEAR}
taxi_etl=${TAXI_ETL:-taxi-etl}

status=0
for month in 01 02 03 04 05 06 07 08 09 10 11 12; do
    "$taxi_etl" load --taxi "$taxi" --year "$year" --month "$month" "${@:3}"
    rc=$?
    case $rc in
        0) echo "$taxi $year-$month: loaded" ;;
        3) echo "$taxi $year-$month: not published" ;;
        *) echo "$taxi $year-$month: failed (exit code $rc)"; status=$rc; break ;;
    esac
done
exit $status
