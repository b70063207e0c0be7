#include "taxi_etl/cli.hpp"

#include "taxi_etl/error.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace taxi_etl {

namespace {

constexpr std::string_view exit_codes_help = R"(Exit codes:
  0  success
  1  internal error (a bug: please report it)
  2  usage error: a bad option or value
  3  not found: the month is not published (HTTP 404) or the file does not exist
  4  bad data: not gzip, truncated or corrupt gzip, wrong header, malformed row
  5  network failure: cannot connect, HTTP error, transfer cut off or stalled
  6  database failure: cannot connect, SQL error, incompatible table
  130/143  interrupted by SIGINT/SIGTERM)";

constexpr std::string_view load_examples = R"(Examples:
  taxi-etl load --taxi green --year 2019 --month 01
  taxi-etl load --taxi yellow --year 2020 --month 3 --db postgresql://etl@dbhost/ny_taxi
  taxi-etl load --taxi green --file ./green_tripdata_2019-01.csv.gz
  taxi-etl load --taxi green --year 2019 --month 1 \
      --source-url 'http://mirror.example/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz')";

bool all_digits(std::string_view text)
{
    return !text.empty() &&
           std::ranges::all_of(text, [](unsigned char c) { return std::isdigit(c) != 0; });
}

void add_connection_options(CLI::App &command, std::string &db, std::string &schema)
{
    command
        .add_option("--db", db,
                    "PostgreSQL conninfo string or postgresql:// URI "
                    "(default: the PG* environment variables and ~/.pgpass)")
        ->type_name("CONNINFO");
    command.add_option("--schema", schema, "Schema of the tables")
        ->type_name("NAME")
        ->capture_default_str();
}

int run_load(load_options const &options)
{
    auto request = make_load_request(options);
    if (!options.quiet) {
        log_info("loading {} into {}.{}", request.source.shown, request.schema,
                 trip_table_name(*request.kind));
    }
    auto const result = load_month(request);
    if (!options.quiet) {
        log_line(format_summary(result));
    }
    return 0;
}

} // namespace

int parse_year(std::string_view text)
{
    if (text.size() != 4 || !all_digits(text)) {
        fail(exit_code::usage, "--year must be a four-digit year such as 2019, not '{}'",
             text);
    }
    return std::stoi(std::string{text});
}

int parse_month(std::string_view text)
{
    // Parsed by hand: a generic integer parser may read "08" as octal.
    int const month =
        (text.size() <= 2 && all_digits(text)) ? std::stoi(std::string{text}) : 0;
    if (month < 1 || month > 12) {
        fail(exit_code::usage, "--month must be 1 to 12 (or 01 to 12), not '{}'", text);
    }
    return month;
}

load_request make_load_request(load_options const &options)
{
    load_request request;
    request.kind = &find_taxi_kind(options.taxi);
    request.conninfo = options.db;
    if (options.schema.empty()) {
        fail(exit_code::usage, "--schema must not be empty");
    }
    request.schema = options.schema;
    request.show_progress = !options.quiet && stderr_is_terminal();

    if (!options.file.empty()) {
        if (!options.year.empty() || !options.month.empty() ||
            !options.source_url.empty()) {
            fail(exit_code::usage,
                 "--file loads one local file: it cannot be combined with --year, "
                 "--month or --source-url");
        }
        request.source = file_source(options.file);
        return request;
    }
    if (options.year.empty() || options.month.empty()) {
        fail(exit_code::usage, "give --year and --month (or --file)");
    }
    int const year = parse_year(options.year);
    int const month = parse_month(options.month);
    auto const &url_template =
        options.source_url.empty() ? std::string{default_source_url} : options.source_url;
    request.source =
        url_source(expand_url_template(url_template, options.taxi, year, month),
                   month_file_name(options.taxi, year, month));
    return request;
}

int run_cli(int argc, char **argv)
{
    CLI::App app{"taxi-etl: load NYC TLC trip data into PostgreSQL, fast and safely.",
                 "taxi-etl"};
    app.set_version_flag("--version", std::string{"taxi-etl " TAXI_ETL_VERSION});
    app.require_subcommand(1);
    app.footer(std::string{exit_codes_help});

    load_options load;
    auto *load_command = app.add_subcommand(
        "load", "Load one month (or one local file) into {taxi}_tripdata");
    load_command->set_version_flag("--version", std::string{"taxi-etl " TAXI_ETL_VERSION});
    load_command->add_option("--taxi", load.taxi, "Kind of trip data")
        ->required()
        ->check(CLI::IsMember(taxi_kind_names()));
    load_command->add_option("--year", load.year, "Year of the month to load")
        ->type_name("YYYY");
    load_command->add_option("--month", load.month, "Month to load")->type_name("M|MM");
    load_command
        ->add_option("--file", load.file,
                     "Load this local .csv.gz or .csv file instead of downloading; "
                     "its name without .gz is recorded as the filename")
        ->type_name("PATH");
    load_command
        ->add_option("--source-url", load.source_url,
                     fmt::format("URL template with {{taxi}}, {{year}}, {{month}}; "
                                 "http://, https:// or file:// (default: {})",
                                 default_source_url))
        ->type_name("TEMPLATE");
    add_connection_options(*load_command, load.db, load.schema);
    load_command->add_flag("-q,--quiet", load.quiet,
                           "Print nothing but errors (no progress, no summary)");
    load_command->footer(fmt::format("{}\n\n{}", load_examples, exit_codes_help));

    try {
        app.parse(argc, argv);
    } catch (CLI::ParseError const &e) {
        if (e.get_exit_code() == 0) { // --help or --version
            return app.exit(e);
        }
        fmt::print(stderr, "taxi-etl: usage error: {} (see taxi-etl --help)\n", e.what());
        return static_cast<int>(exit_code::usage);
    }

    try {
        if (load_command->parsed()) {
            return run_load(load);
        }
        return static_cast<int>(exit_code::usage);
    } catch (etl_error const &e) {
        fmt::print(stderr, "taxi-etl: {}: {}\n",
                   e.code() == exit_code::usage ? "usage error" : "error", e.what());
        return static_cast<int>(e.code());
    } catch (std::exception const &e) {
        fmt::print(stderr, "taxi-etl: internal error: {}\n", e.what());
        return static_cast<int>(exit_code::internal);
    }
}

} // namespace taxi_etl
