#include "taxi_etl/cli.hpp"

#include "taxi_etl/cli_commands.hpp"
#include "taxi_etl/cli_options.hpp"
#include "taxi_etl/completion.hpp"
#include "taxi_etl/db_errors.hpp"
#include "taxi_etl/error.hpp"
#include "taxi_etl/interrupt.hpp"
#include "taxi_etl/metrics.hpp"
#include "taxi_etl/output.hpp"
#include "taxi_etl/redact.hpp"
#include "taxi_etl/usage.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <sstream>
#include <vector>

namespace taxi_etl {

using namespace cli;

namespace {

// Runs the command; returns the exit code, after printing the error of a
// command that failed (a usage error with the help of `command` to see).
int exit_code_of(std::function<int()> const &dispatch, CLI::App const &command)
{
    // After SIGINT/SIGTERM: 128 + the signal, as a shell reports a process
    // the signal killed.
    auto const exit_status = [](exit_code code) {
        int const signal = interrupt::received();
        return signal != 0 ? 128 + signal : static_cast<int>(code);
    };
    try {
        int const code = dispatch();
        return code == 0 ? 0 : exit_status(static_cast<exit_code>(code));
    } catch (etl_error const &failure) {
        auto const e = db_errors::reported(failure);
        if (e.code() == exit_code::usage) {
            fmt::print(stderr, "taxi-etl: usage error: {} {}\n", e.what(),
                       usage::see_help(command));
        } else {
            fmt::print(stderr, "taxi-etl: error: {}\n", e.what());
        }
        return exit_status(e.code());
    } catch (std::exception const &e) {
        fmt::print(stderr, "taxi-etl: internal error: {}\n", one_line_message(e.what()));
        return static_cast<int>(exit_code::internal);
    }
}

// Runs the subcommand the command line named; with --metrics-file, writes
// the metrics of the run once, whatever way it ends.
int run_subcommand(subcommand const &chosen)
{
    run_metrics metrics;
    int const code =
        output::checked(exit_code_of([&] { return chosen.run(metrics); }, *chosen.command));
    if (chosen.metrics_file != nullptr && !chosen.metrics_file->empty()) {
        end_run_metrics(metrics, code);
        write_run_metrics(*chosen.metrics_file, metrics);
    }
    return code;
}

} // namespace

int run_cli(int argc, char **argv)
{
    CLI::App app{"taxi-etl: load NYC TLC trip data into PostgreSQL, fast and safely.",
                 "taxi-etl"};
    add_version_flag(app);
    app.require_subcommand(1);
    app.footer(std::string{exit_codes_help()});
    all_options options;
    auto const subcommands = add_subcommands(app, options);
    std::string completion_shell; // added last: it completes all the others
    auto const *completion_command = completion::add_command(app, completion_shell);

    interrupt::watch_signals();
    output::ignore_closed_pipes();
    try {
        app.parse(argc, argv);
    } catch (CLI::ParseError const &e) {
        if (e.get_exit_code() == 0) { // --help or --version
            std::ostringstream text;
            int const code = app.exit(e, text);
            output::write_stdout(text.str()); // so that a failed write is reported
            return output::checked(code);
        }
        fmt::print(stderr, "taxi-etl: usage error: {}\n",
                   usage::explain(app, {argv + 1, argv + argc}, e));
        return static_cast<int>(exit_code::usage);
    }
    // Parsed into the options: ps need not show them for the rest of the run.
    scrub_arguments(argc, argv, {"--db", "--source-url", "--zones-url"});
    if (completion_command->parsed()) {
        output::write_stdout(completion::script(app, completion_shell));
        return output::checked(0);
    }

    // require_subcommand(1): exactly one was parsed.
    return run_subcommand(*std::ranges::find_if(
        subcommands, [](subcommand const &each) { return each.command->parsed(); }));
}

} // namespace taxi_etl
