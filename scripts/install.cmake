# What `cmake --install` and the Debian package (`cpack -G DEB`, see
# scripts/build_deb.sh) install besides the binary: the man page and the
# shell completion, generated from the built binary so that they say what
# it says; the examples; the Debian copyright and changelog.
include(GNUInstallDirs)

install(TARGETS taxi-etl RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")

set(docs_dir "${CMAKE_BINARY_DIR}/docs")
file(MAKE_DIRECTORY "${docs_dir}/man")

# Shell completion: `taxi-etl completion bash|zsh`.
foreach(shell IN ITEMS bash zsh)
    add_custom_command(OUTPUT "${docs_dir}/taxi-etl.${shell}"
        COMMAND "${CMAKE_COMMAND}" "-DTAXI_ETL=$<TARGET_FILE:taxi-etl>" "-DSHELL=${shell}"
                "-DOUTPUT=${docs_dir}/taxi-etl.${shell}"
                -P "${CMAKE_SOURCE_DIR}/scripts/shell_completion.cmake"
        DEPENDS taxi-etl "${CMAKE_SOURCE_DIR}/scripts/shell_completion.cmake"
        COMMENT "Generating the ${shell} completion" VERBATIM)
endforeach()
set(docs_outputs "${docs_dir}/taxi-etl.bash" "${docs_dir}/taxi-etl.zsh")
install(FILES "${docs_dir}/taxi-etl.bash"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" RENAME taxi-etl)
install(FILES "${docs_dir}/taxi-etl.zsh"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions" RENAME _taxi-etl)

# The man page: help2man on the built binary (Debian's help2man). Without
# it the build says so and installs no page; scripts/build_deb.sh and the
# tests need it (-DTAXI_ETL_MAN_PAGE=ON makes its absence an error).
find_program(HELP2MAN help2man)
if(HELP2MAN)
    set(help2man_found ON)
else()
    set(help2man_found OFF)
endif()
option(TAXI_ETL_MAN_PAGE "Generate the man page with help2man" ${help2man_found})
if(TAXI_ETL_MAN_PAGE)
    if(NOT HELP2MAN)
        message(FATAL_ERROR "TAXI_ETL_MAN_PAGE is ON but help2man was not found: "
            "install help2man, or configure with -DTAXI_ETL_MAN_PAGE=OFF")
    endif()
    add_custom_command(OUTPUT "${docs_dir}/man/taxi-etl.1.gz"
        COMMAND "${CMAKE_COMMAND}" "-DTAXI_ETL=$<TARGET_FILE:taxi-etl>" "-DHELP2MAN=${HELP2MAN}"
                "-DINCLUDE=${CMAKE_SOURCE_DIR}/scripts/taxi-etl.h2m"
                "-DOUTPUT=${docs_dir}/man/taxi-etl.1.gz"
                -P "${CMAKE_SOURCE_DIR}/scripts/man_page.cmake"
        DEPENDS taxi-etl "${CMAKE_SOURCE_DIR}/scripts/man_page.cmake"
                "${CMAKE_SOURCE_DIR}/scripts/taxi-etl.h2m"
        COMMENT "Generating the man page taxi-etl(1) with help2man" VERBATIM)
    list(APPEND docs_outputs "${docs_dir}/man/taxi-etl.1.gz")
    install(FILES "${docs_dir}/man/taxi-etl.1.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
else()
    message(STATUS "man page: not generated (install help2man for it)")
endif()

# Debian's copyright file, in its machine-readable format, from LICENSE.
file(READ "${CMAKE_SOURCE_DIR}/LICENSE" license)
string(REGEX MATCH "Copyright \\(c\\) ([^\n]+)" copyright_line "${license}")
set(copyright_holder "${CMAKE_MATCH_1}")
string(REGEX REPLACE "^.*Copyright \\(c\\) [^\n]+\n\n" "" license_text "${license}")
string(STRIP "${license_text}" license_text)
string(REGEX REPLACE "\n\n" "\n.\n" license_text "${license_text}")
string(REGEX REPLACE "\n" "\n " license_text "${license_text}")
file(CONFIGURE OUTPUT "${docs_dir}/copyright" CONTENT
"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: taxi-etl

Files: *
Copyright: ${copyright_holder}
License: Expat
 ${license_text}
" @ONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/LICENSE")

# The Debian changelog a package must carry: one entry, this version
# (changelog.gz: the package is native, built from its own tree).
string(TIMESTAMP changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(TAXI_ETL_MAINTAINER "taxi-etl maintainers <maintainers@users.noreply.b-seed-97f16fb2.example>"
    CACHE STRING "The Debian package's Maintainer")
file(CONFIGURE OUTPUT "${docs_dir}/changelog.Debian" CONTENT
"taxi-etl (${PROJECT_VERSION}) unstable; urgency=medium

  * Release ${PROJECT_VERSION}, packaged with CPack from the source tree.

 -- ${TAXI_ETL_MAINTAINER}  ${changelog_date}
" @ONLY)
add_custom_command(OUTPUT "${docs_dir}/changelog.gz"
    COMMAND gzip -9n -c "${docs_dir}/changelog.Debian" > "${docs_dir}/changelog.gz"
    DEPENDS "${docs_dir}/changelog.Debian" VERBATIM)
list(APPEND docs_outputs "${docs_dir}/changelog.gz")
add_custom_target(taxi_etl_docs ALL DEPENDS ${docs_outputs})

install(FILES "${docs_dir}/copyright" "${docs_dir}/changelog.gz"
    DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(DIRECTORY "${CMAKE_SOURCE_DIR}/examples/" DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples")
# The units of examples/, where systemd looks for a package's; the package
# enables nothing (no maintainer script): `systemctl enable --now
# taxi-etl-sync@green.timer` is the administrator's choice.
install(FILES "${CMAKE_SOURCE_DIR}/examples/taxi-etl-sync@.service"
              "${CMAKE_SOURCE_DIR}/examples/taxi-etl-sync@.timer"
    DESTINATION "lib/systemd/system")

# --- the Debian package ------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME taxi-etl)
set(CPACK_PACKAGE_VENDOR "The taxi-etl authors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "load NYC TLC trip data into PostgreSQL")
# The extended description; CPack puts the summary above it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"taxi-etl streams the NYC TLC trip record files (monthly .csv.gz) from
HTTP(S) or a local file through gzip into PostgreSQL COPY, gives every row
a stable id and merges each month into its table in one transaction, so
that loading a month again adds nothing and a failed load leaves nothing
behind. It keeps a history of its runs, loads ranges and whatever the
source published since the last run (for cron or a systemd timer), and
builds the course's analytics models.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${TAXI_ETL_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: from the libraries the binary links, by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # taxi-etl_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/package")
include(CPack)
