#include "taxi_etl/source.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/interrupt.hpp"
#include "taxi_etl/redact.hpp"

#include <curl/curl.h>

#include <algorithm>
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

source_spec url_source(std::string url, std::string file_name)
{
    auto shown = redact_url(url);
    return {std::move(url), true, std::move(file_name), std::move(shown)};
}

source_spec file_source(std::string path)
{
    auto file_name = local_file_name(path);
    auto shown = path;
    return {std::move(path), false, std::move(file_name), std::move(shown)};
}

namespace {

constexpr std::size_t local_read_size = 1U << 20U;

bool read_local_file(source_spec const &source, chunk_sink const &sink,
                     std::atomic<std::uint64_t> &bytes_read)
{
    std::unique_ptr<std::FILE, decltype(&std::fclose)> file{
        std::fopen(source.location.c_str(), "rb"), &std::fclose};
    if (!file) {
        auto const code = (errno == ENOENT) ? exit_code::not_found : exit_code::bad_data;
        fail(code, "cannot open {}: {}", source.location, std::strerror(errno));
    }
    std::vector<char> buffer(local_read_size);
    while (true) {
        interrupt::throw_if_received();
        auto const n = std::fread(buffer.data(), 1, buffer.size(), file.get());
        if (n > 0) {
            bytes_read += n;
            if (!sink({buffer.data(), n})) {
                return false;
            }
        }
        if (n < buffer.size()) {
            if (std::ferror(file.get()) != 0) {
                fail(exit_code::bad_data, "cannot read {}: {}", source.location,
                     std::strerror(errno));
            }
            return true;
        }
    }
}

void init_curl_once()
{
    static std::once_flag flag;
    std::call_once(flag, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct curl_transfer
{
    chunk_sink const *sink;
    std::atomic<std::uint64_t> *bytes_read;
    bool stopped_by_sink = false;
    std::exception_ptr sink_error; // exceptions must not cross libcurl's C frames
};

std::size_t on_curl_data(char *data, std::size_t size, std::size_t count, void *user)
{
    auto &transfer = *static_cast<curl_transfer *>(user);
    auto const n = size * count;
    *transfer.bytes_read += n;
    try {
        if ((*transfer.sink)({data, n})) {
            return n;
        }
        transfer.stopped_by_sink = true;
    } catch (...) {
        transfer.sink_error = std::current_exception();
    }
    return 0; // anything other than n makes libcurl abort with CURLE_WRITE_ERROR
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

int on_curl_progress(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    return interrupt::received() != 0 ? 1 : 0; // non-zero aborts the transfer
}

bool read_url(source_spec const &source, transfer_options const &options,
              chunk_sink const &sink, std::atomic<std::uint64_t> &bytes_read)
{
    init_curl_once();
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl{curl_easy_init(),
                                                             &curl_easy_cleanup};
    if (!curl) {
        fail(exit_code::internal, "cannot initialise libcurl");
    }
    curl_transfer transfer{&sink, &bytes_read, false, nullptr};
    std::array<char, CURL_ERROR_SIZE> error_buffer{};
    CURL *h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, source.location.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L); // GitHub answers 302
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, options.stall_timeout_seconds);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "taxi-etl/" TAXI_ETL_VERSION);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); // we run on a worker thread
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer.data());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_curl_data);
    // Called about once a second even when nothing arrives, so a signal
    // stops a stalled transfer too.
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &on_curl_progress);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);

    CURLcode const rc = curl_easy_perform(h);
    if (transfer.sink_error) {
        std::rethrow_exception(transfer.sink_error);
    }
    if (transfer.stopped_by_sink) {
        return false;
    }
    interrupt::throw_if_received();
    auto const &shown = source.shown;
    if (rc == CURLE_OK) {
        return true;
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
    auto const detail =
        error_buffer[0] != '\0' ? error_buffer.data() : curl_easy_strerror(rc);
    if (is_transient(rc)) {
        fail_transient(exit_code::network, std::chrono::seconds{0},
                       "download failed for {}: {}", shown, detail);
    }
    fail(exit_code::network, "download failed for {}: {}", shown, detail);
}

} // namespace

bool read_source(source_spec const &source, transfer_options const &options,
                 chunk_sink const &sink, std::atomic<std::uint64_t> &bytes_read)
{
    return source.is_url ? read_url(source, options, sink, bytes_read)
                         : read_local_file(source, sink, bytes_read);
}

} // namespace taxi_etl
