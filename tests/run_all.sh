#!/usr/bin/env bash
# The whole test suite from nothing: installs the packages, builds, starts a
# throwaway PostgreSQL with Debian's pg_virtualenv (stopped and removed when
# the command ends, also on failure), and runs every test with ctest.
#
#     bash tests/run_all.sh        (as root, or with sudo)
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/install_build_deps.sh

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)"

# -t: a temporary cluster directory, even when run as root.
pg_virtualenv -t ctest --test-dir build --output-on-failure -j "$(nproc)"
