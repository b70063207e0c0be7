#pragma once

// Reading a source, whatever it is: a URL through libcurl (source.hpp's
// read_url) or a local file, pipe or standard input (local_source.hpp).

#include "taxi_etl/source.hpp"

#include <atomic>
#include <cstdint>

namespace taxi_etl {

// Reads the whole source into the sink, counting bytes as they arrive.
// Returns false if the sink stopped the transfer. Throws etl_error:
// not_found for HTTP 404 or a missing file, bad_data for a source larger
// than max_bytes, network for anything else that fails on the way (the
// stall timeout and max_time included). When `seen` is given, it gets the
// validators of what was read; when `size` is, the size of the source as
// soon as it is known (a local file's, the final response's
// Content-Length), and 0 when it is not.
bool read_source(source_spec const &source, transfer_options const &options,
                 chunk_sink const &sink, std::atomic<std::uint64_t> &bytes_read,
                 source_validators *seen = nullptr,
                 std::atomic<std::uint64_t> *size = nullptr);

} // namespace taxi_etl
