#include "taxi_etl/source.hpp"

#include "taxi_etl/byte_size.hpp"
#include "taxi_etl/error.hpp"
#include "taxi_etl/interrupt.hpp"
#include "taxi_etl/redact.hpp"
#include "taxi_etl/source_version.hpp"

#include <curl/curl.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

namespace taxi_etl {

std::string expand_url_template(std::string_view url_template, std::string_view taxi,
                                int year, int month)
{
    std::string url;
    std::size_t pos = 0;
    while (pos < url_template.size()) {
        auto const open = url_template.find('{', pos);
        url.append(url_template.substr(pos, open - pos));
        if (open == std::string_view::npos) {
            break;
        }
        auto const close = url_template.find('}', open);
        if (close == std::string_view::npos) {
            // The template is not echoed: it may hold a password.
            fail(exit_code::usage, "--source-url: unclosed '{{' (use {{taxi}}, {{year}}, "
                                   "{{month}})");
        }
        auto const name = url_template.substr(open + 1, close - open - 1);
        if (name == "taxi") {
            url.append(taxi);
        } else if (name == "year") {
            url.append(fmt::format("{:04d}", year));
        } else if (name == "month") {
            url.append(fmt::format("{:02d}", month));
        } else {
            // Named only if it looks like a name, not part of a password.
            bool const word = name.size() <= 20 && std::ranges::all_of(name, [](char c) {
                                  return (c >= 'a' && c <= 'z') || c == '_';
                              });
            fail(exit_code::usage,
                 "--source-url: unknown placeholder '{{{}}}' (use {{taxi}}, {{year}}, "
                 "{{month}})",
                 word ? name : "...");
        }
        pos = close + 1;
    }
    return url;
}

std::string month_file_name(std::string_view taxi, int year, int month)
{
    return fmt::format("{}_tripdata_{:04d}-{:02d}.csv", taxi, year, month);
}

source_spec month_source(std::string_view url_template, std::string_view taxi,
                         year_month month)
{
    auto source =
        url_source(expand_url_template(url_template, taxi, month.year, month.month),
                   month_file_name(taxi, month.year, month.month));
    source.month = month;
    source.url_names_month = url_template.find("{month}") != std::string_view::npos;
    return source;
}

bool is_download(source_spec const &source)
{
    return source.is_url && !file_url_path(source.location);
}

void fail_too_large(source_spec const &source, std::uint64_t limit, std::string_view how)
{
    fail(exit_code::bad_data,
         "{} is larger than --max-bytes {} {}; raise --max-bytes for a larger file",
         source.shown, format_byte_size(limit), how);
}

std::string local_file_name(std::string_view path)
{
    if (auto const slash = path.rfind('/'); slash != std::string_view::npos) {
        path.remove_prefix(slash + 1);
    }
    if (path.ends_with(".gz")) {
        path.remove_suffix(3);
    }
    return std::string{path};
}

void check_url(std::string_view url, std::string_view option)
{
    if (url.empty()) {
        fail(exit_code::usage, "{} must not be empty", option);
    }
    auto const parts = parse_url(url);
    if (!parts.parsed && url.find("://") == std::string_view::npos) {
        fail(exit_code::usage, "{} must be an http://, https:// or file:// URL", option);
    }
    if (!parts.parsed) {
        // Not even the URL's host can be told from its password: none is shown.
        fail(exit_code::usage, "{} is not a URL libcurl can read ({}): {}", option,
             parts.problem, redact_url(url));
    }
    if (parts.scheme != "http" && parts.scheme != "https" && parts.scheme != "file") {
        fail(exit_code::usage, "{} must be an http://, https:// or file:// URL, not {}",
             option, redact_url(url));
    }
}

namespace {

source_spec make_source(std::string location, bool is_url, std::string file_name,
                        std::string shown)
{
    source_spec source;
    source.location = std::move(location);
    source.is_url = is_url;
    source.file_name = std::move(file_name);
    source.shown = std::move(shown);
    return source;
}

} // namespace

source_spec url_source(std::string url, std::string file_name)
{
    auto shown = redact_url(url);
    return make_source(std::move(url), true, std::move(file_name), std::move(shown));
}

source_spec file_source(std::string path)
{
    auto file_name = local_file_name(path);
    auto shown = path;
    return make_source(std::move(path), false, std::move(file_name), std::move(shown));
}

namespace {

using steady_clock = std::chrono::steady_clock;

void init_curl_once()
{
    static std::once_flag flag;
    std::call_once(flag, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct curl_transfer
{
    CURL *handle;
    source_spec const *source;
    transfer_options const *options;
    chunk_sink const *sink;
    std::atomic<std::uint64_t> *bytes_read;
    steady_clock::time_point started;   // of the attempt, for max_time
    steady_clock::time_point last_byte; // or when the sink last returned
    std::atomic<std::uint64_t> *size;   // set as the final response's body begins
    std::uint64_t received = 0;
    bool stopped_by_sink = false;
    bool stalled = false;
    bool out_of_time = false;
    std::exception_ptr sink_error = nullptr; // exceptions must not cross libcurl's C frames
};

std::size_t on_curl_data(char *data, std::size_t size, std::size_t count, void *user)
{
    auto &transfer = *static_cast<curl_transfer *>(user);
    auto const n = size * count;
    if (transfer.received == 0 && transfer.size != nullptr) {
        // Only the final response's body reaches here: redirects are followed.
        curl_off_t length = -1;
        curl_easy_getinfo(transfer.handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
        *transfer.size = length > 0 ? static_cast<std::uint64_t>(length) : 0;
    }
    *transfer.bytes_read += n;
    transfer.received += n;
    try {
        if (transfer.received > transfer.options->max_bytes) {
            fail_too_large(*transfer.source, transfer.options->max_bytes, "as downloaded");
        }
        bool const more = (*transfer.sink)({data, n});
        // The sink may have blocked (COPY, a full queue, a lock): that time
        // is not the source's, so the stall clock starts again only now.
        transfer.last_byte = steady_clock::now();
        if (more) {
            return n;
        }
        transfer.stopped_by_sink = true;
    } catch (...) {
        transfer.sink_error = std::current_exception();
    }
    return 0; // anything other than n makes libcurl abort with CURLE_WRITE_ERROR
}

// Header lines are bytes from the source too: a server that answers is not
// stalled.
std::size_t on_curl_header(char *, std::size_t size, std::size_t count, void *user)
{
    static_cast<curl_transfer *>(user)->last_byte = steady_clock::now();
    return size * count;
}

double seconds_since(steady_clock::time_point then, steady_clock::time_point now)
{
    return std::chrono::duration<double>{now - then}.count();
}

// Called about once a second even when nothing arrives (and more often
// while bytes do): a signal, a stall or the end of the attempt's time stop
// the transfer, whatever the pace of the bytes before.
int on_curl_progress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    auto &transfer = *static_cast<curl_transfer *>(user);
    auto const now = steady_clock::now();
    auto const &options = *transfer.options;
    transfer.stalled = seconds_since(transfer.last_byte, now) >=
                       static_cast<double>(options.stall_timeout_seconds);
    transfer.out_of_time = seconds_since(transfer.started, now) >=
                           static_cast<double>(options.max_time_seconds);
    bool const stop =
        interrupt::received() != 0 || transfer.stalled || transfer.out_of_time;
    return stop ? 1 : 0; // non-zero aborts the transfer
}

// Failures of the connection or the transfer, which a later attempt may
// not meet; not those of the request itself (a bad URL, a redirect loop).
bool is_transient(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return true;
    default:
        return false;
    }
}

void set_curl_options(CURL *h, source_spec const &source, transfer_options const &options,
                      curl_transfer &transfer, char *error_buffer)
{
    curl_easy_setopt(h, CURLOPT_URL, source.location.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L); // GitHub answers 302
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "taxi-etl/" TAXI_ETL_VERSION);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); // we run on a worker thread
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_curl_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_curl_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
    // Not libcurl's low-speed check: that is an average, which a source
    // dripping a few bytes now and then passes for days.
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &on_curl_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &transfer);
}

