#include "taxi_etl/taxi_kind.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/printable.hpp"
#include "taxi_etl/text.hpp"

#include <algorithm>
#include <array>

namespace taxi_etl {

namespace {

using enum column_type;

// Column lists and types as the course's flow creates the tables (README.md,
// "The tables").
constexpr std::array green_columns{
    column_spec{"VendorID", text},
    column_spec{"lpep_pickup_datetime", timestamp},
    column_spec{"lpep_dropoff_datetime", timestamp},
    column_spec{"store_and_fwd_flag", text},
    column_spec{"RatecodeID", text},
    column_spec{"PULocationID", text},
    column_spec{"DOLocationID", text},
    column_spec{"passenger_count", integer},
    column_spec{"trip_distance", double_precision},
    column_spec{"fare_amount", double_precision},
    column_spec{"extra", double_precision},
    column_spec{"mta_tax", double_precision},
    column_spec{"tip_amount", double_precision},
    column_spec{"tolls_amount", double_precision},
    column_spec{"ehail_fee", double_precision},
    column_spec{"improvement_surcharge", double_precision},
    column_spec{"total_amount", double_precision},
    column_spec{"payment_type", integer},
    column_spec{"trip_type", integer},
    column_spec{"congestion_surcharge", double_precision},
};

constexpr std::array<std::string_view, 7> green_row_id{
    "VendorID",     "lpep_pickup_datetime", "lpep_dropoff_datetime", "PULocationID",
    "DOLocationID", "fare_amount",          "trip_distance"};

constexpr std::array yellow_columns{
    column_spec{"VendorID", text},
    column_spec{"tpep_pickup_datetime", timestamp},
    column_spec{"tpep_dropoff_datetime", timestamp},
    column_spec{"passenger_count", integer},
    column_spec{"trip_distance", double_precision},
    column_spec{"RatecodeID", text},
    column_spec{"store_and_fwd_flag", text},
    column_spec{"PULocationID", text},
    column_spec{"DOLocationID", text},
    column_spec{"payment_type", integer},
    column_spec{"fare_amount", double_precision},
    column_spec{"extra", double_precision},
    column_spec{"mta_tax", double_precision},
    column_spec{"tip_amount", double_precision},
    column_spec{"tolls_amount", double_precision},
    column_spec{"improvement_surcharge", double_precision},
    column_spec{"total_amount", double_precision},
    column_spec{"congestion_surcharge", double_precision},
};

constexpr std::array<std::string_view, 7> yellow_row_id{
    "VendorID",     "tpep_pickup_datetime", "tpep_dropoff_datetime", "PULocationID",
    "DOLocationID", "fare_amount",          "trip_distance"};

// For-Hire Vehicles: the course loads them for its later modules; its flow
// has no fhv branch, so the id is taxi-etl's own (README.md, "The tables").
constexpr std::array fhv_columns{
    column_spec{"dispatching_base_num", text},   column_spec{"pickup_datetime", timestamp},
    column_spec{"dropOff_datetime", timestamp},  column_spec{"PUlocationID", text},
    column_spec{"DOlocationID", text},           column_spec{"SR_Flag", text},
    column_spec{"Affiliated_base_number", text},
};

constexpr std::array<std::string_view, 5> fhv_row_id{"dispatching_base_num",
                                                     "pickup_datetime", "dropOff_datetime",
                                                     "PUlocationID", "DOlocationID"};

// The months the course's release publishes, the same for every kind:
// sync's default --from and status's range.
constexpr year_month first_published{2019, 1};
constexpr year_month last_published{2021, 7};

// fact_trips' service types; yellow has no trip_type and no ehail_fee
// column, and the course's staging model reads them as 1 and 0.
constexpr trip_model green_model{"Green", "trip_type", "ehail_fee"};
constexpr trip_model yellow_model{"Yellow", "1", "0"};

constexpr std::array kinds{
    taxi_kind{"green", green_columns, green_row_id, "lpep_pickup_datetime",
              "lpep_dropoff_datetime", first_published, last_published, "0 9 1 * *",
              green_model},
    taxi_kind{"yellow", yellow_columns, yellow_row_id, "tpep_pickup_datetime",
              "tpep_dropoff_datetime", first_published, last_published, "0 10 1 * *",
              yellow_model},
    // The course schedules no fhv flow (an hour after yellow), and its
    // models do not read fhv.
    taxi_kind{"fhv", fhv_columns, fhv_row_id, "pickup_datetime", "dropOff_datetime",
              first_published, last_published, "0 11 1 * *", std::nullopt},
};

} // namespace

std::string_view pg_type_name(column_type type) noexcept
{
    switch (type) {
    case column_type::text:
        return "text";
    case column_type::timestamp:
        return "timestamp";
    case column_type::integer:
        return "integer";
    case column_type::double_precision:
        return "double precision";
    }
    return "text";
}

std::span<taxi_kind const> taxi_kinds() noexcept
{
    return kinds;
}

std::vector<std::string> taxi_kind_names()
{
    std::vector<std::string> names;
    for (auto const &kind : kinds) {
        names.emplace_back(kind.name);
    }
    return names;
}

std::vector<taxi_kind const *> modelled_kinds()
{
    std::vector<taxi_kind const *> modelled;
    for (auto const &kind : kinds) {
        if (kind.model) {
            modelled.push_back(&kind);
        }
    }
    return modelled;
}

taxi_kind const &find_taxi_kind(std::string_view name)
{
    auto const it = std::ranges::find(kinds, name, &taxi_kind::name);
    if (it == kinds.end()) {
        fail(exit_code::usage, "unknown taxi kind {} (known: {})", quoted_value(name),
             fmt::join(taxi_kind_names(), ", "));
    }
    return *it;
}

std::string db_column_name(std::string_view header_name)
{
    return ascii_lower(header_name);
}

std::string trip_table_name(taxi_kind const &kind)
{
    return fmt::format("{}_tripdata", kind.name);
}

std::string staging_view_name(taxi_kind const &kind)
{
    return fmt::format("stg_{}", trip_table_name(kind));
}

} // namespace taxi_etl
