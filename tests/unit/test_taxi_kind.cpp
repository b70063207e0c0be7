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
