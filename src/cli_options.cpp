#include "taxi_etl/cli_options.hpp"

#include "taxi_etl/source.hpp"
#include "taxi_etl/taxi_kind.hpp"
#include "taxi_etl/version.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace taxi_etl {

std::string version_text()
{
    return fmt::format("{} (git {})", TAXI_ETL_VERSION, build_commit());
}

std::string version_line()
{
    return "taxi-etl " + version_text();
}

} // namespace taxi_etl

namespace taxi_etl::cli {

void add_version_flag(CLI::App &command)
{
    command.set_version_flag("--version", version_line());
}

void add_taxi_option(CLI::App &command, std::string &taxi, bool required)
{
    auto *option = command.add_option("--taxi", taxi, "Kind of trip data")
                       ->check(CLI::IsMember(taxi_kind_names()));
    if (required) {
        option->required();
    }
}

void add_db_option(CLI::App &command, std::string &db)
{
    command
        .add_option("--db", db,
                    "PostgreSQL conninfo string or postgresql:// URI (default: the PG* "
                    "environment variables and ~/.pgpass, the safe place for a password); "
                    "connecting gives up after 30 s unless connect_timeout or "
                    "PGCONNECT_TIMEOUT says otherwise")
        ->type_name("CONNINFO");
}

void add_schema_option(CLI::App &command, std::string &schema)
{
    command.add_option("--schema", schema, "Schema of the trip tables")
        ->type_name("NAME")
        ->capture_default_str();
}

void add_metrics_option(CLI::App &command, std::string &path)
{
    command
        .add_option("--metrics-file", path,
                    "When the run ends, also after a failure, write Prometheus text-format "
                    "metrics of it to PATH (atomically: a temporary file beside it, then "
                    "renamed); for node_exporter's textfile collector the name must end in "
                    ".prom. A file that cannot be written is a warning on stderr; the exit "
                    "code stays the run's")
        ->type_name("PATH")
        ->check([](std::string const &value) {
            return value.empty() ? std::string{"must not be empty"} : std::string{};
        });
}

void add_transfer_options(CLI::App &command, transfer_settings &options,
                          std::string const &retries_help)
{
    command.add_option("--retries", options.retries, retries_help)
        ->type_name("N")
        ->capture_default_str();
    command
        .add_option("--retry-delay", options.retry_delay,
                    "Seconds before the first retry; doubles each time (or longer if the "
                    "server sends Retry-After)")
        ->type_name("SECONDS")
        ->capture_default_str();
    command
        .add_option("--stall-timeout", options.stall_timeout,
                    "Give up an attempt when no byte arrives for this long")
        ->type_name("SECONDS")
        ->capture_default_str();
    command
        .add_option("--connect-timeout", options.connect_timeout,
                    "Give up an attempt to connect to the source after this long")
        ->type_name("SECONDS")
        ->capture_default_str();
    command
        .add_option("--max-time", options.max_time,
                    "Give up an attempt that has not read the whole file after this long "
                    "(per file and attempt)")
        ->type_name("SECONDS")
        ->capture_default_str();
}

void add_source_options(CLI::App &command, source_options &options)
{
    command
        .add_option("--source-url", options.source_url,
                    fmt::format("URL template with {{taxi}}, {{year}}, {{month}}; "
                                "http://, https:// or file:// (default: {})",
                                default_source_url))
        ->type_name("TEMPLATE");
    add_db_option(command, options.db);
    add_schema_option(command, options.schema);
    command.add_flag(
        "-q,--quiet", options.quiet,
        "Print nothing but errors (no progress line, no summary); the progress "
        "line is drawn only when stderr is a terminal");
    add_transfer_options(
        command, options,
        "Times to try a month again after a transient failure of the source "
        "(connection failed, dropped or stalled, past --max-time, HTTP 429 or "
        "5xx) or of the database (connection lost, server restarting, "
        "deadlock, serialization failure), each from the start");
    command
        .add_option("--max-bytes", options.max_bytes,
                    "Fail a file larger than this, downloaded or once decompressed "
                    "(KB, MB, GB: 1024 each)")
        ->type_name("SIZE")
        ->capture_default_str();
    command.add_flag("--verify", options.verify,
                     "Compare every row id of a file loaded before with its partition, "
                     "even when the source says the file is unchanged (and, for "
                     "backfill, load the months a run has loaded before)");
    command.add_flag("--allow-empty", options.allow_empty,
                     "Load a file with a header and no rows (a published month is never "
                     "empty: without this flag, such a file fails with exit code 4)");
    command.add_flag("--transform", options.transform,
                     "After the load, rebuild the analytics models incrementally "
                     "(as `taxi-etl transform`)");
    command
        .add_option(
            "--zones-url", options.zones_url,
            "With --transform: where the zone lookup comes from, loaded when none is "
            "or when it differs from where the loaded one came from")
        ->type_name("URL|PATH");
    command.add_flag("--store-failures", options.store_failures,
                     "With --transform: keep each check's failing rows in schema "
                     "SCHEMA_dbt_test__audit (as `taxi-etl transform --store-failures`)");
    command
        .add_option("--lock-timeout", options.lock_timeout,
                    "Fail when a lock the run needs (the table's, or the run history's) "
                    "is not had within this long, naming the session that holds it (0: "
                    "wait as long as it holds it, saying who it is)")
        ->type_name("SECONDS")
        ->capture_default_str();
    command
        .add_option("--copy-format", options.copy_format,
                    "How rows travel to COPY: binary (the server only stores them; "
                    "about twice the bytes of csv on the wire), csv, or auto: binary "
                    "over a unix socket or to a loopback address, csv otherwise")
        ->type_name("auto|binary|csv")
        ->capture_default_str();
    add_metrics_option(command, options.metrics_file);
}

void add_range_options(CLI::App &command, unsigned &jobs, bool &fail_fast, bool &keep_going)
{
    command
        .add_option("-j,--jobs", jobs,
                    "Load up to N months at once, each on its own connection")
        ->type_name("N")
        ->capture_default_str();
    auto *fail_fast_flag = command.add_flag("--fail-fast", fail_fast,
                                            "Start no further month after a month fails");
    command
        .add_flag("--keep-going", keep_going,
                  "Go on with the other months after a month fails (the default)")
        ->excludes(fail_fast_flag);
}

} // namespace taxi_etl::cli
