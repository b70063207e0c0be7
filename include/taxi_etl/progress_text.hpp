#pragma once

// The progress line's text from its figures: pure, so that it is tested
// with figures of any moment and no terminal.

#include "taxi_etl/progress_figures.hpp"

#include <cstddef>
#include <string>

namespace taxi_etl {

// "1m20s", "45s", "2h05m".
std::string format_duration(double seconds);

// "45% of 21.0 MB, 9.5 MB/s, 284512 rows, 271000 rows/s, about 2s left";
// without a size: "3.2 MB, 1.1 MB/s, 284512 rows, 271000 rows/s, 12s elapsed".
std::string format_read_progress(read_figures const &read);

// "3/12 months done, loading 2019-04 (45%, 12.1 MB/s), 2019-05 (10%, 3.0
// MB/s), about 1m20s left"; the time left from range_seconds_left
// (range_estimate.hpp), else "12s elapsed"; empty when the range has no
// month to load.
std::string format_range_progress(range_figures const &range);

// The line cut to fit `columns` (a character short, so that the terminal
// does not wrap), never inside a UTF-8 sequence.
std::string fit_width(std::string line, std::size_t columns);

} // namespace taxi_etl
