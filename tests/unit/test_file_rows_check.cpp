#include "taxi_etl/error.hpp"
#include "taxi_etl/file_rows_check.hpp"
#include "taxi_etl/source.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace taxi_etl;

namespace {

using day_rows = std::map<std::string, std::uint64_t>;

source_spec march_2019(std::string_view url_template)
{
    return month_source(url_template, "green", {2019, 3});
}

std::string failure_of(source_spec const &source, std::uint64_t rows,
                       std::optional<day_rows> const &days, bool allow_empty = false)
{
    try {
        check_file_rows(source, rows, days, allow_empty);
    } catch (etl_error const &error) {
        CHECK(error.code() == exit_code::bad_data);
        return error.what();
    }
    return "";
}

} // namespace

TEST_CASE("pickups are tallied by month against the month asked for")
{
    auto const tally = tally_pickup_months({{"2019-02-28", 2},
                                            {"2019-03-01", 90},
                                            {"2019-03-31", 5},
                                            {"2019-04-01", 3},
                                            {"2018-03-10", 1},
                                            {"2019-04-02", 1}},
                                           {2019, 3});
    CHECK(tally.counted == 102);
    CHECK(tally.outside == 7);
    CHECK(tally.most_other == "2019-04");
    CHECK(tally.most_other_rows == 4);
    CHECK_FALSE(tally.mostly_other_months());
}

TEST_CASE("more than half of the rows in other months decides")
{
    CHECK_FALSE(tally_pickup_months({}, {2019, 3}).mostly_other_months());
    CHECK_FALSE(tally_pickup_months({{"2019-01-05", 5}, {"2019-03-05", 5}}, {2019, 3})
                    .mostly_other_months());
    CHECK(tally_pickup_months({{"2019-01-05", 6}, {"2019-03-05", 5}}, {2019, 3})
              .mostly_other_months());
    // A real month: about 0.1% strays.
    CHECK_FALSE(tally_pickup_months({{"2019-03-02", 999}, {"2019-02-28", 1}}, {2019, 3})
                    .mostly_other_months());
}

TEST_CASE("a month of another month's rows fails naming both months and the cause")
{
    auto const fixed = march_2019("http://mirror/green_tripdata_2019-01.csv.gz");
    CHECK(
        failure_of(fixed, 630918, day_rows{{"2019-01-01", 630000}, {"2019-01-31", 918}}) ==
        "green_tripdata_2019-03.csv: 630918 of 630918 rows have pickups outside 2019-03, "
        "630918 in 2019-01 (does --source-url lack {month}?)");
    auto const templated = march_2019("http://mirror/{taxi}_{year}-{month}.csv.gz");
    CHECK(failure_of(templated, 10,
                     day_rows{{"2019-01-01", 6}, {"2019-02-01", 3}, {"2019-03-01", 1}}) ==
          "green_tripdata_2019-03.csv: 9 of 10 rows have pickups outside 2019-03, 6 in "
          "2019-01 (is the source serving another month's file under this name?)");
}

TEST_CASE("a local file's pickups, or pickups not certain, are not checked")
{
    auto const local = file_source("/tmp/green_tripdata_2019-03.csv.gz");
    CHECK(failure_of(local, 5, day_rows{{"2019-01-01", 5}}).empty());
    auto const month = march_2019("http://mirror/{taxi}_{year}-{month}.csv.gz");
    CHECK(failure_of(month, 5, std::nullopt).empty());
    CHECK(failure_of(month, 5, day_rows{{"2019-03-01", 5}}).empty());
}

TEST_CASE("a file with a header and no rows fails unless allowed")
{
    auto const month = march_2019("http://mirror/{taxi}_{year}-{month}.csv.gz");
    CHECK(failure_of(month, 0, day_rows{}) ==
          "green_tripdata_2019-03.csv has a header and no rows; a published month is never "
          "empty (--allow-empty loads it)");
    CHECK(failure_of(month, 0, day_rows{}, true).empty());
    CHECK_FALSE(failure_of(file_source("x.csv"), 0, std::nullopt).empty());
}
