#pragma once

// How `transform` builds the models (transform.hpp): all of them, or the
// pickup months loads touched, from each modelled kind's staging rows in
// scope, materialized once per run beside the models.

#include "taxi_etl/pg.hpp"
#include "taxi_etl/taxi_kind.hpp"
#include "taxi_etl/transform_result.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

// What the models' SQL reads and writes for one modelled kind, quoted.
struct kind_names
{
    taxi_kind const *kind;
    std::string trip_table; // "public"."green_tripdata"
    std::string view;       // "public"."stg_green_tripdata"
    std::string scope;      // this run's staging rows in scope
    std::string pickup, dropoff;
};

// The models' tables in one schema, quoted, and those of each modelled
// kind, in the order of modelled_kinds().
struct model_names
{
    std::string schema, zones, dim_zones, fact_trips, dm;
    std::vector<kind_names> kinds;
};

model_names quoted_model_names(pg::connection &db, std::string const &schema);

// The names of the models' relations, unquoted: the staging views first.
std::vector<std::string> model_relation_names();

// Pickup months ("2019-01-01") by kind name.
using months_by_kind = std::map<std::string, std::set<std::string>>;

// A condition on a timestamp column being in any of some months, and the
// months as the parameters it refers to ($first, $first + 1, ...): the
// values never go into the text. No months: "false".
struct month_filter
{
    std::string sql;
    std::vector<std::string> params;
};
month_filter in_months(std::string_view column, std::set<std::string> const &months,
                       int first_param);

// The rows the checks read: all (a full rebuild), or those of the months
// rebuilt.
struct model_scope
{
    bool all = false;
    months_by_kind months;
};

// Drops and builds the views and every model from all the rows.
model_scope build_all(pg::connection &db, model_names const &n, transform_result &result);

// Rebuilds the given months of fact_trips and dm_monthly_zone_revenue.
model_scope build_months(pg::connection &db, model_names const &n,
                         months_by_kind const &months, transform_result &result);

// Drops the tables of staging rows in scope: they last one run.
void drop_scopes(pg::connection &db, model_names const &n);

} // namespace taxi_etl
