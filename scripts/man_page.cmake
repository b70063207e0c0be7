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
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
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
string(REGEX REPLACE "(^|\n)  ([0-9/]+)  +" "\\1.TP\n.B \\2\n" exit_codes "${exit_codes}")
string(REGEX REPLACE "\n +" "\n" exit_codes "${exit_codes}")
set(generated "[EXIT STATUS]\n${exit_codes}\n")

# COMMANDS: the names listed under "Subcommands:", each with its --help.
string(REGEX MATCH "\n[Ss][Uu][Bb][Cc][Oo][Mm][Mm][Aa][Nn][Dd][Ss]:\n(  [^\n]+\n?)+" listed "${main_help}")
string(REGEX MATCHALL "\n  [a-z][a-z-]*" names "${listed}")
if(NOT names)
    message(FATAL_ERROR "no subcommands found in taxi-etl --help")
endif()
string(APPEND generated "\n[COMMANDS]\nEach command's own\n.BR \\-\\-help :\n")
foreach(name IN LISTS names)
    string(STRIP "${name}" name)
    help_of("${name}" command_help)
    roff_literal("${command_help}" command_help)
    string(APPEND generated ".SS \"taxi-etl ${name}\"\n.nf\n${command_help}\n.fi\n")
endforeach()

get_filename_component(work "${OUTPUT}" DIRECTORY)
file(WRITE "${work}/generated.h2m" "${generated}")
execute_process(
    COMMAND "${HELP2MAN}" --no-info --section=1 --include=${INCLUDE}
            --include=${work}/generated.h2m --output=${work}/taxi-etl.1 "${TAXI_ETL}"
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
