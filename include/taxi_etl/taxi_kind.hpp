#pragma once

// The kinds of trip data (green, yellow, ...) described as data. Everything
// that differs between kinds lives in the table in taxi_kind.cpp; the load
// path reads it and never branches on the kind's name.

#include "taxi_etl/month.hpp"

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

struct taxi_kind
{
    std::string_view name;                            // "green": also the release tag
    std::span<column_spec const> columns;             // in header order
    std::span<std::string_view const> row_id_columns; // md5 input, in order
    std::string_view pickup_column;                   // as in the header
    year_month first_published;                       // the release's range
    year_month last_published;
    std::string_view course_schedule; // the cron line of the course's flow
};

// All kinds, in the order they are listed in --help.
std::span<taxi_kind const> taxi_kinds() noexcept;

std::vector<std::string> taxi_kind_names();

// Throws etl_error(usage) for an unknown name.
taxi_kind const &find_taxi_kind(std::string_view name);

// PostgreSQL folds unquoted names to lower case; the course's flow creates
// its tables with unquoted names, so the table columns are lower case.
std::string db_column_name(std::string_view header_name);

// "green_tripdata"
std::string trip_table_name(taxi_kind const &kind);

} // namespace taxi_etl
