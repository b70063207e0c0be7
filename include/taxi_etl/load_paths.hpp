#pragma once

// The paths one load of a month (or of one local file) takes into its
// table, inside the load's transaction (month_load, begun and the file's
// lock taken by load.cpp's merge_month, which picks the path); each path
// ends with the commit. See README, "How it works".

#include "taxi_etl/month_load.hpp"
#include "taxi_etl/report.hpp"

#include <string>

namespace taxi_etl {

// A file the table has no rows of, in a table taxi-etl creates (or creates
// now): the file is written like a first load, into a table of its own
// (COPY FREEZE, its index in one sort) that becomes the file's partition.
load_result load_new_partition(month_load &month);

// A file with a partition of its own, in order of cost: unchanged at the
// source and in its partition (nothing read); the partition's ids against
// the file's (--verify, or the source changed); else staged and merged.
load_result reload_into_partition(month_load &month, std::string const &partition);

// A plain table, or a file whose rows are in the DEFAULT partition: a file
// loaded before is compared row by row (pickup and id) first; else, or
// when rows are missing, staged and merged.
load_result reload_into_table(month_load &month);

} // namespace taxi_etl
