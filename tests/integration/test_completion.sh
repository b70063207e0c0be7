#!/usr/bin/env bash
# The shell completion the build generates (`taxi-etl completion bash|zsh`,
# installed by the package): bash completes the commands, each command's
# options as its --help lists them, and the values an option takes; the zsh
# script is valid zsh.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../tools/complete.sh"

: "${TAXI_ETL_BUILD_DIR:?the build directory}"
script="$TAXI_ETL_BUILD_DIR/docs/taxi-etl.bash"
# Under CI a missing tool fails the test (cannot_run).
need() {
    [ -e "$1" ] || cannot_run "$2 is missing: $1"
}
need /usr/share/bash-completion/bash_completion "bash-completion"
need "$script" "the generated completion (the build makes it)"

check_eq "$("$TAXI_ETL" completion bash)" "$(cat "$script")" \
    "the build's script is what taxi-etl completion bash prints"
load_completion "$script" || not_ok "bash-completion and the script load"

check_eq "$(completions taxi-etl lo)" "load" "taxi-etl lo -> load"
check_eq "$(completions taxi-etl "")" \
    "backfill completion cron help history load status sync transform" "taxi-etl: every command"
check_eq "$(completions taxi-etl load --ta)" "--taxi" "load --ta -> --taxi"
check_eq "$(completions taxi-etl load --taxi "")" "fhv green yellow" "load --taxi: the kinds"
check_eq "$(completions taxi-etl backfill --taxi=ye)" "yellow" "--taxi=ye -> yellow"
check_eq "$(completions taxi-etl history --format "")" "csv json table" "history --format"
check_eq "$(completions taxi-etl status --format "")" "json table" "status --format"
check_eq "$(completions taxi-etl load --copy-format "")" "auto binary csv" "load --copy-format"
check_eq "$(completions taxi-etl cron --mode "")" "for-date sync" "cron --mode"
check_eq "$(completions taxi-etl completion "")" "bash zsh" "completion: the shells"
check_eq "$(completions taxi-etl help lo)" "load" "help lo -> load"
check_eq "$(completions taxi-etl help "")" \
    "backfill completion cron help history load status sync transform" "help: every command"
check_eq "$(completions taxi-etl history --status "")" "failed interrupted running succeeded" \
    "history --status: the run statuses"
check_eq "$(completions taxi-etl load --year "")" "" "--year: nothing to guess"

mkdir -p "$WORK/files/sub" && touch "$WORK/files/green_2019-01.csv.gz" "$WORK/files/other"
check_eq "$(cd "$WORK/files" && completions taxi-etl load --file gr)" "green_2019-01.csv.gz" \
    "load --file: file names"
check_eq "$(cd "$WORK/files" && completions taxi-etl load --metrics-file "")" "green_2019-01.csv.gz other sub" \
    "--metrics-file: file names"

# Every long option each command's --help shows is completed after it.
for command in load backfill sync transform history status cron completion; do
    listed=$("$TAXI_ETL" "$command" --help | grep -oE '^  (-[a-z],)?--[a-z-]+' |
        sed 's/.*--/--/' | sort | tr '\n' ' ' | sed 's/ $//')
    check_eq "$(completions taxi-etl "$command" --)" "$listed" "$command --: its options"
done

zsh_script="$TAXI_ETL_BUILD_DIR/docs/taxi-etl.zsh"
if command -v zsh >/dev/null; then
    if zsh -n "$zsh_script" 2>"$WORK/zsh.err"; then ok "the zsh script is valid zsh"; else
        not_ok "zsh -n: $(cat "$WORK/zsh.err")"
    fi
    check_eq "$(head -1 "$zsh_script")" "#compdef taxi-etl" "the zsh script is a #compdef function"
else
    need /usr/bin/zsh zsh
fi

finish
