#!/usr/bin/env bash
# The Debian package: packed by CPack from the suite's build (as
# scripts/build_deb.sh does from a Release build of its own), lintian finds
# no error in it, `apt-get install ./taxi-etl_*.deb` installs the binary, the
# man page, the completions, the examples and the systemd units (enabling
# nothing), and `apt-get purge` leaves nothing behind. Installs into this
# machine's /usr, as root: the other tests run build/taxi-etl, never
# /usr/bin's. Label "package": `ctest -LE package` runs the others.
source "$(dirname "$0")/lib.sh"

: "${TAXI_ETL_BUILD_DIR:?the build directory}"
source "$(dirname "$0")/../tools/complete.sh"

# Under CI a missing tool, or no root, fails the test (cannot_run).
[ "$(id -u)" -eq 0 ] || cannot_run "installing a package needs root"
for tool in apt-get dpkg dpkg-deb dpkg-shlibdeps cpack lintian man; do
    command -v "$tool" >/dev/null || cannot_run "$tool is missing"
done
[ -e /usr/share/bash-completion/bash_completion ] || cannot_run "bash-completion is missing"
if dpkg-query -W -f='${Status}' taxi-etl 2>/dev/null | grep -q "installed"; then
    cannot_run "taxi-etl is installed on this machine already: the test would remove it"
fi

# Whatever happens, the package does not stay on the machine.
purge_package() {
    if dpkg-query -W -f='${Status}' taxi-etl 2>/dev/null | grep -q "installed"; then
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq taxi-etl >/dev/null 2>&1
    fi
}
trap 'purge_package; cleanup' EXIT

version=$(sed -n 's/^project(taxi-etl VERSION \([0-9.]*\).*/\1/p' "$(dirname "$0")/../../CMakeLists.txt")
# The build's files, installed into a directory of the test's, packed from
# there: cpack's own install would first build the project again (its
# "preinstall"), relinking the taxi-etl that the tests running beside this
# one use when the commit changed since.
if ! (cd "$WORK" && cmake --install "$TAXI_ETL_BUILD_DIR" --prefix "$WORK/stage" --strip &&
    cpack -G DEB --config "$TAXI_ETL_BUILD_DIR/CPackConfig.cmake" -B "$WORK/package" \
        -D CPACK_INSTALL_CMAKE_PROJECTS= -D "CPACK_INSTALLED_DIRECTORIES=$WORK/stage;usr") \
    >"$WORK/cpack.log" 2>&1; then
    not_ok "cpack: $(tail -5 "$WORK/cpack.log")"
    finish
fi
deb="$WORK/package/taxi-etl_${version}_amd64.deb"
check_eq "$(ls "$WORK/package"/*.deb)" "$deb" "cpack makes taxi-etl_${version}_amd64.deb"

# The control fields: Depends found by dpkg-shlibdeps, not written by hand.
depends=$(dpkg-deb -f "$deb" Depends)
for library in libc6 libpq5 libcurl4 libssl3 libfmt9; do
    check_contains "$depends" "$library (>=" "Depends: $library"
done
check_eq "$(dpkg-deb -f "$deb" Package Version Section | tr '\n' ' ')" \
    "Package: taxi-etl Version: $version Section: database " "Package, Version, Section"
check_contains "$(dpkg-deb -f "$deb" Maintainer)" "@" "a Maintainer"
check_eq "$(dpkg-deb -I "$deb" | grep -cE ' (postinst|prerm|postrm|preinst) ')" 0 \
    "no maintainer script (nothing enabled, nothing started)"

lintian --no-tag-display-limit "$deb" >"$WORK/lintian.log" 2>&1
check_eq "$(grep '^E:' "$WORK/lintian.log")" "" "lintian finds no error"
grep -E '^[WI]:' "$WORK/lintian.log" | sed 's/^/    lintian: /'

if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$WORK/apt.log" 2>&1; then
    not_ok "apt-get install ./taxi-etl_*.deb: $(tail -5 "$WORK/apt.log")"
    finish
fi
ok "apt-get install ./taxi-etl_${version}_amd64.deb"
dpkg -L taxi-etl | sort >"$WORK/files"

check_eq "$(/usr/bin/taxi-etl --version)" "$("$TAXI_ETL" --version)" \
    "/usr/bin/taxi-etl --version: $(/usr/bin/taxi-etl --version)"
check_eq "$(man -w taxi-etl)" /usr/share/man/man1/taxi-etl.1.gz "man -w taxi-etl"
check_contains "$(MANWIDTH=200 man taxi-etl 2>/dev/null | col -b)" "EXIT STATUS" "man taxi-etl shows the page"

load_completion /usr/share/bash-completion/completions/taxi-etl ||
    not_ok "the installed bash completion loads"
check_eq "$(completions taxi-etl lo)" "load" "bash: taxi-etl lo -> load"
check_eq "$(completions taxi-etl load --ta)" "--taxi" "bash: taxi-etl load --ta -> --taxi"
check_eq "$(completions taxi-etl load --taxi "")" "fhv green yellow" "bash: --taxi -> the kinds"

for path in /usr/share/zsh/vendor-completions/_taxi-etl \
    /usr/share/doc/taxi-etl/copyright /usr/share/doc/taxi-etl/changelog.gz \
    /usr/share/doc/taxi-etl/examples/crontab \
    /usr/lib/systemd/system/taxi-etl-sync@.service /usr/lib/systemd/system/taxi-etl-sync@.timer; do
    if grep -qx "$path" "$WORK/files" && [ -f "$path" ]; then ok "installs $path"; else
        not_ok "does not install $path"
    fi
done
check_eq "$(find /etc/systemd -name 'taxi-etl*' 2>/dev/null)" "" "no unit is enabled"

if DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq taxi-etl >"$WORK/apt.log" 2>&1; then
    ok "apt-get purge -y taxi-etl"
else
    not_ok "apt-get purge: $(tail -5 "$WORK/apt.log")"
fi
check_eq "$(dpkg-query -W -f='${Status}' taxi-etl 2>/dev/null)" "" "dpkg knows no taxi-etl"
left=$(while read -r path; do
    # A directory other packages share (/usr/share/man/man1) stays.
    [ -e "$path" ] && [ ! -d "$path" ] && echo "$path"
done <"$WORK/files")
check_eq "$left" "" "every file of the package is gone"
for dir in /usr/share/doc/taxi-etl /usr/share/doc/taxi-etl/examples; do
    check_eq "$([ -e "$dir" ] && echo "$dir")" "" "$dir is gone"
done

finish
