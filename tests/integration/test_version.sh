#!/usr/bin/env bash
# taxi-etl --version names the release and the commit it was built from
# (`git describe --always --dirty` at build time), on the program and on
# every command, and each run records it in the history.
source "$(dirname "$0")/lib.sh"

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^project(taxi-etl VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")
if commit=$(git -C "$source_dir" describe --always 2>/dev/null); then
    expected="^taxi-etl $version \\(git $commit(-dirty)?\\)\$"
else
    expected="^taxi-etl $version \\(git unknown\\)\$"
fi

run_etl --version
check_eq "$RC" 0 "--version succeeds"
if [[ $OUT =~ $expected ]]; then ok "--version names the commit: $OUT"; else
    not_ok "--version: got '$OUT', expected /$expected/"
fi
for command in load backfill sync transform history status cron completion; do
    run_etl "$command" --version
    check_eq "$RC:$OUT" "0:$("$TAXI_ETL" --version)" "$command --version says the same"
done

# The run history records the same version, with its commit.
jan=$(generate green 2019 1 100 1)
run_etl load --quiet --taxi green --file "$jan"
check_eq "$RC" 0 "a load succeeds"
check_eq "taxi-etl $(q "SELECT taxi_etl_version FROM taxi_etl.runs ORDER BY run_id DESC LIMIT 1")" \
    "$("$TAXI_ETL" --version)" "the run history records the version --version names"
run_etl history -n 1 --format csv
check_contains "$OUT" ",${version} (git " "history --format csv shows it"

finish
