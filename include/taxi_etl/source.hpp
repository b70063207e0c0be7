#pragma once

// Where a month's bytes come from: a URL (http, https, file) built from a
// template, or a local file. Bytes are handed to a sink as they arrive;
// nothing is written to disk.

#include "taxi_etl/month.hpp"
#include "taxi_etl/source_version.hpp"
#include "taxi_etl/taxi_kind.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

inline constexpr std::string_view default_source_url =
    "https://github.com/DataTalksClub/nyc-tlc-data/releases/download/"
    "{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz";

struct source_spec
{
    std::string location; // URL or local path
    bool is_url = true;
    std::string file_name; // recorded in the table: "green_tripdata_2019-01.csv"
    std::string shown;     // for messages: the path, or the URL without secrets
                           // (redact_url() of redact.hpp)
    // The month a month load asks for: its rows' pickups must lie in it
    // (file_rows_check.hpp). Nothing for a local file.
    std::optional<year_month> month;
    bool url_names_month = true; // the template has {month}
    // Standard input or a pipe: read once, so never probed before the load
    // nor read again by a retry, and no version of it is recorded.
    bool read_once = false;
};

// `--file -` (and /dev/stdin, its other name): standard input.
inline constexpr std::string_view stdin_location = "-";

source_spec url_source(std::string url, std::string file_name);
source_spec file_source(std::string path);

// Replaces {taxi}, {year} and {month} (zero-padded). Throws
// etl_error(usage) for any other placeholder.
std::string expand_url_template(std::string_view url_template, std::string_view taxi,
                                int year, int month);

// The course's file name: "{taxi}_tripdata_{YYYY}-{MM}.csv".
std::string month_file_name(std::string_view taxi, int year, int month);

// A month of the course's files: the URL the template gives for it, and
// its file name. Throws as expand_url_template does.
source_spec month_source(std::string_view url_template, std::string_view taxi,
                         year_month month);

// Whether the source comes over the network (http, https), not from a
// local file (--file, file://): its bytes are "downloaded", not "read".
bool is_download(source_spec const &source);

// The file name recorded for a local file: its base name without ".gz".
std::string local_file_name(std::string_view path);

// Throws etl_error(bad_data): the source is over --max-bytes (`how`: "as
// read", "as downloaded").
[[noreturn]] void fail_too_large(source_spec const &source, std::uint64_t limit,
                                 std::string_view how);

// Throws etl_error(usage), naming the option, unless url is an http://,
// https:// or file:// URL that libcurl can parse.
void check_url(std::string_view url, std::string_view option);

// Receives each chunk of the source; returns false to stop the transfer.
using chunk_sink = std::function<bool(std::string_view)>;

// Far above any published file (at most about 140 MB compressed, 800 MB of
// CSV), yet an endless body at 25 MB/s reaches it in three minutes.
inline constexpr std::uint64_t default_max_bytes = std::uint64_t{4} << 30U;

struct transfer_options
{
    long connect_timeout_seconds = 30;
    // No byte for this long ends the attempt; counted from the request, and
    // from when the sink last returned, so that a sink that blocks (COPY, a
    // lock) does not look like a stalled source.
    long stall_timeout_seconds = 60;
    // The wall-clock time one attempt may spend reading a URL, counted from
    // attempt_started (or, when unset, from the start of the transfer).
    long max_time_seconds = 1800;
    std::optional<std::chrono::steady_clock::time_point> attempt_started;
    // The most bytes of one file, as downloaded (checked here) and as CSV
    // (checked by the decompressor).
    std::uint64_t max_bytes = default_max_bytes;
};

// What a read of a source has done so far, read by the progress line while
// it runs.
struct stream_counters
{
    std::atomic<std::uint64_t> bytes_downloaded{0}; // compressed, as received
    std::atomic<std::uint64_t> bytes_expected{0};   // the source's size; 0: not known
    std::atomic<std::uint64_t> lines{0};            // decompressed lines so far
};

// One GET of a URL source, as read_source (source_reader.hpp) does it,
// with extra request header lines; `status` and `seen` are of the final response.
struct url_request
{
    std::vector<std::string> headers; // "If-None-Match: \"abc\""
    long status = 0;
    source_validators seen;
    std::atomic<std::uint64_t> *size = nullptr; // as read_source's
};
bool read_url(source_spec const &source, transfer_options const &options,
              chunk_sink const &sink, std::atomic<std::uint64_t> &bytes_read,
              url_request &request);

} // namespace taxi_etl
