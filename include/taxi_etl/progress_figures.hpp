#pragma once

// What the progress line shows, as plain figures: a read of a source, and
// a range of months with those running. progress.cpp fills them from the
// counters a load keeps; range_estimate.hpp and progress_text.hpp read them.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace taxi_etl {

// What one read of a source has done so far.
struct read_figures
{
    std::uint64_t bytes = 0; // compressed, as read
    std::uint64_t total = 0; // the source's size; 0 when not known
    std::uint64_t rows = 0;
    double seconds = 0.0; // since the read began
};

// What reads read, in how many seconds of reading.
struct reading
{
    std::uint64_t bytes = 0;
    double seconds = 0.0;
};

struct running_month
{
    std::string label;                // "2019-04"
    std::string phase;                // "comparing", or empty
    std::optional<read_figures> read; // nothing between reads (merging, indexing)
    reading earlier{};                // its reads that ended (a comparison's)
};

struct range_figures
{
    std::size_t done = 0;
    std::size_t total = 0;
    double seconds = 0.0; // since the range began
    std::vector<running_month> running;
    // The months done that read data (not those unchanged at the source):
    // how many, and their reads together.
    std::size_t months_read = 0;
    reading read{};
};

} // namespace taxi_etl
