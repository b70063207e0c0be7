#include "taxi_etl/cli_commands.hpp"

#include "taxi_etl/cli_options.hpp"
#include "taxi_etl/commands.hpp"
#include "taxi_etl/history_filter.hpp"
#include "taxi_etl/transform_failures.hpp"
#include "taxi_etl/usage.hpp"
#include "taxi_etl/zones.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace taxi_etl::cli {

namespace {

constexpr std::string_view exit_codes_text = R"(Exit codes:
  0  success
  1  internal error (a bug: please report it)
  2  usage error: a bad option or value
  3  not found: the month is not published (HTTP 404) or the file does not exist;
     sync: a gap in the source, or no month of the range published
  4  bad data: not gzip, truncated or corrupt gzip, wrong header, malformed row,
     larger than --max-bytes, no rows, a month's pickups mostly in other months
  5  network failure: cannot connect, HTTP error, transfer cut off or stalled,
     past --max-time
  6  database failure: cannot connect, SQL error, incompatible table
  7  transform: a data check of severity error failed (models left as they were)
  8  cannot write the output (stdout): disk full, I/O error
  130/143  interrupted by SIGINT/SIGTERM)";

constexpr std::string_view load_examples = R"(Examples:
  taxi-etl load --taxi green --year 2019 --month 01
  taxi-etl load --taxi yellow --year 2020 --month 3 --db postgresql://etl@dbhost/ny_taxi
  taxi-etl load --taxi green --for-date today
  taxi-etl load --taxi green --file ./green_tripdata_2019-01.csv.gz
  zcat green_tripdata_2019-01.csv.gz |
      taxi-etl load --taxi green --file - --file-name green_tripdata_2019-01.csv
  taxi-etl load --taxi green --year 2019 --month 1 \
      --source-url 'http://mirror.example/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz')";

constexpr std::string_view backfill_help =
    R"(Each month is loaded and committed on its own. Months that a run has loaded
and the table still holds (see `taxi-etl status`) are skipped unless --force
is given, so running the same backfill again after a failure redoes only the
months that did not succeed, and a month the table lost since (dropped,
created again, truncated, rows missing) is loaded again. By default a failed month does not stop the others
(--fail-fast stops starting new months after the first failure).
Exit code: 0 if every month loaded or was loaded before; else the exit code
of the first month that failed; else 3 if some months are not published.

Example:
  taxi-etl backfill --taxi green --from 2019-01 --to 2019-12 --jobs 2)";

constexpr std::string_view sync_help =
    R"(Loads, in order, every month from --from to --to that the source publishes
and the table does not hold yet (backfill's rule for months loaded before).
Each other month is first asked of the source alone (a GET cut off at its
first bytes); a run with nothing new writes nothing to the table and
records no run (it reads the table: each held month's rows are counted).
Months after the newest published one are "not published yet": no
error, the next run loads them once they are out. A month not published
between two that are is a gap: one line naming it, exit code 3.
Exit code: 0 if every published month is held or loaded (with --quiet,
nothing is printed then); else the exit code of the first month that
failed; else 3 for a gap, or when no month of the range is published.

Examples:
  taxi-etl sync --taxi green
  taxi-etl sync --taxi yellow --from 2020-01 --jobs 2 --quiet)";

constexpr std::string_view history_help =
    R"(The table fits 120 columns: long values are cut, ending in "...". Times are
in the session's time zone (PGTZ, or the server's TimeZone), with its offset.

Examples:
  taxi-etl history --status failed,interrupted --since 3d
  taxi-etl history --schema staging --file 'green_tripdata_2019-*' -n 0
  taxi-etl history -n 1 --format json)";

constexpr std::string_view cron_help =
    R"(Prints one line per kind, at the course's schedule, running `taxi-etl sync
