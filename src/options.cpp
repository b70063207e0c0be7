#include "taxi_etl/options.hpp"

#include "taxi_etl/byte_size.hpp"
#include "taxi_etl/digits.hpp"
#include "taxi_etl/error.hpp"
#include "taxi_etl/local_source.hpp"
#include "taxi_etl/printable.hpp"
#include "taxi_etl/redact.hpp"
#include "taxi_etl/report.hpp"
#include "taxi_etl/zones.hpp"

namespace taxi_etl {

namespace {

void check_schema(std::string const &schema)
{
    if (schema.empty()) {
        fail(exit_code::usage, "--schema must not be empty");
    }
}

std::string url_template_of(source_options const &options)
{
    return options.source_url.value_or(std::string{default_source_url});
}

// The request fields common to load and backfill.
load_request base_request(std::string const &taxi, source_options const &options)
{
    load_request request;
    request.kind = &find_taxi_kind(taxi);
    check_schema(options.schema);
    check_zones_location(options.zones_url);
    if (options.store_failures && !options.transform) {
        fail(exit_code::usage, "--store-failures keeps the failing rows of --transform's "
                               "checks: it needs --transform");
    }
    request.conninfo = options.db;
    request.schema = options.schema;
    request.show_progress = !options.quiet && stderr_is_terminal();
    request.verify = options.verify;
    request.allow_empty = options.allow_empty;
    apply_transfer_settings(options, request.retry, request.transfer);
    request.transfer.max_bytes = parse_byte_size(options.max_bytes, "--max-bytes");
    if (options.lock_timeout > 86400) {
        fail(exit_code::usage, "--lock-timeout must be 0 to 86400 seconds, not {}",
             options.lock_timeout);
    }
    request.lock_timeout_seconds = options.lock_timeout;
    request.format = parse_copy_format(options.copy_format);
    return request;
}

} // namespace

void apply_transfer_settings(transfer_settings const &settings, retry_policy &retry,
                             transfer_options &transfer)
{
    if (settings.retries > 100) {
        fail(exit_code::usage, "--retries must be 0 to 100, not {}", settings.retries);
    }
    if (!(settings.retry_delay >= 0.0 && settings.retry_delay <= 3600.0)) {
        fail(exit_code::usage, "--retry-delay must be 0 to 3600 seconds, not {}",
             settings.retry_delay);
    }
    if (settings.stall_timeout < 1 || settings.connect_timeout < 1) {
        fail(exit_code::usage,
             "--stall-timeout and --connect-timeout must be at least 1 second");
    }
    if (settings.max_time < 1) {
        fail(exit_code::usage, "--max-time must be at least 1 second, not {}",
             settings.max_time);
    }
    retry.retries = settings.retries;
    retry.first_delay_seconds = settings.retry_delay;
    transfer.stall_timeout_seconds = settings.stall_timeout;
    transfer.connect_timeout_seconds = settings.connect_timeout;
    transfer.max_time_seconds = settings.max_time;
}

int parse_year(std::string_view text)
{
    auto const year = text.size() == 4 ? parse_digits(text, 4) : std::nullopt;
    if (!year) {
        fail(exit_code::usage, "--year must be a four-digit year such as 2019, not {}",
             quoted_value(text));
    }
    return *year;
}

int parse_month(std::string_view text)
{
    int const month = parse_digits(text, 2).value_or(0);
    if (month < 1 || month > 12) {
        fail(exit_code::usage, "--month must be 1 to 12 (or 01 to 12), not {}",
             quoted_value(text));
    }
    return month;
}

load_request make_load_request(load_options const &options)
{
    auto request = base_request(options.taxi, options.source);
    bool const has_month = !options.year.empty() || !options.month.empty();
    int const ways = (has_month ? 1 : 0) + (options.for_date.empty() ? 0 : 1) +
                     (options.file.empty() ? 0 : 1);
    if (ways != 1) {
        fail(exit_code::usage,
             "give exactly one of --year and --month, --for-date, or --file");
    }
    if (!options.file.empty()) {
        if (options.source.source_url) {
            fail(exit_code::usage, "--file loads a local file: it takes no --source-url");
        }
        request.source = local_source(options.file, options.file_name);
        if (request.source.read_once) {
            request.retry.retries = 0; // what was read is gone: no attempt can start over
        }
        return request;
    }
    if (options.file_name) {
        fail(exit_code::usage, "--file-name names the file of --file; a month's name is "
                               "{{taxi}}_tripdata_YYYY-MM.csv");
    }
    year_month month;
    if (!options.for_date.empty()) {
        month = month_of_date(options.for_date);
    } else {
        if (options.year.empty() || options.month.empty()) {
            fail(exit_code::usage, "give both --year and --month");
        }
        month = {parse_year(options.year), parse_month(options.month)};
    }
    request.source = month_source(url_template_of(options.source), options.taxi, month);
    check_url(request.source.location, "--source-url");
    return request;
}

backfill_request make_backfill_request(backfill_options const &options)
{
    backfill_request request;
    request.base = base_request(options.taxi, options.source);
    request.months = month_range(parse_year_month(options.from, "--from"),
                                 parse_year_month(options.to, "--to"));
    if (options.jobs < 1 || options.jobs > 16) {
        fail(exit_code::usage, "--jobs must be 1 to 16, not {}", options.jobs);
    }
    request.jobs = options.jobs;
    request.fail_fast = options.fail_fast;
    request.force = options.force;
    request.url_template = url_template_of(options.source);
    // Fails now, not in the middle of the backfill, if the template is bad.
    check_url(expand_url_template(request.url_template, options.taxi, 2019, 1),
              "--source-url");
    return request;
}

} // namespace taxi_etl
