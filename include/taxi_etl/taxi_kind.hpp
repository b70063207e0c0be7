#pragma once

// The kinds of trip data (green, yellow, ...) described as data. Everything
// that differs between kinds lives in the table in taxi_kind.cpp; the load
// path reads it and never branches on the kind's name.

#include "taxi_etl/month.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

enum class column_type
{
    text,
    timestamp,
    integer,
    double_precision,
};

std::string_view pg_type_name(column_type type) noexcept;

struct column_spec
{
    std::string_view header_name; // as written in the CSV header
    column_type type;
};

// What `transform`'s models (the course's dbt project) take from a kind
// that has them, beside its pickup and dropoff columns.
struct trip_model
{
    std::string_view service_type; // fact_trips' label for its trips: "Green"
    // What model_stg_trips in sql/transform_models.sql reads as trip_type and ehail_fee: the
    // column, or the constant the course gives a kind without it.
    std::string_view trip_type;
    std::string_view ehail_fee;
};

struct taxi_kind
{
    std::string_view name;                            // "green": also the release tag
    std::span<column_spec const> columns;             // in header order
    std::span<std::string_view const> row_id_columns; // md5 input, in order
    std::string_view pickup_column;                   // as in the header
    std::string_view dropoff_column;                  // as in the header
    year_month first_published;                       // the release's range
    year_month last_published;
    std::string_view course_schedule; // the cron line of the course's flow
    std::optional<trip_model> model;  // none: `transform` does not read it
};

// All kinds, in the order they are listed in --help.
std::span<taxi_kind const> taxi_kinds() noexcept;

std::vector<std::string> taxi_kind_names();

// The kinds that have models, in the order of taxi_kinds().
std::vector<taxi_kind const *> modelled_kinds();

// Throws etl_error(usage) for an unknown name.
taxi_kind const &find_taxi_kind(std::string_view name);

// PostgreSQL folds unquoted names to lower case; the course's flow creates
// its tables with unquoted names, so the table columns are lower case.
std::string db_column_name(std::string_view header_name);

// "green_tripdata"
std::string trip_table_name(taxi_kind const &kind);

// "stg_green_tripdata": the staging model's view of a modelled kind.
std::string staging_view_name(taxi_kind const &kind);

} // namespace taxi_etl
