#include "taxi_etl/error.hpp"
#include "taxi_etl/month.hpp"

#include <catch2/catch.hpp>

#include <ctime>

using namespace taxi_etl;

TEST_CASE("months are written YYYY-MM and parsed with or without a zero")
{
    CHECK(parse_year_month("2019-01", "--from") == year_month{2019, 1});
    CHECK(parse_year_month("2021-7", "--to") == year_month{2021, 7});
    CHECK(year_month{2019, 3}.to_string() == "2019-03");
    for (auto bad : {"2019", "2019-13", "2019-00", "19-01", "2019/01", "2019-1x", ""}) {
        CHECK_THROWS_WITH(parse_year_month(bad, "--from"), Catch::Contains("--from"));
    }
}

TEST_CASE("the month of a date is the one a scheduled run loads")
{
    CHECK(month_of_date("2019-02-15") == year_month{2019, 2});
    CHECK(month_of_date("2020-02-29") == year_month{2020, 2});
    CHECK_THROWS_AS(month_of_date("2019-02-29"), etl_error);
    CHECK_THROWS_AS(month_of_date("2019-02-30"), etl_error);
    CHECK_THROWS_AS(month_of_date("2019-2-15"), etl_error);
    CHECK_THROWS_AS(month_of_date("yesterday"), etl_error);

    std::time_t const now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    auto const today = month_of_date("today");
    // Unless the test runs across midnight at the end of a month.
    CHECK(today == year_month{local.tm_year + 1900, local.tm_mon + 1});
}

TEST_CASE("ranges include both ends and cross years")
{
    auto const months = month_range({2019, 11}, {2020, 2});
    REQUIRE(months.size() == 4);
    CHECK(months.front() == year_month{2019, 11});
    CHECK(months[2] == year_month{2020, 1});
    CHECK(months.back() == year_month{2020, 2});
    CHECK(month_range({2019, 5}, {2019, 5}).size() == 1);
    CHECK_THROWS_WITH(month_range({2019, 5}, {2019, 4}),
                      Catch::Contains("--to 2019-04 is before --from 2019-05"));
}

TEST_CASE("a range covers at most 100 years")
{
    CHECK(month_range({1920, 2}, {2020, 1}).size() == 1200);
    CHECK_THROWS_WITH(month_range({1920, 1}, {2020, 1}),
                      Catch::Contains("--from 1920-01 --to 2020-01 is 1201 months; a "
                                      "backfill covers at most 1200 (100 years)"));
    CHECK_THROWS_WITH(month_range({1, 1}, {9999, 12}), Catch::Contains("119988 months"));
    auto const code = [] {
        try {
            month_range({1, 1}, {9999, 12});
        } catch (etl_error const &e) {
            return e.code();
        }
        return exit_code::success;
    }();
    CHECK(code == exit_code::usage);
}

TEST_CASE("the months of a set of days, once each")
{
    CHECK(months_of_days({"2008-12-31", "2019-01-01", "2019-01-31", "2019-02-01"}) ==
          std::set<std::string>{"2008-12-01", "2019-01-01", "2019-02-01"});
    CHECK(months_of_days({}).empty());
}
