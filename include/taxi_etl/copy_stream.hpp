#pragma once

// The streaming heart of a load: one thread downloads, inflates and checks
// the header, the calling thread owns the database connection and feeds
// COPY. A small bounded queue of large buffers joins them, so memory stays
// the same whatever the size of the file.

#include "taxi_etl/pg.hpp"
#include "taxi_etl/source.hpp"
#include "taxi_etl/taxi_kind.hpp"

#include <atomic>
#include <cstdint>
#include <functional>

namespace taxi_etl {

struct stream_counters
{
    std::atomic<std::uint64_t> bytes_downloaded{0}; // compressed, as received
    std::atomic<std::uint64_t> lines{0};            // decompressed lines so far
};

// Streams the source into the COPY statement copy_sql (which must be a COPY
// ... FROM STDIN WITH (FORMAT csv, HEADER true)). Calls on_progress after
// each buffer. Returns the number of rows COPY took. On any failure the COPY
// is aborted and the error (the source's or the database's) is thrown.
std::uint64_t stream_into_copy(source_spec const &source, transfer_options const &transfer,
                               taxi_kind const &kind, pg::connection &db,
                               std::string const &copy_sql, stream_counters &counters,
                               std::function<void()> const &on_progress);

} // namespace taxi_etl
