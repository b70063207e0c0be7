#pragma once

// `taxi-etl status`: per taxi kind, which months of the published range the
// table holds (loaded_months) and which are missing; the screen to check
// after a backfill. Reads only.

#include "taxi_etl/month.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/taxi_kind.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

struct month_state
{
    year_month month;
    bool loaded = false;     // the table holds it
    std::uint64_t rows = 0;  // of it in the table (counted, or as the load recorded)
    std::string last_status; // of the newest run: succeeded, failed, ...
    std::string reason;      // a run loaded it, but the table does not hold it: why
};

// The report for one kind, from the history's view of its months.
std::string format_status(taxi_kind const &kind, std::string const &table_name,
                          std::vector<month_state> const &months);

// The same as JSON: an object with the kind, the table, the counts of the
// header and, per month of the published range (and any loaded outside it),
// its state (loaded, not loaded, failed, running), rows and, for a month a
// run loaded that the table does not hold, the reason.
std::string format_status_json(taxi_kind const &kind, std::string const &table_name,
                               std::vector<month_state> const &months);

// "2019-01" of "green_tripdata_2019-01.csv"; nothing for another name.
std::optional<year_month> month_of_file(std::string_view file_name);

// The months of a kind in a schema, from the runs and the table (with
// `verify`, every month's rows counted). Reads only; no runs where the
// taxi_etl schema does not exist.
std::vector<month_state> month_states(pg::connection &db, taxi_kind const &kind,
                                      std::string const &schema, bool verify);

} // namespace taxi_etl
