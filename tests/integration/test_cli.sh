#!/usr/bin/env bash
# The command line as a user meets it: --help, help and --version
# everywhere, the exit codes in the help, usage mistakes named with what was
# meant, the progress line only on a terminal, and output that cannot be
# written reported.
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

# --- help [COMMAND] -------------------------------------------------------------
top_help=$("$TAXI_ETL" --help)
load_help=$("$TAXI_ETL" load --help)
run_etl help
check_eq "$RC" 0 "taxi-etl help succeeds"
check_eq "$OUT" "$top_help" "taxi-etl help prints what taxi-etl --help does"
check_contains "$top_help" "  help " "--help lists help among the commands"
run_etl help load
check_eq "$RC" 0 "taxi-etl help load succeeds"
check_eq "$OUT" "$load_help" "taxi-etl help load prints what taxi-etl load --help does"
run_etl help lod
check_failure 2 "taxi-etl: usage error: 'lod' is not a taxi-etl command; did you mean 'load'? (see taxi-etl --help)" \
    "help of an unknown command"

# --- usage mistakes: named with what was meant, pointing at the command's help -
# (--db and --source-url point where nothing listens: a run that got that far
# would fail with 5 or 6, not 2.)
NOWHERE_DB="host=127.0.0.1 port=1 connect_timeout=1"
NOWHERE_URL="http://127.0.0.1:1/{taxi}_{year}-{month}.csv.gz"
run_etl lod --taxi green --year 2019 --month 1 --db "$NOWHERE_DB"
check_failure 2 "taxi-etl: usage error: 'lod' is not a taxi-etl command; did you mean 'load'? (see taxi-etl --help)" \
    "an unknown command"
run_etl load --taxi green --yaer 2019 --month 1 --db "$NOWHERE_DB" --source-url "$NOWHERE_URL"
check_failure 2 "taxi-etl: usage error: '--yaer' is not an option of taxi-etl load; did you mean '--year'? (see taxi-etl load --help)" \
    "a mistyped option is named, not its value"
run_etl history --taxis green --db "$NOWHERE_DB"
check_failure 2 "'--taxis' is not an option of taxi-etl history; did you mean '--taxi'? (see taxi-etl history --help)" \
    "a mistyped option of history"
run_etl load --year 2019 --month 1 --db "$NOWHERE_DB"
check_failure 2 "taxi-etl: usage error: --taxi is required (see taxi-etl load --help)" \
    "a missing required option"
run_etl backfill --taxi green --from 2019-01 --db "$NOWHERE_DB"
check_failure 2 "--to is required (see taxi-etl backfill --help)" "a missing --to of backfill"
run_etl load --taxi green --year 2019 --month 13 --db "$NOWHERE_DB" --source-url "$NOWHERE_URL"
check_failure 2 "--month must be 1 to 12 (or 01 to 12), not '13' (see taxi-etl load --help)" \
    "a bad value points at the command's help"
run_etl load --taxi green 2019 --db "$NOWHERE_DB"
check_failure 2 "unexpected argument '2019': taxi-etl load takes options only (see taxi-etl load --help)" \
    "a stray argument"
run_etl
check_failure 2 "a command is required: load, backfill, sync, transform, history, status, cron, help, completion (see taxi-etl --help)" \
    "no command"
# What CLI11 refuses is said in our words, naming the option and the value.
run_etl help load extra
check_failure 2 "taxi-etl: usage error: unexpected argument 'extra': taxi-etl help takes one command name (see taxi-etl --help)" \
    "help with an argument too many"
run_etl history -n -1 --db "$NOWHERE_DB"
check_failure 2 "taxi-etl: usage error: '--limit' takes a whole number of 0 or more, not '-1' (see taxi-etl history --help)" \
    "a negative --limit"
run_etl load --taxi blue --year 2019 --month 1 --db "$NOWHERE_DB"
check_failure 2 "usage error: '--taxi' takes green, yellow or fhv, not 'blue' (see taxi-etl load --help)" \
    "a kind not in the set"
run_etl load --taxi green --year 2019 --month 1 --stall-timeout 1.5 --db "$NOWHERE_DB"
check_failure 2 "usage error: '--stall-timeout' takes a whole number of seconds, not '1.5'" \
    "a fraction of a second where whole seconds are wanted"
run_etl backfill --taxi green --from 2019-01 --to 2019-02 --fail-fast --keep-going --db "$NOWHERE_DB"
check_failure 2 "usage error: '--fail-fast' and '--keep-going' cannot be given together" \
    "two options that exclude each other"
run_etl load --taxi green --taxi yellow --year 2019 --month 1 --db "$NOWHERE_DB"
check_failure 2 "usage error: '--taxi' is given more than once; it takes one value" "an option given twice"
run_etl completion fish
check_failure 2 "usage error: taxi-etl completion takes bash or zsh, not 'fish' (see taxi-etl completion --help)" \
    "a shell not in the set"

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

# --- output that cannot be written --------------------------------------------
# /dev/full fails every write with ENOSPC, as a full disk does.
# (cron without PGPASSWORD: it would warn that it leaves it out.)
full_case() {
    local description=$1
    shift
    "$@" >/dev/full 2>"$WORK/stderr"
    RC=$?
    ERR=$(cat "$WORK/stderr")
    check_failure 8 "taxi-etl: error: cannot write the output: No space left on device" "$description"
}
full_case "history > /dev/full" "$TAXI_ETL" history
full_case "status > /dev/full" "$TAXI_ETL" status --taxi green
full_case "cron > /dev/full" env -u PGPASSWORD "$TAXI_ETL" cron
full_case "--help > /dev/full" "$TAXI_ETL" --help
full_case "help load > /dev/full" "$TAXI_ETL" help load
"$TAXI_ETL" history >"$WORK/history" 2>"$WORK/stderr"
check_eq "$?:$(cat "$WORK/stderr")" "0:" "history to a file succeeds, quietly"

# A reader that has gone is no error: history into a pipe whose reading end
# is closed before it writes (EPIPE; SIGPIPE as a shell leaves it), and
# into head -1.
python3 - "$TAXI_ETL" >"$WORK/closed" 2>&1 <<'PY'
import os, subprocess, sys
read_end, write_end = os.pipe()
os.close(read_end)
run = subprocess.run([sys.argv[1], "history"], stdout=write_end, stderr=subprocess.PIPE)
print(f"exit {run.returncode}; stderr: {run.stderr.decode()!r}")
PY
check_eq "$(cat "$WORK/closed")" "exit 0; stderr: ''" "history into a closed pipe: exit 0, nothing on stderr"
"$TAXI_ETL" history 2>"$WORK/stderr" | head -1 >"$WORK/first"
check_eq "${PIPESTATUS[0]}:$(cat "$WORK/stderr")" "0:" "history | head -1: exit 0, nothing on stderr"
check_eq "$(cat "$WORK/first")" "$(head -1 "$WORK/history")" "history | head -1 prints the first line"

finish
