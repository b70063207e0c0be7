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
)

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
