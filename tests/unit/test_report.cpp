#include "taxi_etl/report.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

TEST_CASE("the summary names the file and every count")
{
    load_result result{"green_tripdata_2019-01.csv", 630918, 630000, 918, 9'500'000, 5.0};
    result.file_bytes = 9'500'000;
    CHECK(format_summary(result) ==
          "green_tripdata_2019-01.csv: 630918 rows read, 630000 inserted, 918 already "
          "present, 9.5 MB downloaded, 5.0 s, 126184 rows/s");
}

TEST_CASE("a zero-second load does not divide by zero")
{
    load_result const result{"x.csv", 0, 0, 0, 0, 0.0};
    CHECK_THAT(format_summary(result), Catch::EndsWith("0 rows/s"));
}

TEST_CASE("a file found unchanged is not said to have been read")
{
    load_result result{"green_tripdata_2019-01.csv", 630918, 0, 630918, 0, 0.04};
    result.unchanged = true;
    CHECK(format_summary(result) ==
          "green_tripdata_2019-01.csv: unchanged at the source and in the table, 0 "
          "inserted, 630918 already present, nothing downloaded, 0.0 s");
}

TEST_CASE("a local file is read, not downloaded")
{
    load_result result{"green_tripdata_2019-01.csv", 10, 10, 0, 2'000'000, 1.0};
    result.file_bytes = 2'000'000;
    result.downloaded = false;
    CHECK_THAT(format_summary(result), Catch::Contains(", 2.0 MB read, 1.0 s"));
    result.unchanged = true;
    CHECK_THAT(format_summary(result), Catch::Contains("nothing read"));
}

TEST_CASE("a file read twice shows its size once, and that it was read twice")
{
    // Compared with the table (2 MB), then loaded in full (2 MB more).
    load_result result{"green_tripdata_2019-01.csv", 10, 1, 9, 4'000'000, 1.0};
    result.file_bytes = 2'000'000;
    result.read_twice = true;
    CHECK_THAT(format_summary(result),
               Catch::Contains(", 2.0 MB downloaded twice (compared, then loaded in full), "
                               "1.0 s"));
    result.downloaded = false;
    CHECK_THAT(
        format_summary(result),
        Catch::Contains(", 2.0 MB read twice (compared, then loaded in full), 1.0 s"));
}
