#!/usr/bin/env bash
# The man page taxi-etl(1) the build makes with help2man says what --help
# says: every command, every option of every command's --help, every exit
# code; and it has the sections a man page has, without roff warnings.
source "$(dirname "$0")/lib.sh"

: "${TAXI_ETL_BUILD_DIR:?the build directory}"
page="$TAXI_ETL_BUILD_DIR/docs/man/taxi-etl.1.gz"
if [ ! -e "$page" ] || ! command -v man >/dev/null; then
    cannot_run "no man page ($page: install help2man and build again) or no man"
fi

# The page as a reader sees it, without hyphenation nor adjusting.
text=$(MANWIDTH=2000 man -l "$page" 2>/dev/null | col -b)

for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" COMMANDS ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
    if grep -qx "$section" <<<"$text"; then ok "section $section"; else not_ok "no section $section"; fi
done
check_contains "$text" "$("$TAXI_ETL" --version)" "the page names the version and commit"

commands=$("$TAXI_ETL" --help | sed -n '/^Subcommands:/,/^$/p' | grep -oE '^  [a-z-]+' | tr -d ' ')
check_eq "$(wc -w <<<"$commands")" 9 "--help lists 9 commands"
for command in $commands; do
    check_contains "$text" "taxi-etl $command" "the page has the command $command"
    "$TAXI_ETL" "$command" --help | grep -oE '^  (-[a-z],)?--[a-z-]+[^ ]*( [^ ]+)?' |
        sed 's/^  //' >"$WORK/options"
    while read -r option; do
        check_contains "$text" "$option" "$command: $option"
    done <"$WORK/options"
done

# The exit codes, as --help says them, under EXIT STATUS.
exit_status=$(sed -n '/^EXIT STATUS$/,/^COMMANDS$/p' <<<"$text")
"$TAXI_ETL" --help | sed -n '/^Exit codes:/,$p' | grep -oE '^  [0-9/]+  +[^ ]+( [^ ]+)?' |
    sed -E 's/^  ([0-9/]+) +/\1 /' >"$WORK/codes"
check_eq "$(wc -l <"$WORK/codes")" 10 "--help lists 10 exit codes"
while read -r code words; do
    check_contains "$exit_status" "$code" "exit status $code"
    check_contains "$exit_status" "$words" "exit status $code: $words"
done <"$WORK/codes"
for variable in PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE PGSSLMODE PGCONNECT_TIMEOUT; do
    check_contains "$(sed -n '/^ENVIRONMENT$/,/^FILES$/p' <<<"$text")" "$variable" "ENVIRONMENT: $variable"
done
check_contains "$(sed -n '/^FILES$/,/^EXAMPLES$/p' <<<"$text")" "~/.pgpass" "FILES: ~/.pgpass"

# roff mistakes, as lintian looks for them (a long URL that cannot be
# adjusted is no mistake).
warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null |
    grep -v "cannot adjust line\|can't break line")
check_eq "$warnings" "" "man --warnings finds nothing"

finish
