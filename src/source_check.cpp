#include "taxi_etl/source_check.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/interrupt.hpp"

#include <curl/curl.h>

namespace taxi_etl {

bool source_unchanged(source_spec const &source, transfer_options const &options,
                      source_validators const &recorded)
{
    if (!source.is_url) {
        return same_version(recorded, file_validators(source.location, source.shown));
    }
    if (auto const path = file_url_path(source.location)) {
        return same_version(recorded, file_validators(*path, source.shown));
    }
    if (recorded.etag.empty() && recorded.last_modified.empty()) {
        return false; // nothing to ask with
    }
    url_request request;
    request.headers = conditional_headers(recorded);
    std::atomic<std::uint64_t> bytes{0};
    // A body means the server sent the file, whatever it is: stop at once.
    read_url(
        source, options, [](std::string_view) { return false; }, bytes, request);
    if (request.status == 304) {
        return true;
    }
    // A server that ignores the condition still sends the validators.
    return request.status == 200 && same_version(recorded, request.seen);
}

std::optional<std::string>
why_not_published(source_spec const &source, transfer_options const &options,
                  retry_policy const &policy,
                  std::function<void(std::string const &)> const &notify)
{
    for (unsigned retry = 1;; ++retry) {
        try {
            auto attempt = options;
            attempt.attempt_started = std::chrono::steady_clock::now();
            url_request ask;
            std::atomic<std::uint64_t> bytes{0};
            // The first bytes of the body say it is there: stop at once.
            read_url(
                source, attempt, [](std::string_view) { return false; }, bytes, ask);
            return std::nullopt;
        } catch (etl_error const &error) {
            if (error.code() == exit_code::not_found) {
                return std::string{error.what()};
            }
            if (!error.is_transient() || retry > policy.retries ||
                interrupt::received() != 0) {
                throw;
            }
            wait_to_retry(policy, retry, error, fmt::format("{};", error.what()), notify);
        }
    }
}

} // namespace taxi_etl
