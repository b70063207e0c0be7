#pragma once

// What one load did: the figures its summary line prints, the run history
// records and the metrics add up.

#include <cstdint>
#include <string>

namespace taxi_etl {

struct load_result
{
    std::string file_name;
    std::uint64_t rows_read = 0;
    std::uint64_t rows_inserted = 0;
    std::uint64_t rows_present = 0;     // read but already in the table
    std::uint64_t bytes_downloaded = 0; // every read of the source together
    double seconds = 0.0;
    bool unchanged = false; // the source and the table as the last load left them
    // What the summary says: the file's size (its last read), whether it
    // was read twice (compared with the table, then loaded in full), and
    // whether it came over the network (http, https) or from a local file.
    std::uint64_t file_bytes = 0;
    bool read_twice = false;
    bool downloaded = true;
};

} // namespace taxi_etl
