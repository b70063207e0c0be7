#include "taxi_etl/db_errors.hpp"
#include "taxi_etl/error.hpp"
#include "taxi_etl/pg.hpp"

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
        db_errors::rethrow_naming_file("green_tripdata_2019-01.csv");
    }
}

} // namespace

TEST_CASE("a data error of a row names the file")
{
    try {
        load_rows([] {
            throw pg::error{"database error",
                            "line 3, column fare_amount: invalid input syntax", "22P02",
                            false};
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
        load_rows([] {
            throw pg::error{"database error", "connection lost", "08006", true};
        });
        FAIL("nothing thrown");
    } catch (etl_error const &e) {
        CHECK(e.code() == exit_code::database);
        CHECK(std::string{e.what()} == "database error: connection lost");
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