// After a transfer that did not end well: the error it is.
[[noreturn]] void fail_transfer(CURL *h, CURLcode rc, curl_transfer const &transfer,
                                char const *error_buffer)
{
    auto const &shown = transfer.source->shown;
    auto const &options = *transfer.options;
    if (transfer.stalled) {
        fail_transient(exit_code::network, std::chrono::seconds{0},
                       "download failed for {}: no byte for {} s (--stall-timeout)", shown,
                       options.stall_timeout_seconds);
    }
    if (transfer.out_of_time) {
        fail_transient(exit_code::network, std::chrono::seconds{0},
                       "download failed for {}: not done within --max-time {} s; raise "
                       "--max-time for a slower source",
                       shown, options.max_time_seconds);
    }
    if (rc == CURLE_HTTP_RETURNED_ERROR) {
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        if (status == 404) {
            fail(exit_code::not_found, "not published: HTTP 404 for {}", shown);
        }
        // Too many requests and server errors pass; other refusals do not.
        if (status == 429 || status >= 500) {
            curl_off_t retry_after = 0;
            curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &retry_after);
            fail_transient(exit_code::network, std::chrono::seconds{retry_after},
                           "download failed: HTTP {} for {}", status, shown);
        }
        fail(exit_code::network, "download failed: HTTP {} for {}", status, shown);
    }
    if (rc == CURLE_FILE_COULDNT_READ_FILE) {
        fail(exit_code::not_found, "not found: {}", shown);
    }
    auto const *detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc);
    if (is_transient(rc)) {
        fail_transient(exit_code::network, std::chrono::seconds{0},
                       "download failed for {}: {}", shown, detail);
    }
    fail(exit_code::network, "download failed for {}: {}", shown, detail);
}

} // namespace

bool read_url(source_spec const &source, transfer_options const &options,
              chunk_sink const &sink, std::atomic<std::uint64_t> &bytes_read,
              url_request &request)
{
    init_curl_once();
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl{curl_easy_init(),
                                                             &curl_easy_cleanup};
    if (!curl) {
        fail(exit_code::internal, "cannot initialise libcurl");
    }
    auto const now = steady_clock::now();
    curl_transfer transfer{.handle = curl.get(),
                           .source = &source,
                           .options = &options,
                           .sink = &sink,
                           .bytes_read = &bytes_read,
                           .started = options.attempt_started.value_or(now),
                           .last_byte = now,
                           .size = request.size};
    std::array<char, CURL_ERROR_SIZE> error_buffer{};
    set_curl_options(curl.get(), source, options, transfer, error_buffer.data());
    header_list const headers{request.headers};
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.list.get());

    CURLcode const rc = curl_easy_perform(curl.get());
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &request.status);
    request.seen = response_validators(curl.get());
    if (transfer.sink_error) {
        std::rethrow_exception(transfer.sink_error);
    }
    if (transfer.stopped_by_sink) {
        return false;
    }
    interrupt::throw_if_received();
    if (rc == CURLE_OK) {
        return true;
    }
    fail_transfer(curl.get(), rc, transfer, error_buffer.data());
}

} // namespace taxi_etl
