#pragma once

// `taxi-etl transform`: the course's analytics models (its dbt project
// taxi_rides_ny) built in SQL on the loaded tables, in one transaction:
// stg_green_tripdata and stg_yellow_tripdata (views), dim_zones, fact_trips
// and dm_monthly_zone_revenue (tables). Incremental by default: only the
// pickup months that loads touched since the last transform are rebuilt.

#include "taxi_etl/retry.hpp"
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
    // URL or path of taxi_zone_lookup.csv; absent: the one loaded stays
    // (the recorded source, else the default, when none is or on reload).
    std::optional<std::string> zones_url;
    bool reload_zones = false;
    bool full_refresh = false;
    bool store_failures = false; // every check's failing rows in tables, as dbt's
    transfer_options transfer;   // of the lookup's download, as a month's
    retry_policy retry;
    std::function<void(std::string const &)> notify = [](std::string const &) {};
};

// Throws etl_error; the models are then as they were before. A check of
// severity error that fails is no throw: the result says so (`failed`),
// nothing is committed, and fail_on_checks() ends the run after its report.
transform_result run_transform(transform_request const &request);

// The summary and the table of checks printed after a transform.
std::string format_transform_report(transform_result const &result);

// When an error check failed: logs a few failing rows of each such check,
// then throws etl_error(checks_failed) naming the first.
void fail_on_checks(transform_result const &result);

} // namespace taxi_etl
