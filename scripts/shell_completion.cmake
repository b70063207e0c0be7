# Writes OUTPUT: the completion script for SHELL that the built TAXI_ETL
# prints (`taxi-etl completion SHELL`).
#
#     cmake -DTAXI_ETL=... -DSHELL=bash|zsh -DOUTPUT=... -P shell_completion.cmake
cmake_minimum_required(VERSION 3.18)
execute_process(COMMAND "${TAXI_ETL}" completion "${SHELL}"
    OUTPUT_FILE "${OUTPUT}.tmp" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "taxi-etl completion ${SHELL} failed: ${result}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
