#include "taxi_etl/pg.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

TEST_CASE("connect_timeout is read as libpq reads it, with a default of our own")
{
    CHECK(pg::connect_timeout_seconds("") == pg::default_connect_timeout_seconds);
    CHECK(pg::connect_timeout_seconds("  ") == pg::default_connect_timeout_seconds);
    CHECK(pg::connect_timeout_seconds("10") == 10);
    CHECK(pg::connect_timeout_seconds(" 10 ") == 10);
    CHECK(pg::connect_timeout_seconds("1") == 2); // libpq's minimum
    CHECK(pg::connect_timeout_seconds("0") == 0); // no limit
    CHECK(pg::connect_timeout_seconds("-3") == 0);
    for (auto bad : {"soon", "10s", "1.5", "99999999999"}) {
        CHECK_FALSE(pg::connect_timeout_seconds(bad).has_value());
    }
}
