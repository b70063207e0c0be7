#pragma once

// `taxi-etl status`: per taxi kind, which months of the published range a
// run has loaded and which are missing; the screen to check after a backfill.

#include "taxi_etl/month.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/taxi_kind.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace taxi_etl {

struct month_state
{
    year_month month;
    bool loaded = false;
    std::uint64_t rows = 0;  // inserted by the runs that loaded it
    std::string last_status; // of the newest run: succeeded, failed, ...
};

// The report for one kind, from the history's view of its months.
std::string format_status(taxi_kind const &kind, std::string const &table_name,
                          std::vector<month_state> const &months);

std::vector<month_state> month_states(pg::connection &db, taxi_kind const &kind,
                                      std::string const &schema);

} // namespace taxi_etl
