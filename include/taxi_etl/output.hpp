#pragma once

// What a command prints on stdout (history, status, cron, the tables of
// backfill and transform, --help) must reach it: a write that failed (a
// full disk, a file system gone) is an error of the run, checked once
// when the command ends, as coreutils' close_stdout does.

#include <string_view>

namespace taxi_etl::output {

// A reader that has gone (`taxi-etl history | head -1`) is normal for a
// command line tool: SIGPIPE is ignored, so that a run is never killed
// halfway by it, and a write into a closed pipe is not reported.
void ignore_closed_pipes();

// Writes `text` to stdout at once; the first failure is remembered.
void write_stdout(std::string_view text);

// After the command: flushes stdout (std::cout too) and, if some output
// could not be written, prints "taxi-etl: error: cannot write the output:
// REASON" and returns exit code 8 (exit_code::output) when `code` is 0;
// else `code`, the command's own.
int checked(int code);

} // namespace taxi_etl::output
