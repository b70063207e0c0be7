#include "taxi_etl/pg.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

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

TEST_CASE("typed parameters are sent in the text form PostgreSQL reads")
{
    CHECK(pg::to_param(std::string{"green"}) == "green");
    CHECK(pg::to_param(std::string_view{"yellow"}) == "yellow");
    CHECK(pg::to_param("fhv") == "fhv");
    CHECK(pg::to_param(std::string{}) == ""); // empty text, not NULL
    CHECK(pg::to_param(true) == "true");
    CHECK(pg::to_param(false) == "false");
    CHECK(pg::to_param(std::int64_t{-9007199254740993}) == "-9007199254740993");
    CHECK(pg::to_param(std::uint64_t{18446744073709551615U}) == "18446744073709551615");
    CHECK(pg::to_param(130) == "130");
    CHECK(pg::to_param(0.1) == "0.1");
    CHECK(pg::to_param(-2.5) == "-2.5");
    CHECK(pg::to_param(1e20) == "1e+20");
    CHECK(pg::to_param(std::numeric_limits<double>::infinity()) == "Infinity");
    CHECK(pg::to_param(-std::numeric_limits<double>::infinity()) == "-Infinity");
    CHECK(pg::to_param(std::numeric_limits<double>::quiet_NaN()) == "NaN");
}

TEST_CASE("an empty optional is sent as NULL, a full one as its value")
{
    CHECK_FALSE(pg::to_param(std::optional<std::uint64_t>{}).has_value());
    CHECK_FALSE(pg::to_param(std::optional<std::string>{}).has_value());
    CHECK(pg::to_param(std::optional<std::uint64_t>{0}) == "0");
    CHECK(pg::to_param(std::optional<std::string>{""}) == ""); // '' is not NULL
    CHECK(pg::to_param(std::optional<bool>{false}) == "false");
}

TEST_CASE("a double is sent as text that reads back the same value")
{
    for (double const value : {0.1, 1.0 / 3.0, 2.2250738585072014e-308,
                               1.7976931348623157e308, -0.0, 123456789.125}) {
        INFO(value);
        CHECK(pg::from_text<double>(*pg::to_param(value)) == value);
    }
}

TEST_CASE("column values are read from their text form")
{
    CHECK(pg::from_text<bool>("t"));
    CHECK_FALSE(pg::from_text<bool>("f"));
    CHECK(pg::from_text<std::int64_t>("-42") == -42);
    CHECK(pg::from_text<std::int64_t>("9223372036854775807") == 9223372036854775807);
    CHECK(pg::from_text<std::uint64_t>("18446744073709551615") == 18446744073709551615U);
    CHECK(pg::from_text<int>("2019") == 2019);
    CHECK(pg::from_text<double>("12.5") == 12.5);
    CHECK(pg::from_text<double>("Infinity") == std::numeric_limits<double>::infinity());
    CHECK(std::isnan(pg::from_text<double>("NaN")));
    CHECK(pg::from_text<std::string>("a b") == "a b");
}

TEST_CASE("a column value of another type is an internal error naming it")
{
    auto const refused = [](auto read) {
        try {
            read();
        } catch (etl_error const &e) {
            CHECK(e.code() == exit_code::internal);
            return std::string{e.what()};
        }
        FAIL("no error");
        return std::string{};
    };
    CHECK(refused([] { return pg::from_text<bool>("true"); }) ==
          "the database returned 'true', not a boolean");
    CHECK(refused([] { return pg::from_text<std::int64_t>("12x"); }).find("'12x'") !=
          std::string::npos);
    refused([] { return pg::from_text<std::int64_t>(""); });
    refused([] { return pg::from_text<std::uint64_t>("-1"); });
    refused([] { return pg::from_text<int>("99999999999"); });
    refused([] { return pg::from_text<double>("1.5 "); });
}
