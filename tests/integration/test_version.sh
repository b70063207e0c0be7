#!/usr/bin/env bash
# taxi-etl --version names the release and the commit it was built from
# (`git describe --always --dirty` at build time), on the program and on
# every command.
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

finish
