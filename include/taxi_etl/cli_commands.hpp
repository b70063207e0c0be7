#pragma once

// The command line's definition: each subcommand, its options and help,
// and what it runs once parsed. cli.cpp parses and runs it; completion.cpp
// and usage.cpp read it back (names, options, values).

#include "taxi_etl/metrics.hpp"
#include "taxi_etl/options.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
} // namespace CLI

namespace taxi_etl::cli {

// The options of every subcommand: CLI11 parses into them.
struct all_options
{
    load_options load;
    backfill_options backfill;
    sync_options sync;
    transform_options transform;
    history_options history;
    status_options status;
    cron_options cron;
    std::string help_topic;
};

// A subcommand, what it runs once parsed, and where its metrics go.
struct subcommand
{
    CLI::App *command = nullptr;
    // Starts the run's metrics for the commands that write them, then runs.
    std::function<int(run_metrics &)> run;
    std::string const *metrics_file = nullptr; // none: the command writes no metrics
};

// The table of exit codes every --help ends with.
std::string_view exit_codes_help();

// Adds the subcommands to `app` in the order --help lists them; the
// options parse into `options`, which must outlive the returned list.
std::vector<subcommand> add_subcommands(CLI::App &app, all_options &options);

} // namespace taxi_etl::cli
