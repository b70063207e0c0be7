#include "taxi_etl/commands.hpp"

#include "taxi_etl/cron.hpp"
#include "taxi_etl/history.hpp"
#include "taxi_etl/history_filter.hpp"
#include "taxi_etl/history_table.hpp"
#include "taxi_etl/lock_wait.hpp"
#include "taxi_etl/output.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/printable.hpp"
#include "taxi_etl/report.hpp"
#include "taxi_etl/result_format.hpp"
#include "taxi_etl/status.hpp"
#include "taxi_etl/sync.hpp"
#include "taxi_etl/transform.hpp"
#include "taxi_etl/zones.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

namespace taxi_etl {

namespace {

void print_stdout(std::string const &text)
{
    output::write_stdout(text); // a failure is reported when the command ends
}

std::function<void(std::string const &)> notifier(bool quiet)
{
    if (quiet) {
        return [](std::string const &) {};
    }
    return [](std::string const &message) { log_line(message); };
}

std::string describe(month_outcome const &outcome)
{
    switch (outcome.status) {
    case month_status::loaded:
    case month_status::already_loaded:
        return format_summary(outcome.result);
    case month_status::skipped:
        return fmt::format("{}: skipped, {} (--force loads it again)",
                           outcome.month.to_string(), outcome.reason);
    case month_status::not_published: // the reason starts with "not published"
        return fmt::format("{}: {}", outcome.month.to_string(), outcome.reason);
    default:
        return fmt::format("{}: {}: {}", outcome.month.to_string(),
                           month_status_name(outcome.status), outcome.reason);
    }
}

// "10 loaded, 1 not published, 1 failed"
std::string count_statuses(std::vector<month_outcome> const &outcomes)
{
    std::map<month_status, int> counts;
    for (auto const &outcome : outcomes) {
        ++counts[outcome.status];
    }
    std::vector<std::string> parts;
    for (auto const &[status, count] : counts) {
        parts.push_back(fmt::format("{} {}", count, month_status_name(status)));
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string binary_path()
{
    std::error_code error;
    auto const path = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::string{"taxi-etl"} : path.string();
}

// The transform after a load or backfill that succeeded (--transform).
int transform_after_load(source_options const &source)
{
    transform_options options;
    options.db = source.db;
    options.schema = source.schema;
    options.zones_url = source.zones_url;
    options.store_failures = source.store_failures;
    static_cast<transfer_settings &>(options) =
        source; // the lookup's download as a month's
    options.quiet = source.quiet;
    return run_transform(options);
}

} // namespace

int run_load(load_options const &options, run_metrics &metrics)
{
    auto request = make_load_request(options);
    request.notify = notifier(options.source.quiet);
    if (!options.source.quiet) {
        log_info("loading {} into {}.{}", request.source.shown, request.schema,
                 trip_table_name(*request.kind));
    }
    auto const result = load_month(request);
    add_load_result(metrics, result);
    if (!options.source.quiet) {
        log_line(format_summary(result));
    }
    return options.source.transform ? transform_after_load(options.source) : 0;
}

int run_backfill(backfill_options const &options, run_metrics &metrics)
{
    auto request = make_backfill_request(options);
    bool const quiet = options.source.quiet;
    request.base.notify = notifier(quiet); // "2019-01: loading again: ..." and waits
    auto const range =
        fmt::format("{} {}..{}", request.base.kind->name,
                    request.months.front().to_string(), request.months.back().to_string());
    if (!quiet) {
        log_info("backfill {}: {} months, {} at a time, into {}.{}", range,
                 request.months.size(), request.jobs, request.base.schema,
                 trip_table_name(*request.base.kind));
    }
    auto const outcomes = run_backfill(request, [&](month_outcome const &outcome) {
        if (!quiet) {
            log_line(describe(outcome));
        }
    });
    add_month_outcomes(metrics, outcomes);
    auto const code = backfill_exit_code(outcomes);
    if (!quiet) {
        print_stdout(format_backfill_table(outcomes));
    }
    if (!quiet || code != exit_code::success) {
        log_info("backfill {}: {}", range, count_statuses(outcomes));
    }
    if (code == exit_code::success && options.source.transform) {
        return transform_after_load(options.source);
    }
    return static_cast<int>(code);
}

int run_sync(sync_options const &options, run_metrics &metrics)
{
    auto request = make_sync_request(options);
    bool const quiet = options.source.quiet;
    request.base.notify = notifier(quiet);
    auto const taxi = request.base.kind->name;
    // Under --quiet, a run with nothing new and no failure prints nothing.
    auto const outcomes = run_sync(request, [&](month_outcome const &outcome) {
        if (!quiet || outcome.status == month_status::failed) {
            log_line(describe(outcome));
        }
    });
    add_month_outcomes(metrics, outcomes);
    auto const findings = find_gaps(outcomes);
    auto const code = sync_exit_code(outcomes, findings);
    if (!quiet || std::ranges::any_of(outcomes, [](auto const &o) {
            return o.status == month_status::failed;
        })) {
        log_line(format_sync_summary(taxi, outcomes, findings));
    }
    if (auto const problem = format_sync_problem(taxi, outcomes, findings);
        !problem.empty()) {
        log_info("error: {}", problem);
    }
    if (code == exit_code::success && options.source.transform) {
        return transform_after_load(options.source);
    }
    return static_cast<int>(code);
}

int run_transform(transform_options const &options)
{
    transform_request request;
    request.conninfo = options.db;
    request.schema = options.schema;
    check_zones_location(options.zones_url);
    request.zones_url = options.zones_url;
    apply_transfer_settings(options, request.retry, request.transfer);
    request.reload_zones = options.reload_zones;
    request.full_refresh = options.full_refresh;
    request.store_failures = options.store_failures;
    request.notify = notifier(options.quiet);
    auto const result = run_transform(request);
    if (!options.quiet) {
        print_stdout(format_transform_report(result));
    }
    fail_on_checks(result);
    return 0;
}

int run_history(history_options const &options)
{
    auto const format = parse_output_format(options.format);
    auto const filter = history::make_filter(options); // usage errors before connecting
    // A reader: no history::prepare (it writes), so that a role with SELECT
    // only, a read-only session and a standby can look, and nothing is
    // created where the taxi_etl schema does not exist.
    pg::connection db{options.db};
    auto const runs = history::list_runs(db, filter);
    print_stdout(format == output_format::table && !options.wide
                     ? history::format_runs_table(runs)
                     : format_result(runs, format, false));
    return 0;
}

int run_status(status_options const &options)
{
    bool const json = parse_output_format(options.format) == output_format::json;
    if (!json && options.format != "table") {
        fail(exit_code::usage, "--format must be table or json for status, not {}",
             quoted_value(options.format));
    }
    std::vector<taxi_kind const *> kinds;
    if (options.taxi.empty()) {
        for (auto const &kind : taxi_kinds()) {
            kinds.push_back(&kind);
        }
    } else {
        kinds.push_back(&find_taxi_kind(options.taxi));
    }
    pg::connection db{options.db}; // a reader: see run_history
    // Counting a month's rows waits for a session that holds the table
    // exclusively (VACUUM FULL, a LOCK TABLE): say who it is.
    lock_wait::watch const watching{db, 0, notifier(false)};
    std::vector<std::string> parts;
    for (auto const *kind : kinds) {
        auto const table = fmt::format("{}.{}", options.schema, trip_table_name(*kind));
        lock_wait::watch::subject const about{db, table};
        auto const states = month_states(db, *kind, options.schema, options.verify);
        parts.push_back(json ? format_status_json(*kind, table, states)
                             : format_status(*kind, table, states) + "\n");
    }
    if (json) {
        print_stdout(fmt::format("[{}]\n", fmt::join(parts, ",\n")));
        return 0;
    }
    auto out = fmt::format("{}", fmt::join(parts, ""));
    out +=
        "ok loaded   -- not loaded   !! last run failed or was interrupted   .. running\n";
    if (options.verify) {
        out += "verified: every month's rows counted in the table and compared with its "
               "load's\n";
    }
    print_stdout(out);
    return 0;
}

int run_cron(cron_options const &options)
{
    auto const crontab = format_crontab(options, binary_path());
    for (auto const &warning : crontab_warnings(options)) {
        log_info("warning: {}", warning);
    }
    print_stdout(crontab);
    return 0;
}

} // namespace taxi_etl
