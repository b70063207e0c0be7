#pragma once

// One month (or one local file) from its source into {taxi}_tripdata, in one
// transaction, recorded in the run history.

#include "taxi_etl/copy_format.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/report.hpp"
#include "taxi_etl/source.hpp"
#include "taxi_etl/taxi_kind.hpp"

#include <chrono>
#include <functional>
#include <string>

namespace taxi_etl {

// Transient failures (see etl_error::is_transient) restart the month from
// the beginning in a fresh transaction, after a delay that doubles each time.
struct retry_policy
{
    unsigned retries = 3;
    double first_delay_seconds = 1.0;
    double max_delay_seconds = 300.0;
};

// The wait before retry number `retry` (1-based): the doubling delay, or
// what the server asked for (Retry-After) if that is longer; never more
// than the maximum.
double retry_delay_seconds(retry_policy const &policy, unsigned retry,
                           std::chrono::seconds retry_after);

// Bounds each lock wait of the session to `seconds` (0: no bound), as
// --lock-timeout asks.
void set_lock_timeout(pg::connection &db, unsigned seconds);

struct load_request
{
    taxi_kind const *kind = nullptr;
    source_spec source;
    std::string conninfo; // empty: PG* environment variables
    std::string schema = "public";
    transfer_options transfer;
    retry_policy retry;
    unsigned lock_timeout_seconds = 0; // 0: wait for the table's lock as long as it takes
    copy_format format = copy_format::automatic; // how rows travel to COPY
    bool show_progress = false;
    bool backfill = false; // labels the run in the history
    // Compare every id of the file with the table even when the source
    // says the file is unchanged (--verify).
    bool verify = false;
    // Told about waits worth knowing (another run holds the table's lock).
    std::function<void(std::string const &)> notify = [](std::string const &) {};
};

// Throws etl_error; the final table is then exactly as it was before, and
// the run is recorded as failed (when the database can still be reached).
load_result load_month(load_request const &request);

} // namespace taxi_etl
