#pragma once

// The streaming heart of a load: one thread downloads, inflates and checks
// the header, the calling thread owns the database connection and feeds
// COPY. A small bounded queue of large buffers joins them, so memory stays
// the same whatever the size of the file.

#include "taxi_etl/copy_format.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/row_id.hpp"
#include "taxi_etl/source.hpp"
#include "taxi_etl/taxi_kind.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace taxi_etl {

struct copy_result
{
    std::uint64_t rows = 0;            // as COPY counted them
    std::uint64_t rows_without_id = 0; // ids left to the database
    // "YYYY-MM-DD" of each pickup day seen, or nothing when the client
    // could not be sure of every pickup (see row_id_writer::pickup_days).
    std::optional<std::set<std::string>> pickup_days;
    // The same with the number of rows of each day.
    std::optional<std::map<std::string, std::uint64_t>> pickup_day_rows;
    source_validators validators; // of the version of the source read
};

// Streams the source into a COPY to `target`, each row as `output` says.
// With format binary (binary or csv, not automatic) and whole rows, the
// rows go as binary tuples, and those the client is not sure of follow as
// CSV in a second COPY, so values, ids and errors are those of a CSV COPY.
// Counts what it reads in `counters` as it goes (the progress line reads
// them). On any failure the COPY is aborted and the error (the source's or
// the database's) is thrown.
copy_result stream_into_copy(source_spec const &source, transfer_options const &transfer,
                             taxi_kind const &kind, row_output output, pg::connection &db,
                             copy_target const &target, copy_format format,
                             stream_counters &counters);

} // namespace taxi_etl
