#!/usr/bin/env bash
# examples/: the systemd service and timer of `taxi-etl sync` are valid units
# with the keys the README promises, and examples/crontab has the lines
# `taxi-etl cron` prints; the scripts sync_log.sh and catch_up.sh run.
source "$(dirname "$0")/lib.sh"
EXAMPLES="$(dirname "$0")/../../examples"

service="$EXAMPLES/taxi-etl-sync@.service"
timer="$EXAMPLES/taxi-etl-sync@.timer"
for key in "Type=oneshot" "EnvironmentFile=/etc/taxi-etl/env" \
    "ExecStart=/usr/local/bin/taxi-etl sync --taxi %i --quiet"; do
    check_eq "$(grep -cxF -- "$key" "$service")" 1 "the service has $key"
done
for key in "Persistent=true" "OnCalendar=*-*-01 09:00:00" "WantedBy=timers.target"; do
    check_eq "$(grep -cxF -- "$key" "$timer")" 1 "the timer has $key"
done
check_not_contains "$(grep -v '^#' "$EXAMPLES/taxi-etl.env")" "PGPASSWORD" "the environment file holds no password"

# systemd's own reading, of an instance with this binary and an environment
# file that exist (verify only warns: any word it prints is a problem).
if command -v systemd-analyze >/dev/null; then
    mkdir -p "$WORK/units"
    sed "s#/usr/local/bin/taxi-etl#$TAXI_ETL#; s#/etc/taxi-etl/env#$WORK/env#" "$service" \
        >"$WORK/units/taxi-etl-sync@green.service"
    cp "$timer" "$WORK/units/taxi-etl-sync@green.timer"
    cp "$EXAMPLES/taxi-etl.env" "$WORK/env"
    out=$(systemd-analyze verify "$WORK/units/taxi-etl-sync@green.service" \
        "$WORK/units/taxi-etl-sync@green.timer" 2>&1)
    check_eq "$?:$out" "0:" "systemd-analyze verify finds nothing to say"
    check_contains "$(systemd-analyze calendar '*-*-01 09:00:00' 2>&1)" "Next elapse" "the timer's calendar parses"
else
    # The test command installs it (systemd): only a hand-made set-up lacks it.
    [ -z "${CI:-}" ] || check_eq "missing" "systemd-analyze" "CI has systemd-analyze"
    echo "ok - # skip: systemd-analyze is not installed"
fi

# examples/crontab: what `cron` prints, for a binary in /usr/local/bin.
PGHOST=localhost PGDATABASE=ny_taxi PGUSER=etl run_etl cron
while read -r line; do
    check_eq "$(grep -cxF -- "${line//$TAXI_ETL//usr/local/bin/taxi-etl}" "$EXAMPLES/crontab")" 1 \
        "examples/crontab has: $line"
done < <(grep -E '^(PGHOST|PGDATABASE|PGUSER)=|^0 ' <<<"$OUT")

# --- the scripts, against a source publishing 2019-01..02 of green --------------
start_http_server
jan=$(generate green 2019 1 1500 191)
feb=$(generate green 2019 2 1200 192)
export TAXI_ETL
"$EXAMPLES/sync_log.sh" green --from 2019-01 --to 2019-04 --source-url "$RELEASE_URL" >"$WORK/log" 2>&1
check_eq "$?" 0 "sync_log.sh exits as sync does: 0"
log=$(cat "$WORK/log")
[ -n "${SHOW_ERRORS:-}" ] && echo "$log"
check_eq "$(grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+[+-][0-9:]+ green: ' <<<"$log")" \
    "$(wc -l <<<"$log")" "every line of the log starts with the run's start and the kind"
check_contains "$log" "green: sync green 2019-01..2019-04: 2 loaded, 0 held, not published yet: 2019-03..2019-04" \
    "its last line is sync's summary"
check_eq "$(q "SELECT count(*) FROM green_tripdata")" "$(( $(rows_of "$jan") + $(rows_of "$feb") ))" \
    "and the months are loaded"
"$EXAMPLES/sync_log.sh" yellow --from 2019-01 --to 2019-04 --source-url "file:///nonexistent/{taxi}_{year}-{month}.csv.gz" >"$WORK/log" 2>&1
check_eq "$?" 3 "sync_log.sh keeps sync's exit code: 3 when the source publishes nothing"

# catch_up.sh syncs green and yellow (the kinds' default --from) and prints the status.
"$EXAMPLES/catch_up.sh" --source-url "$RELEASE_URL" >"$WORK/out" 2>"$WORK/err"
rc=$?
check_eq "$rc" 3 "catch_up.sh: yellow publishes nothing here: exit 3 of its sync"
check_contains "$(cat "$WORK/err")" "sync yellow: none of 2019-01.." "naming what yellow's sync found"
check_contains "$(cat "$WORK/out")" "green (public.green_tripdata): 2 of 31 published months loaded" \
    "and the status ends it"

finish
