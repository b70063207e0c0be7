#pragma once

// One month (or one local file) from its source into {taxi}_tripdata, in one
// transaction.

#include "taxi_etl/report.hpp"
#include "taxi_etl/source.hpp"
#include "taxi_etl/taxi_kind.hpp"

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
};

// Throws etl_error; the final table is then exactly as it was before.
load_result load_month(load_request const &request);

} // namespace taxi_etl
