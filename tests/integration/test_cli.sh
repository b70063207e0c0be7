#!/usr/bin/env bash
# The command line as a user meets it: --help and --version everywhere, the
# exit codes in the help, and the progress line only on a terminal.
source "$(dirname "$0")/lib.sh"
start_http_server

run_etl --help
check_eq "$RC" 0 "taxi-etl --help succeeds"
check_contains "$OUT" "load" "--help lists the load command"
check_contains "$OUT" "4  bad data" "--help documents the exit codes"

run_etl load --help
check_eq "$RC" 0 "taxi-etl load --help succeeds"
for option in --taxi --year --month --file --source-url --db --schema --quiet; do
    check_contains "$OUT" "$option" "load --help documents $option"
done
check_contains "$OUT" "https://github.com/DataTalksClub/nyc-tlc-data/releases/download/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz" \
    "load --help shows the default source URL"

run_etl --version
check_eq "$RC" 0 "taxi-etl --version succeeds"
check_contains "$OUT" "taxi-etl 0." "--version prints the version"
run_etl load --version
check_contains "$OUT" "taxi-etl 0." "load --version prints the version"

# A slow download gives the progress line time to appear. `script` runs the
# command on a pseudo-terminal, the way a person at a terminal would.
generate green 2019 1 40000 41 >/dev/null
slow_url="$BASE_URL/fault/slow=600000/files/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
tty_output=$(script -qec "'$TAXI_ETL' load --taxi green --year 2019 --month 1 --source-url '$slow_url'" /dev/null)
check_contains "$tty_output" "MB downloaded, " "a terminal shows a progress line"
check_contains "$tty_output" $'\r' "the progress line overwrites itself"

run_etl load --taxi green --year 2019 --month 1 --source-url "$slow_url"
check_not_contains "$ERR" $'\r' "no progress line when stderr is not a terminal"
check_contains "$ERR" "40000 already present" "the summary is still printed"

tty_quiet=$(script -qec "'$TAXI_ETL' load --quiet --taxi green --year 2019 --month 1 --source-url '$slow_url'" /dev/null)
check_eq "$tty_quiet" "" "--quiet prints nothing, even on a terminal"

finish
