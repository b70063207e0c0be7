#include "taxi_etl/error.hpp"
#include "taxi_etl/taxi_kind.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace taxi_etl;

TEST_CASE("the known kinds are green, yellow and fhv, in that order")
{
    CHECK(taxi_kind_names() == std::vector<std::string>{"green", "yellow", "fhv"});
}

TEST_CASE("fhv is one more entry: its columns, types and id")
{
    auto const &fhv = find_taxi_kind("fhv");
    REQUIRE(fhv.columns.size() == 7);
    CHECK(fhv.columns[1].header_name == "pickup_datetime");
    CHECK(fhv.columns[1].type == column_type::timestamp);
    CHECK(fhv.columns[2].type == column_type::timestamp);
    CHECK(fhv.columns[5].type == column_type::text);
    CHECK(fhv.row_id_columns.size() == 5);
    CHECK(db_column_name("dropOff_datetime") == "dropoff_datetime");
}

TEST_CASE("unknown kinds are a usage error naming the known ones")
{
    try {
        find_taxi_kind("blue");
        FAIL("no exception");
    } catch (etl_error const &e) {
        CHECK(e.code() == exit_code::usage);
        CHECK_THAT(e.what(),
                   Catch::Contains("'blue'") && Catch::Contains("green, yellow, fhv"));
    }
}

TEST_CASE("column counts and the types of the course's tables")
{
    auto const &green = find_taxi_kind("green");
    auto const &yellow = find_taxi_kind("yellow");
    CHECK(green.columns.size() == 20);
    CHECK(yellow.columns.size() == 18);

    auto type_of = [](taxi_kind const &kind, std::string_view name) {
        auto it = std::ranges::find(kind.columns, name, &column_spec::header_name);
        REQUIRE(it != kind.columns.end());
        return it->type;
    };
    for (auto const *kind : {&green, &yellow}) {
        CHECK(type_of(*kind, "VendorID") == column_type::text);
        CHECK(type_of(*kind, "RatecodeID") == column_type::text);
        CHECK(type_of(*kind, "PULocationID") == column_type::text);
        CHECK(type_of(*kind, "store_and_fwd_flag") == column_type::text);
        CHECK(type_of(*kind, "passenger_count") == column_type::integer);
        CHECK(type_of(*kind, "payment_type") == column_type::integer);
        CHECK(type_of(*kind, "fare_amount") == column_type::double_precision);
        CHECK(type_of(*kind, "congestion_surcharge") == column_type::double_precision);
    }
    CHECK(type_of(green, "lpep_pickup_datetime") == column_type::timestamp);
    CHECK(type_of(green, "trip_type") == column_type::integer);
    CHECK(type_of(green, "ehail_fee") == column_type::double_precision);
    CHECK(type_of(yellow, "tpep_dropoff_datetime") == column_type::timestamp);
}

TEST_CASE("every row id column is a column of its kind")
{
    for (auto const &kind : taxi_kinds()) {
        for (auto const &name : kind.row_id_columns) {
            CHECK(std::ranges::find(kind.columns, name, &column_spec::header_name) !=
                  kind.columns.end());
        }
    }
}

TEST_CASE("database names are the header names folded to lower case")
{
    CHECK(db_column_name("PULocationID") == "pulocationid");
    CHECK(trip_table_name(find_taxi_kind("yellow")) == "yellow_tripdata");
    CHECK(pg_type_name(column_type::double_precision) == "double precision");
}

TEST_CASE("the modelled kinds are green and yellow, with what the models read of them")
{
    auto const modelled = modelled_kinds();
    REQUIRE(modelled.size() == 2);
    CHECK(modelled[0]->name == "green");
    CHECK(modelled[1]->name == "yellow");
    CHECK(modelled[0]->model->service_type == "Green");
    CHECK(modelled[1]->model->service_type == "Yellow");
    CHECK(staging_view_name(*modelled[0]) == "stg_green_tripdata");
    CHECK(staging_view_name(*modelled[1]) == "stg_yellow_tripdata");
    CHECK(modelled[1]->dropoff_column == "tpep_dropoff_datetime");
    CHECK_FALSE(find_taxi_kind("fhv").model.has_value());
}

TEST_CASE("every kind's pickup and dropoff are timestamp columns of its own")
{
    for (auto const &kind : taxi_kinds()) {
        INFO(kind.name);
        for (auto const column : {kind.pickup_column, kind.dropoff_column}) {
            auto const it =
                std::ranges::find(kind.columns, column, &column_spec::header_name);
            REQUIRE(it != kind.columns.end());
            CHECK(it->type == column_type::timestamp);
        }
    }
}

TEST_CASE("a model's trip_type and ehail_fee are a column of the kind, or a constant")
{
    auto const is_column_or_number = [](taxi_kind const &kind, std::string_view expr) {
        auto const is_column =
            std::ranges::find(kind.columns, expr, [](column_spec const &column) {
                return db_column_name(column.header_name);
            }) != kind.columns.end();
        return is_column || (!expr.empty() && std::ranges::all_of(expr, [](char c) {
                   return c >= '0' && c <= '9';
               }));
    };
    for (auto const *kind : modelled_kinds()) {
        INFO(kind->name);
        CHECK(is_column_or_number(*kind, kind->model->trip_type));
        CHECK(is_column_or_number(*kind, kind->model->ehail_fee));
    }
    CHECK(find_taxi_kind("green").model->trip_type == "trip_type");
    CHECK(find_taxi_kind("yellow").model->ehail_fee == "0");
}
