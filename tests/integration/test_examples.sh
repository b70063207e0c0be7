#!/usr/bin/env bash
# examples/: the systemd service and timer of `taxi-etl sync` are valid units
# with the keys the README promises, and examples/crontab has the lines
# `taxi-etl cron` prints.
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
    echo "ok - # skip: systemd-analyze is not installed"
fi

# examples/crontab: what `cron` prints, for a binary in /usr/local/bin.
PGHOST=localhost PGDATABASE=ny_taxi PGUSER=etl run_etl cron
while read -r line; do
    check_eq "$(grep -cxF -- "${line//$TAXI_ETL//usr/local/bin/taxi-etl}" "$EXAMPLES/crontab")" 1 \
        "examples/crontab has: $line"
done < <(grep -E '^(PGHOST|PGDATABASE|PGUSER)=|^0 ' <<<"$OUT")

finish
