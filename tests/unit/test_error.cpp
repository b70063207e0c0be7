#include "taxi_etl/error.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace taxi_etl;

namespace {

// What a caller of rethrow_naming_file throws on when `thrown` escapes.
template <typename TThrow> void load_rows(TThrow const &thrown)
{
    try {
        thrown();
    } catch (...) {
        rethrow_naming_file("green_tripdata_2019-01.csv");
    }
}

} // namespace

TEST_CASE("a data error of a row names the file")
{
    try {
        load_rows([] {
            fail(exit_code::bad_data, "line 3, column fare_amount: invalid input syntax");
        });
        FAIL("nothing thrown");
    } catch (etl_error const &e) {
        CHECK(e.code() == exit_code::bad_data);
        CHECK(std::string{e.what()} ==
              "bad row in green_tripdata_2019-01.csv: line 3, column fare_amount: "
              "invalid input syntax");
    }
}

TEST_CASE("other errors go on as they are")
{
    try {
        load_rows([] { fail(exit_code::database, "connection lost"); });
        FAIL("nothing thrown");
    } catch (etl_error const &e) {
        CHECK(e.code() == exit_code::database);
        CHECK(std::string{e.what()} == "connection lost");
    }
    CHECK_THROWS_AS(load_rows([] { throw std::bad_alloc{}; }), std::bad_alloc);
    try {
        load_rows(
            [] { fail_transient(exit_code::network, std::chrono::seconds{5}, "503"); });
        FAIL("nothing thrown");
    } catch (etl_error const &e) {
        CHECK(e.is_transient());
        CHECK(e.retry_after() == std::chrono::seconds{5});
    }
}
