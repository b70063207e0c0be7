#pragma once

// Whether a source still has the version a load read, asked without its
// body: a conditional GET (If-None-Match, else If-Modified-Since) through
// the redirects for a URL, a stat for a file.

#include "taxi_etl/source.hpp"

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

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

// Whether the source still has the version `recorded` names. Downloads no
// body (a server that ignores the condition is cut off at its first
// bytes). Throws as read_source does: not_found for a 404 or a missing
// file, network (transient or not, as a load's) for the rest.
bool source_unchanged(source_spec const &source, transfer_options const &options,
                      source_validators const &recorded);

} // namespace taxi_etl
