#!/usr/bin/env bash
# Messages stay one line, whatever the input puts in them: control
# characters from a header, a file name or the environment are escaped, a
# huge header name is cut short, and `cron` never writes a line it was not
# asked for (issue 13, items 8 and 9).
source "$(dirname "$0")/lib.sh"

good=$(generate green 2019 1 200 51)
run_etl load --quiet --taxi green --file "$good"
check_eq "$RC" 0 "a good month is loaded first"
before=$(table_fingerprint green_tripdata)
header=$(zcat "$good" | head -1 | tr -d '\r')

# no_raw_controls DESCRIPTION: stderr holds no control character but its
# line ends.
no_raw_controls() {
    if tr -d '\n' <"$WORK/stderr" | LC_ALL=C grep -q '[[:cntrl:]]'; then
        not_ok "$1: a raw control character reached stderr: $(od -c "$WORK/stderr" | head -3)"
    else
        ok "$1: no raw control character on stderr"
    fi
}

# with_header TEXT NAME: the good file with its header replaced by TEXT.
with_header() {
    { printf '%s\r\n' "$1"; zcat "$good" | tail -n +2; } | gzip -1 >"$WORK/$2"
    echo "$WORK/$2"
}

# --- a header name holding a carriage return and an escape sequence -------------
hostile=$(printf 'VendorID,lpep_pickup\r_date\033[2Jtime%s' "${header#VendorID,lpep_pickup_datetime}")
file=$(with_header "$hostile" green_hostile.csv.gz)
run_etl load --quiet --taxi green --file "$file"
check_failure 4 "header column 2 is 'lpep_pickup\\r_date\\x1b[2Jtime'" \
    "a header name with CR and ESC"
no_raw_controls "a header name with CR and ESC"
check_recorded failed "a header name with CR and ESC"
check_eq "$(table_fingerprint green_tripdata)" "$before" "a header name with CR and ESC: the table is unchanged"

# --- a 60 KB header name ------------------------------------------------------------
huge=$(head -c 61440 /dev/zero | tr '\0' x)
file=$(with_header "VendorID,$huge${header#VendorID,lpep_pickup_datetime}" green_huge.csv.gz)
run_etl load --quiet --taxi green --file "$file"
check_failure 4 "(61440 bytes)" "a 60 KB header name"
check_eq "$( [ "$(wc -c <"$WORK/stderr")" -lt 400 ] && echo short || echo "$(wc -c <"$WORK/stderr") bytes")" \
    short "a 60 KB header name: the message is cut short"

# --- a file name with a line end ------------------------------------------------
run_etl load --quiet --taxi green --file "$WORK/a"$'\n'"b.csv.gz"
check_failure 3 'a\nb.csv.gz: No such file or directory' "a missing file whose name holds a newline"
cp "$good" "$WORK/c"$'\n'"d.csv.gz"
run_etl load --taxi green --file "$WORK/c"$'\n'"d.csv.gz"
check_eq "$RC" 0 "a file whose name holds a newline loads"
check_eq "$(wc -l <"$WORK/stderr")" 2 "its start and summary are two lines, not more"
check_contains "$ERR" 'c\nd.csv: 200 rows read' "the summary shows the newline escaped"
no_raw_controls "a file whose name holds a newline"

# --- history: a file name holding an escape sequence stays inert ------------------
cp "$good" "$WORK/x"$'\033]0;owned\007'"green.csv.gz"
run_etl load --quiet --taxi green --file "$WORK/x"$'\033]0;owned\007'"green.csv.gz"
run_etl history
check_eq "$RC" 0 "history lists a run whose file name holds an escape sequence"
check_contains "$OUT" 'x\x1b]0;owned\x07green' "history shows the file name escaped"
if LC_ALL=C grep -q $'[\033\007]' "$WORK/stdout"; then
    not_ok "history printed a raw escape sequence"
else
    ok "history printed no raw escape sequence"
fi

# --- cron: no value may start a crontab line of its own -------------------------
run_etl cron --schema $'x\n* * * * * touch /tmp/owned'
check_failure 2 "holds a control character" "cron --schema with a newline"
check_eq "$OUT" "" "cron --schema with a newline prints no crontab"
PGHOST=$'db\n* * * * * touch /tmp/owned' run_etl cron
check_failure 2 "PGHOST" "cron with a newline in PGHOST"
check_eq "$OUT" "" "cron with a newline in PGHOST prints no crontab"
run_etl cron --source-url $'http://etl:Secret@m/{taxi}\r'
check_failure 2 "--source-url holds a control character" "cron --source-url with a carriage return"
check_not_contains "$ERR" "Secret" "cron --source-url with a carriage return: its password is not shown"
PGHOST=' db ' PGUSER="it's" run_etl cron --schema 'my schema'
check_eq "$RC" 0 "cron with blanks and quotes in its values"
check_contains "$OUT" 'PGHOST=" db "' "a value with blanks at its ends is quoted for cron"
check_contains "$OUT" "PGUSER=it's" "a value cron takes literally is written as it is"
check_contains "$OUT" "--schema 'my schema'" "the schema is quoted for the shell"
check_eq "$(grep -c ' sync --taxi ' <<<"$OUT")" 2 "cron prints 2 schedule lines"
check_eq "$(grep -v '^#' <<<"$OUT" | grep -v ' sync --taxi ' | grep -vcE '^PG[A-Z_]+=')" 0 \
    "and, besides, only comments and PG* variable lines"

finish
