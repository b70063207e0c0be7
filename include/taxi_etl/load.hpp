#pragma once

// One month (or one local file) from its source into {taxi}_tripdata, in one
// transaction, recorded in the run history.

#include "taxi_etl/load_paths.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/report.hpp"

#include <chrono>

namespace taxi_etl {

// Bounds each lock wait of the session to `seconds` (0: no bound), as
// --lock-timeout asks.
void set_lock_timeout(pg::connection &db, unsigned seconds);

// Throws etl_error; the final table is then exactly as it was before, and
// the run is recorded as failed (when the database can still be reached).
load_result load_month(load_request const &request);

} // namespace taxi_etl
