#pragma once

// The options that several subcommands share, added to a CLI11 command in
// one way each: their names, help texts and checks.

#include "taxi_etl/options.hpp"

#include <string>

namespace CLI {
class App;
} // namespace CLI

namespace taxi_etl::cli {

void add_version_flag(CLI::App &command);
void add_taxi_option(CLI::App &command, std::string &taxi, bool required);
void add_db_option(CLI::App &command, std::string &db);
void add_schema_option(CLI::App &command, std::string &schema);
void add_metrics_option(CLI::App &command, std::string &path);

// How one attempt to read a file is bounded, and how often it is tried
// (--retries, --retry-delay, --stall-timeout, --connect-timeout, --max-time).
void add_transfer_options(CLI::App &command, transfer_settings &options,
                          std::string const &retries_help);

// What every command that loads takes: the source, the database, the
// transfer's limits and retries, --verify, --transform, --metrics-file.
void add_source_options(CLI::App &command, source_options &options);

// The months options of backfill, on a command that loads a range.
void add_range_options(CLI::App &command, unsigned &jobs, bool &fail_fast,
                       bool &keep_going);

} // namespace taxi_etl::cli
