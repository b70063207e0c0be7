#!/usr/bin/env bash
# Installs what building, testing and the demo need on Debian 12, from
# Debian's packages only. Run as root (or with sudo available).
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    libcli11-dev libcurl4-openssl-dev libssl-dev zlib1g-dev libisal-dev libpq-dev libfmt-dev catch2
    postgresql postgresql-common postgresql-client
    python3 ca-certificates curl
    time # /usr/bin/time: the peak memory of a load (test_csv_limits.sh)
    prometheus # promtool: test_metrics.sh checks the --metrics-file output with it
    systemd    # systemd-analyze: test_examples.sh verifies the service and timer
    help2man   # the man page, made at build time from --help
    dpkg-dev file lintian # the Debian package (test_package.sh)
    man-db bash-completion zsh     # man -w, and the completions, in the tests
)

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)

# No package may start its service here (prometheus; postgresql's main
# cluster): the tests start what they need with pg_virtualenv, and a daemon
# started by CI would outlive it. invoke-rc.d asks policy-rc.d, and 101 is
# "not allowed". One that exists already (a container's) is left as it is.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
    "${as_root[@]}" chmod 755 "$policy"
    trap '"${as_root[@]}" rm -f "$policy"' EXIT
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
