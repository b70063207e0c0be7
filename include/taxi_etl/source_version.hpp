#pragma once

// What tells one version of a source from another without reading it: the
// HTTP validators of a response, a local file's size and mtime, and the
// request headers that ask for a body only when the version changed.

#include <curl/curl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

// What tells one version of a source from another without its bytes: the
// HTTP validators of the response the body came from (after redirects), or
// a local file's size and modification time.
struct source_validators
{
    std::string etag;                     // as sent, quotes included
    std::string last_modified;            // as sent
    std::optional<std::uint64_t> length;  // Content-Length, or a file's size
    std::optional<std::int64_t> mtime_ns; // a local file's, in nanoseconds

    bool operator==(source_validators const &) const = default;
};

// The validators of the last response of a transfer (the one after the
// redirects).
source_validators response_validators(CURL *h);

// A curl_slist of a request's extra header lines, freed with it.
struct header_list
{
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> list{nullptr,
                                                                     &curl_slist_free_all};
    explicit header_list(std::vector<std::string> const &lines);
};

// A local file's size and modification time (nanoseconds). Throws
// etl_error(not_found) when it is missing, as reading it would.
source_validators file_validators(std::string const &path, std::string_view shown);

// The local path of a file:// URL, percent-decoded; nothing for any other.
std::optional<std::string> file_url_path(std::string_view url);

// Whether `now` is the version `recorded` names: the same ETag, else the
// same Last-Modified, else the same mtime, and the same length when both
// know it. Never when `recorded` has none of them.
bool same_version(source_validators const &recorded, source_validators const &now);

// The request header lines that ask for the body only if it changed:
// If-None-Match with the ETag, else If-Modified-Since; none without either.
std::vector<std::string> conditional_headers(source_validators const &recorded);

} // namespace taxi_etl
