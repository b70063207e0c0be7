#pragma once

// One month (or one local file) from its source into {taxi}_tripdata, in one
// transaction, recorded in the run history.

#include "taxi_etl/report.hpp"
#include "taxi_etl/source.hpp"
#include "taxi_etl/taxi_kind.hpp"

#include <functional>
#include <string>

namespace taxi_etl {

struct load_request
{
    taxi_kind const *kind = nullptr;
    source_spec source;
    std::string conninfo; // empty: PG* environment variables
    std::string schema = "public";
    transfer_options transfer;
    bool show_progress = false;
    bool backfill = false; // labels the run in the history
    // Told about waits worth knowing (another run holds the table's lock).
    std::function<void(std::string const &)> notify = [](std::string const &) {};
};

// Throws etl_error; the final table is then exactly as it was before, and
// the run is recorded as failed (when the database can still be reached).
load_result load_month(load_request const &request);

} // namespace taxi_etl
