#include "taxi_etl/partition.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace taxi_etl;

TEST_CASE("a partition is named after its file, readably")
{
    CHECK(partition_name("green_tripdata", "green_tripdata_2019-01.csv") ==
          "green_tripdata_2019_01");
    CHECK(partition_name("yellow_tripdata", "yellow_tripdata_2021-07.csv.gz") ==
          "yellow_tripdata_2021_07");
    // A local file of another name keeps the table's name in front.
    CHECK(partition_name("green_tripdata", "Local Copy.csv") ==
          "green_tripdata_local_copy");
    CHECK(partition_name("green_tripdata", "default") == "green_tripdata_default");
}

TEST_CASE("a partition's name fits in 63 bytes, its suffix included")
{
    std::string const long_name(100, 'x');
    auto const plain = partition_name("green_tripdata", long_name + ".csv");
    CHECK(plain.size() == 63);
    CHECK(plain.starts_with("green_tripdata_xxx"));

    auto const suffixed = partition_name("green_tripdata", long_name + ".csv", "0123abcd");
    CHECK(suffixed.size() == 63);
    CHECK(suffixed.ends_with("x_0123abcd"));
    CHECK(partition_name("green_tripdata", "green_tripdata_2019-01.csv", "0123abcd") ==
          "green_tripdata_2019_01_0123abcd");
}

TEST_CASE("bytes outside a-z, 0-9 and _ become _, so the name needs no quoting")
{
    CHECK(partition_name("fhv_tripdata", "fhv_tripdata_2019-01.csv\xc3\xa9") ==
          "fhv_tripdata_2019_01_csv__");
}

TEST_CASE("split_days: days under 1% of the file's rows are quiet, the rest busy")
{
    day_rows const days{
        {"2019-01-31", 3}, {"2019-02-01", 500}, {"2019-02-02", 496}, {"2019-03-01", 1}};
    auto const split = split_days(days);
    CHECK(split.busy == std::set<std::string>{"2019-02-01", "2019-02-02"});
    CHECK(split.quiet == std::set<std::string>{"2019-01-31", "2019-03-01"});
    // A day of exactly 1% is busy; a file of one day has no quiet day.
    CHECK(split_days({{"a", 1}, {"b", 99}}).busy == std::set<std::string>{"a", "b"});
    CHECK(split_days({{"a", 7}}).quiet.empty());
    CHECK(split_days({}).busy.empty());
}
