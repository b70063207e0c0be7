#include "taxi_etl/taxi_kind.hpp"
#include "taxi_etl/trip_table.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

TEST_CASE("the row id is the course's md5 expression")
{
    // The course's flow casts the non-text columns only; a cast of text to
    // text changes nothing, and the integration tests check the values.
    CHECK(row_id_expression(find_taxi_kind("green")) ==
          "md5(COALESCE(CAST(vendorid AS text), '') || "
          "COALESCE(CAST(lpep_pickup_datetime AS text), '') || "
          "COALESCE(CAST(lpep_dropoff_datetime AS text), '') || "
          "COALESCE(CAST(pulocationid AS text), '') || "
          "COALESCE(CAST(dolocationid AS text), '') || "
          "COALESCE(CAST(fare_amount AS text), '') || "
          "COALESCE(CAST(trip_distance AS text), ''))");
}

TEST_CASE("column lists follow the header order")
{
    auto const &yellow = find_taxi_kind("yellow");
    CHECK_THAT(column_list(yellow),
               Catch::StartsWith("vendorid, tpep_pickup_datetime, tpep_dropoff_datetime, "
                                 "passenger_count, trip_distance, ratecodeid"));
    CHECK_THAT(column_definitions(yellow),
               Catch::StartsWith("vendorid text,\n    tpep_pickup_datetime timestamp,"));
    CHECK_THAT(column_definitions(yellow),
               Catch::EndsWith("congestion_surcharge double precision"));
}

TEST_CASE("array_literal quotes each value, so commas, quotes and backslashes stay in it")
{
    CHECK(array_literal({}) == "{}");
    CHECK(array_literal({"2019-01-01", "2019-01-02"}) == R"({"2019-01-01","2019-01-02"})");
    CHECK(array_literal({"a,b.csv", "c\"d.csv", "e\\f.csv"}) ==
          R"({"a,b.csv","c\"d.csv","e\\f.csv"})");
}
