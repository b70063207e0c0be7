#pragma once

// Whether a source still has the version a load read, asked without its
// body: a conditional GET (If-None-Match, else If-Modified-Since) through
// the redirects for a URL, a stat for a file.

#include "taxi_etl/source.hpp"

namespace taxi_etl {

// Whether the source still has the version `recorded` names. Downloads no
// body (a server that ignores the condition is cut off at its first
// bytes). Throws as read_source does: not_found for a 404 or a missing
// file, network (transient or not, as a load's) for the rest.
bool source_unchanged(source_spec const &source, transfer_options const &options,
                      source_validators const &recorded);

} // namespace taxi_etl
