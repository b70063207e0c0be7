#pragma once

// Whether a source still has the version a load read, asked without its
// body: a conditional GET (If-None-Match, else If-Modified-Since) through
// the redirects for a URL, a stat for a file.

#include "taxi_etl/retry.hpp"
#include "taxi_etl/source.hpp"

#include <optional>
#include <string>

namespace taxi_etl {

// Whether the source still has the version `recorded` names. Downloads no
// body (a server that ignores the condition is cut off at its first
// bytes). Throws as read_source does: not_found for a 404 or a missing
// file, network (transient or not, as a load's) for the rest.
bool source_unchanged(source_spec const &source, transfer_options const &options,
                      source_validators const &recorded);

// Whether the request's source publishes its file, asked without the body:
// a GET cut off at its first bytes (GitHub's release URLs redirect to signed
// URLs that refuse HEAD). Transient failures are retried as a load retries
// them (`retry`, each told to `notify`). Returns why it is not published
// (HTTP 404, no such file), or nothing when it is; throws etl_error for
// the rest, as read_source does.
std::optional<std::string>
why_not_published(source_spec const &source, transfer_options const &options,
                  retry_policy const &retry,
                  std::function<void(std::string const &)> const &notify);

} // namespace taxi_etl
