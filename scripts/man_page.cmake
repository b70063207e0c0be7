# Writes OUTPUT, the man page taxi-etl(1), gzipped: help2man's page of the
# built TAXI_ETL's --help and --version, with INCLUDE (the sections help2man
# cannot know) and, generated here from the same binary, EXIT STATUS (from
# the "Exit codes:" of --help) and COMMANDS (each command's --help), so that
# the page says what the binary says.
#
#     cmake -DTAXI_ETL=... -DHELP2MAN=... -DINCLUDE=... -DOUTPUT=... -P man_page.cmake
cmake_minimum_required(VERSION 3.18)

# Text shown as it is in roff: no escapes, no requests at a line's start.
function(roff_literal text out)
    string(REPLACE "\\" "\\e" text "${text}")
    string(REPLACE "-" "\\-" text "${text}")
    # (REGEX REPLACE matches ^ again after each match: a newline instead.)
    string(REGEX REPLACE "\n([.'])" "\n\\\\&\\1" text "\n${text}")
    string(SUBSTRING "${text}" 1 -1 text)
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

function(help_of command out)
    execute_process(COMMAND "${TAXI_ETL}" ${command} --help
        OUTPUT_VARIABLE text RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "taxi-etl ${command} --help failed: ${result}")
    endif()
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

help_of("" main_help)

# EXIT STATUS: "  N  text" lines, "     more text" continuing one.
string(REGEX MATCH "Exit codes:\n([^\n]+\n?)+" exit_codes "${main_help}")
string(REGEX REPLACE "^Exit codes:\n" "" exit_codes "${exit_codes}")
roff_literal("${exit_codes}" exit_codes)
string(REGEX REPLACE "\n  ([0-9/]+)  +" "\n.TP\n.B \\1\n" exit_codes "\n${exit_codes}")
string(REGEX REPLACE "\n +" "\n" exit_codes "${exit_codes}")
string(STRIP "${exit_codes}" exit_codes)
set(generated "[EXIT STATUS]\n${exit_codes}\n")

# One line of a command's --help as roff: an option ("  -j,--jobs N  text",
# its text on the next lines when the name is long) as a tagged paragraph,
# any other text (the usage, the examples, the notes) as it is.
function(roff_help_line line out)
    if(line MATCHES "^  (-[^ ].*[^ ])  +([^ ].*)$")
        roff_literal("${CMAKE_MATCH_1}" name)
        roff_literal("${CMAKE_MATCH_2}" text)
        set(line ".TP\n.B ${name}\n${text}")
    elseif(line MATCHES "^  (-[^ ]+.*)$")
        string(STRIP "${CMAKE_MATCH_1}" name)
        roff_literal("${name}" name)
        set(line ".TP\n.B ${name}")
    elseif(line MATCHES "^                              +(.*)$")
        roff_literal("${CMAKE_MATCH_1}" line)
    elseif(line STREQUAL "")
        set(line ".PP")
    else()
        roff_literal("${line}" line)
        set(line ".nf\n${line}\n.fi")
    endif()
    set(${out} "${line}" PARENT_SCOPE)
endfunction()

# A command's --help without its first line (the summary listed above) and
# without its exit codes (EXIT STATUS has them).
function(roff_help text out)
    string(FIND "${text}" "\n" first_end)
    math(EXPR first_end "${first_end} + 1")
    string(SUBSTRING "${text}" ${first_end} -1 text)
    string(REGEX REPLACE "\nExit codes:\n.*$" "" text "${text}")
    string(REGEX REPLACE "\n+$" "" text "${text}")
    # Lines as a list: ; [ ] and \ would split or join them.
    string(REPLACE "\\" "<backslash>" text "${text}")
    string(REPLACE ";" "<semicolon>" text "${text}")
    string(REPLACE "[" "<open>" text "${text}")
    string(REPLACE "]" "<close>" text "${text}")
    string(REPLACE "\n" ";" lines "${text}")
    set(roff "")
    foreach(line IN LISTS lines)
        string(REPLACE "<semicolon>" ";" line "${line}")
        string(REPLACE "<open>" "[" line "${line}")
        string(REPLACE "<close>" "]" line "${line}")
        string(REPLACE "<backslash>" "\\" line "${line}")
        if(line STREQUAL "Options:")
            continue()
        endif()
        roff_help_line("${line}" line)
        string(APPEND roff "${line}\n")
    endforeach()
    set(${out} "${roff}" PARENT_SCOPE)
endfunction()

# COMMANDS: the names listed under "Subcommands:", each with its --help.
string(REGEX MATCH "\n[Ss][Uu][Bb][Cc][Oo][Mm][Mm][Aa][Nn][Dd][Ss]:\n(  [^\n]+\n?)+" listed "${main_help}")
string(REGEX MATCHALL "\n  [a-z][a-z-]*" names "${listed}")
if(NOT names)
    message(FATAL_ERROR "no subcommands found in taxi-etl --help")
endif()
set(commands "")
foreach(name IN LISTS names)
    string(STRIP "${name}" name)
    help_of("${name}" command_help)
    string(REGEX MATCH "^[^\n]*" summary "${command_help}")
    roff_literal("${summary}" summary)
    roff_help("${command_help}" command_help)
    string(APPEND commands ".SS \"taxi-etl ${name}\"\n${summary}\n.PP\n${command_help}")
endforeach()
string(APPEND generated "\n[COMMANDS]\n${commands}")

get_filename_component(work "${OUTPUT}" DIRECTORY)
file(WRITE "${work}/generated.h2m" "${generated}")
# help2man reads --help and --version of a taxi-etl that leaves out of
# --help what the page has elsewhere: its first line (NAME) and the exit
# codes (EXIT STATUS).
file(WRITE "${work}/taxi-etl" "#!/bin/sh
if [ \"$1\" = --help ]; then
    '${TAXI_ETL}' --help | sed -e '1{/^Usage/!d;}' -e '/^Exit codes:/,$d'
else
    exec '${TAXI_ETL}' \"$@\"
fi
")
file(CHMOD "${work}/taxi-etl" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
execute_process(
    COMMAND "${HELP2MAN}" --no-info --section=1 --include=${INCLUDE}
            --include=${work}/generated.h2m --output=${work}/taxi-etl.1 "${work}/taxi-etl"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "help2man failed: ${result}")
endif()
# -n: no name nor time in the header, the same page gives the same bytes.
execute_process(COMMAND gzip -9n -c "${work}/taxi-etl.1"
    OUTPUT_FILE "${OUTPUT}.tmp" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "gzip failed: ${result}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
