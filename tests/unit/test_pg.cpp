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

TEST_CASE("a transaction guard rolls back only an open transaction of its own connection")
{
    CHECK(pg::rolls_back_on_leaving(true, true, true, true));
    // Committed or rolled back already.
    CHECK_FALSE(pg::rolls_back_on_leaving(false, true, true, true));
    // A reconnect moved a new connection into its place: that one never
    // saw the BEGIN, and may be in a transaction of its own.
    CHECK_FALSE(pg::rolls_back_on_leaving(true, false, true, true));
    // The connection is gone: the server has rolled back.
    CHECK_FALSE(pg::rolls_back_on_leaving(true, true, false, true));
    // A COMMIT that failed has ended the block already.
    CHECK_FALSE(pg::rolls_back_on_leaving(true, true, true, false));
}
