#pragma once

// The time a range of months (backfill, sync) has left, from what its
// reads have read so far.

#include "taxi_etl/progress_figures.hpp"

#include <optional>

namespace taxi_etl {

// Seconds: the bytes left at the pace of the reads so far, per second of
// reading times the months running. Left: the running months' rest (of
// their size when known, else of the average), and each month not started
// at the average of the months read (before one is done, of the running
// months of known size). Months that read nothing (unchanged at the
// source) count neither in the pace nor in the average. Nothing until the
// reads have read for a second and a size is known.
std::optional<double> range_seconds_left(range_figures const &range);

} // namespace taxi_etl
