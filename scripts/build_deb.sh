#!/usr/bin/env bash
# Builds the Debian package taxi-etl_<version>_amd64.deb from this tree and
# prints its path: a Release build with Debian's hardening flags in
# build-deb/, installed under /usr, packed by CPack (Depends: found by
# dpkg-shlibdeps). Installs the packages it needs with apt-get when it
# can (root or sudo).
#
#     bash scripts/build_deb.sh
#     sudo apt-get install ./build-deb/package/taxi-etl_*_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."

needed=(cmake dpkg-dev file help2man)
missing=()
for package in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
        missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    as_root=()
    [ "$(id -u)" -eq 0 ] || as_root=(sudo)
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq \
        --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's hardening (fortify, relro, bindnow), as a package built by
# dpkg-buildpackage gets it.
CXXFLAGS="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
LDFLAGS="$(dpkg-buildflags --get LDFLAGS) -Wl,-z,now"
export CXXFLAGS LDFLAGS

build=build-deb
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DBUILD_TESTS=OFF -DTAXI_ETL_MAN_PAGE=ON >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
(cd "$build" && cpack -G DEB >/dev/null)
ls "$PWD/$build"/package/taxi-etl_*_amd64.deb