--quiet` (--mode for-date: the course's `load --for-date today` instead),
and every libpq variable that is set (PGHOST, PGSERVICE, PGSSLMODE, ...)
as a crontab variable line. Never a password: PGPASSWORD is left out (with
a warning), and so is the password of --db; it belongs in ~/.pgpass of the
crontab's user.)";

CLI::App *add_sync_command(CLI::App &app, sync_options &sync)
{
    auto *command = app.add_subcommand(
        "sync", "Load every month the source publishes that the table does not hold");
    add_version_flag(*command);
    add_taxi_option(*command, sync.taxi, true);
    command
        ->add_option("--from", sync.from,
                     "First month (default: the first month the release publishes)")
        ->type_name("YYYY-MM");
    command->add_option("--to", sync.to, "Last month, included (default: this month)")
        ->type_name("YYYY-MM");
    add_range_options(*command, sync.jobs, sync.fail_fast, sync.keep_going);
    add_source_options(*command, sync.source);
    command->footer(fmt::format("{}\n\n{}", sync_help, exit_codes_text));
    return command;
}

CLI::App *add_cron_command(CLI::App &app, cron_options &cron)
{
    auto *command = app.add_subcommand(
        "cron", "Print crontab lines for the course's schedules (green 09:00, yellow "
                "10:00 on the 1st)");
    add_version_flag(*command);
    command->add_option("--taxi", cron.taxis, "Kinds to schedule")
        ->check(CLI::IsMember(taxi_kind_names()))
        ->capture_default_str();
    command
        ->add_option("--mode", cron.mode,
                     "sync: load whatever is published and not loaded; for-date: the "
                     "course's load of the month of the trigger date")
        ->check(CLI::IsMember({"sync", "for-date"}))
        ->capture_default_str();
    add_schema_option(*command, cron.schema);
    command->add_option("--source-url", cron.source_url, "URL template, if not the default")
        ->type_name("TEMPLATE");
    command
        ->add_option("--db", cron.db,
                     "PostgreSQL conninfo string or URI to write into the lines, "
                     "without its password")
        ->type_name("CONNINFO");
    command->footer(std::string{cron_help});
    return command;
}

CLI::App *add_load_command(CLI::App &app, load_options &load)
{
    auto *command = app.add_subcommand(
        "load", "Load one month (or one local file) into {taxi}_tripdata");
    add_version_flag(*command);
    add_taxi_option(*command, load.taxi, true);
    command->add_option("--year", load.year, "Year of the month to load")
        ->type_name("YYYY");
    command->add_option("--month", load.month, "Month to load")->type_name("M|MM");
    command
        ->add_option("--for-date", load.for_date,
                     "Load the month that contains DATE (YYYY-MM-DD, or 'today'): "
                     "what a scheduled run on DATE loads")
        ->type_name("DATE");
    command
        ->add_option("--file", load.file,
                     "Load this local .csv.gz or .csv file instead of downloading "
                     "(- : standard input, once); its name without .gz is recorded as "
                     "the filename")
        ->type_name("PATH");
    command
        ->add_option("--file-name", load.file_name,
                     "With --file: the filename to record instead of the file's own "
                     "(required with --file -, a pipe or a /dev/fd/N path)")
        ->type_name("NAME");
    add_source_options(*command, load.source);
    command->footer(fmt::format("{}\n\n{}", load_examples, exit_codes_text));
    return command;
}

CLI::App *add_backfill_command(CLI::App &app, backfill_options &backfill)
{
    auto *command = app.add_subcommand("backfill", "Load every month of a range, in order");
    add_version_flag(*command);
    add_taxi_option(*command, backfill.taxi, true);
    command->add_option("--from", backfill.from, "First month")
        ->type_name("YYYY-MM")
        ->required();
    command->add_option("--to", backfill.to, "Last month (included)")
        ->type_name("YYYY-MM")
        ->required();
    add_range_options(*command, backfill.jobs, backfill.fail_fast, backfill.keep_going);
    command->add_flag("--force", backfill.force,
                      "Also load the months the table holds already");
    add_source_options(*command, backfill.source);
    command->footer(fmt::format("{}\n\n{}", backfill_help, exit_codes_text));
    return command;
}

CLI::App *add_transform_command(CLI::App &app, transform_options &transform)
{
    auto *command = app.add_subcommand(
        "transform", "Build the course's analytics models (its dbt project) on the loaded "
                     "tables, incrementally");
    add_version_flag(*command);
    add_db_option(*command, transform.db);
    add_schema_option(*command, transform.schema);
    command
        ->add_option(
            "--zones-url", transform.zones_url,
            fmt::format("Where the zone lookup comes from: loaded when none is, or when "
                        "this differs from where the loaded one came from (recorded); "
                        "without it the loaded lookup stays (default when none is: {})",
                        default_zones_url))
        ->type_name("URL|PATH");
    command->add_flag("--reload-zones", transform.reload_zones,
                      "Load the zone lookup again (from --zones-url, else from where it "
                      "came from, if that was recorded whole: not a URL with a password "
                      "or query); every month is rebuilt only if a zone changed");
    command->add_flag("--full-refresh", transform.full_refresh,
                      "Rebuild every month, not only those loads have touched");
    command->add_flag(
        "--store-failures", transform.store_failures,
        fmt::format("Keep each check's failing rows (of the rows checked; at most {} of "
                    "each, as dbt's limit) in a table named after the check's dbt test, "
                    "in schema SCHEMA_dbt_test__audit (at most {} bytes), replaced on "
                    "each run, as dbt's --store-failures does",
                    failing_rows_stored, max_identifier_bytes));
    command->add_flag("-q,--quiet", transform.quiet, "Print nothing but errors");
    add_transfer_options(*command, transform,
                         "Times to try the zone lookup's download again after a transient "
                         "failure (connection failed, dropped or stalled, past --max-time, "
                         "HTTP 429 or 5xx), each from the start");
    add_metrics_option(*command, transform.metrics_file);
    return command;
}

// The statuses, for help and completion ("STATUS:{running,...}"). It lets
// every value through: history::parse_statuses checks the comma-separated
// list, which a set check (CLI::IsMember) would refuse.
CLI::Validator run_status_values()
{
    return {[](std::string const &) { return std::string{}; },
            fmt::format("{{{}}}", fmt::join(history::run_statuses, ","))};
}

CLI::App *add_history_command(CLI::App &app, history_options &history)
{
    auto *command = app.add_subcommand("history", "List the recorded runs, newest first");
    add_version_flag(*command);
    add_taxi_option(*command, history.taxi, false);
    command
        ->add_option("--status", history.status,
                     "Only runs with this status: running, succeeded, failed, interrupted "
                     "(several: comma separated)")
        ->type_name("STATUS")
        ->check(run_status_values());
    command
        ->add_option("--since", history.since,
                     "Only runs started since a date (its midnight in the session's time "
                     "zone) or in the last 90s, 30m, 2h, 3d, 1w")
        ->type_name("DATE|DURATION");
    command->add_option("--schema", history.schema, "Only runs into this schema")
        ->type_name("NAME");
    command
        ->add_option("--file", history.file,
                     "Only runs of this file; * and ? in a pattern match any text and "
                     "any one character")
        ->type_name("NAME|PATTERN");
    command->add_option("-n,--limit", history.limit, "How many runs to list (0: all)")
        ->type_name("N")
        ->capture_default_str();
    command->add_option("--format", history.format, "Output format")
        ->check(CLI::IsMember({"table", "json", "csv"}))
        ->capture_default_str();
    command->add_flag("--wide", history.wide,
                      "In a table, every field, nothing cut (json and csv have every "
                      "field)");
    add_db_option(*command, history.db);
    command->footer(std::string{history_help});
    return command;
}

CLI::App *add_status_command(CLI::App &app, status_options &status)
{
    auto *command = app.add_subcommand(
        "status", "Show which published months the table holds and which are missing");
    add_version_flag(*command);
    add_taxi_option(*command, status.taxi, false);
    add_db_option(*command, status.db);
    add_schema_option(*command, status.schema);
    command
        ->add_option("--format", status.format,
                     "Output format: table, or json (per kind: table, counts, and each "
                     "month's state, rows and the reason it is not held)")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();
    command->add_flag("--verify", status.verify,
                      "Count every month's rows in the table and compare them with "
                      "what its load recorded (reads the table)");
    return command;
}

} // namespace

std::string_view exit_codes_help()
{
    return exit_codes_text;
}

// Adds the subcommands to `app` in the order --help lists them.
std::vector<subcommand> add_subcommands(CLI::App &app, all_options &options)
{
    auto &load = options.load;
    auto &backfill = options.backfill;
    auto &sync = options.sync;
    auto &transform = options.transform;
    auto &history = options.history;
    auto &status = options.status;
    auto &cron = options.cron;
    return {
        {add_load_command(app, load),
         [&load](run_metrics &metrics) {
             start_run_metrics(metrics, "load", load.taxi);
             return run_load(load, metrics);
         },
         &load.source.metrics_file},
        {add_backfill_command(app, backfill),
         [&backfill](run_metrics &metrics) {
             start_run_metrics(metrics, "backfill", backfill.taxi);
             return run_backfill(backfill, metrics);
         },
         &backfill.source.metrics_file},
        {add_sync_command(app, sync),
         [&sync](run_metrics &metrics) {
             start_run_metrics(metrics, "sync", sync.taxi);
             return run_sync(sync, metrics);
         },
         &sync.source.metrics_file},
        {add_transform_command(app, transform),
         [&transform](run_metrics &metrics) {
             start_run_metrics(metrics, "transform", "");
             return run_transform(transform);
         },
         &transform.metrics_file},
        {add_history_command(app, history),
         [&history](run_metrics &) { return run_history(history); }},
        {add_status_command(app, status),
         [&status](run_metrics &) { return run_status(status); }},
        {add_cron_command(app, cron), [&cron](run_metrics &) { return run_cron(cron); }},
        {usage::add_help_command(app, options.help_topic),
         [&app, &topic = options.help_topic](run_metrics &) {
             return usage::run_help(app, topic);
         }},
    };
}

} // namespace taxi_etl::cli
