#pragma once

// --metrics-file: what a run did, in Prometheus's text exposition format,
// for node_exporter's textfile collector to pass on. A file holds the last
// run of one job (a command and a taxi kind); each run replaces it whole
// when it ends, whatever its exit code, so a scraper never sees half a file.

#include "taxi_etl/backfill.hpp"
#include "taxi_etl/load_result.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

struct run_metrics
{
    std::string command;        // load, backfill, sync, transform
    std::string taxi;           // empty (no taxi label) for transform
    double start_seconds = 0.0; // unix time
    double end_seconds = 0.0;
    double duration_seconds = 0.0;
    int exit_code = 0;       // what the process exits with
    bool counts_rows = true; // false: no rows and bytes metrics (transform)
    std::uint64_t rows_read = 0;
    std::uint64_t rows_inserted = 0;
    std::uint64_t bytes_downloaded = 0;
    // Months of a backfill or sync by status label ("not_published");
    // empty for a command that loads no range.
    std::map<std::string, std::uint64_t> months;
    double last_success_seconds = 0.0; // 0: no success known
    std::chrono::steady_clock::time_point started{};
};

// Names the run and starts its clock.
void start_run_metrics(run_metrics &metrics, std::string_view command,
                       std::string_view taxi);

// Stops the clock; a run that exits 0 is the last success.
void end_run_metrics(run_metrics &metrics, int exit_code);

void add_load_result(run_metrics &metrics, load_result const &result);

// The months of a backfill or sync counted by status (every status, zeros
// too, so that no series disappears), and the rows of those that loaded.
void add_month_outcomes(run_metrics &metrics, std::vector<month_outcome> const &outcomes);

// A label value as the text format writes it: \\, \" and \n escaped.
std::string escape_label_value(std::string_view value);

// The whole file: HELP, TYPE and one sample per metric, labelled with the
// command and the taxi kind.
std::string render_metrics(run_metrics const &metrics);

// The taxi_etl_last_success_timestamp_seconds of the same command and taxi
// kind in an earlier file's text, or 0 when there is none that reads well
// (lines of other metrics, other jobs, or garbled, are ignored).
double parse_last_success(std::string_view text, run_metrics const &metrics);

// Replaces the file at `path` with `contents` atomically: a temporary file
// beside it, fsync, mode 0644, rename. Throws std::runtime_error naming what
// failed; no temporary file is left behind.
void replace_file(std::string const &path, std::string_view contents);

// Carries the last success over from the file at `path` when this run
// failed, renders and replaces it. A file that cannot be written is a
// warning on stderr, not a failure: returns false.
bool write_run_metrics(std::string const &path, run_metrics metrics);

} // namespace taxi_etl
