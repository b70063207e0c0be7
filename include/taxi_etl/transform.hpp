#pragma once

// `taxi-etl transform`: the course's analytics models (its dbt project
// taxi_rides_ny) built in SQL on the loaded tables, in one transaction:
// stg_green_tripdata and stg_yellow_tripdata (views), dim_zones, fact_trips
// and dm_monthly_zone_revenue (tables). Incremental by default: only the
// pickup months that loads touched since the last transform are rebuilt.

#include "taxi_etl/source.hpp"
#include "taxi_etl/transform_result.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace taxi_etl {

struct transform_request
{
    std::string conninfo;
    std::string schema = "public";
    std::string zones_location; // URL or path of taxi_zone_lookup.csv
    bool reload_zones = false;
    bool full_refresh = false;
    transfer_options transfer;
    std::function<void(std::string const &)> notify = [](std::string const &) {};
};

// Throws etl_error; the models are then as they were before.
transform_result run_transform(transform_request const &request);

// The summary and the table of checks printed after a transform.
std::string format_transform_report(transform_result const &result);

} // namespace taxi_etl
