#include "taxi_etl/commands.hpp"

#include "taxi_etl/history.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/printable.hpp"
#include "taxi_etl/result_format.hpp"
#include "taxi_etl/sql.hpp"
#include "taxi_etl/status.hpp"
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
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
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

// A shell word in single quotes, with cron's '%' (which it turns into a
// newline) escaped.
std::string crontab_quote(std::string_view text)
{
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else if (c == '%') {
            out += "\\%";
        } else {
            out += c;
        }
    }
    return out + "'";
}

// A word of a crontab command: as it is when the shell and cron take it
// literally, quoted otherwise.
std::string crontab_word(std::string_view text)
{
    bool const plain = !text.empty() && std::ranges::all_of(text, [](unsigned char c) {
        return std::isalnum(c) != 0 || std::string_view{"/._-+:,@="}.find(
                                           static_cast<char>(c)) != std::string_view::npos;
    });
    return plain ? std::string{text} : crontab_quote(text);
}

// The value of a crontab variable line. cron takes it literally, but trims
// blanks at either end and strips one pair of quotes around it: quoting it
// in double quotes keeps it whole.
std::string crontab_value(std::string_view text)
{
    bool const needs_quotes =
        !text.empty() &&
        (text.front() == ' ' || text.front() == '\t' || text.back() == ' ' ||
         text.back() == '\t' || text.front() == '"' || text.front() == '\'');
    return needs_quotes ? fmt::format("\"{}\"", text) : std::string{text};
}

// A line end (or any control character) in a value would end the crontab
// line there and make the rest a line of its own: refused. The value is
// quoted in the message unless it may hold a password (a URL).
void check_crontab_text(std::string_view what, std::string_view text,
                        bool show_value = true)
{
    if (std::ranges::any_of(text, [](unsigned char c) { return c < 0x20 || c == 0x7F; })) {
        fail(exit_code::usage,
             "{}{} holds a control character: it cannot go into a crontab line", what,
             show_value ? " " + quoted_value(text) : std::string{});
    }
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
    auto const request = make_backfill_request(options);
    bool const quiet = options.source.quiet;
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

int run_transform(transform_options const &options)
{
    transform_request request;
    request.conninfo = options.db;
    request.schema = options.schema;
    check_zones_location(options.zones_url);
    request.zones_location = options.zones_url.value_or(std::string{default_zones_url});
    request.reload_zones = options.reload_zones;
    request.full_refresh = options.full_refresh;
    request.notify = notifier(options.quiet);
    auto const result = run_transform(request);
    if (!options.quiet) {
        print_stdout(format_transform_report(result));
    }
    return 0;
}

int run_history(history_options const &options)
{
    auto const format = parse_output_format(options.format);
    if (!options.taxi.empty()) {
        find_taxi_kind(options.taxi);
    }
    pg::connection db{options.db};
    history::prepare(db);
    auto const runs = db.exec_params(std::string{sql::text("runs_list")},
                                     {options.taxi, std::to_string(options.limit)});
    print_stdout(format_result(runs, format));
    return 0;
}

int run_status(status_options const &options)
{
    std::vector<taxi_kind const *> kinds;
    if (options.taxi.empty()) {
        for (auto const &kind : taxi_kinds()) {
            kinds.push_back(&kind);
        }
    } else {
        kinds.push_back(&find_taxi_kind(options.taxi));
    }
    pg::connection db{options.db};
    history::prepare(db);
    std::string out;
    for (auto const *kind : kinds) {
        out += format_status(*kind,
                             fmt::format("{}.{}", options.schema, trip_table_name(*kind)),
                             month_states(db, *kind, options.schema));
        out += "\n";
    }
    out +=
        "ok loaded   -- not loaded   !! last run failed or was interrupted   .. running\n";
    print_stdout(out);
    return 0;
}

std::string format_crontab(cron_options const &options, std::string const &binary_path)
{
    check_crontab_text("--schema", options.schema);
    check_crontab_text("--source-url", options.source_url, false);
    check_crontab_text("the path of taxi-etl", binary_path);
    std::string out =
        "# taxi-etl on the course's schedules: each run loads the month of its trigger "
        "date.\n"
        "# The connection comes from the environment (PG* variables below, the password "
        "in\n"
        "# ~/.pgpass of this crontab's user). --quiet prints nothing on success, so cron\n"
        "# mails only failures: one line each; exit code 3 means 'not published yet'.\n";
    for (auto const *variable : {"PGHOST", "PGPORT", "PGDATABASE", "PGUSER"}) {
        char const *value = std::getenv(variable);
        if (value == nullptr) {
            out += fmt::format("# {}=...\n", variable);
            continue;
        }
        check_crontab_text(variable, value);
        out += fmt::format("{}={}\n", variable, crontab_value(value));
    }
    std::string extra;
    if (options.schema != "public") {
        extra += fmt::format(" --schema {}", crontab_quote(options.schema));
    }
    if (!options.source_url.empty()) {
        extra += fmt::format(" --source-url {}", crontab_quote(options.source_url));
    }
    for (auto const &taxi : options.taxis) {
        auto const &kind = find_taxi_kind(taxi);
        out +=
            fmt::format("{:<11} {} load --taxi {} --for-date today --quiet{}\n",
                        kind.course_schedule, crontab_word(binary_path), kind.name, extra);
    }
    return out;
}

int run_cron(cron_options const &options)
{
    print_stdout(format_crontab(options, binary_path()));
    return 0;
}

} // namespace taxi_etl
