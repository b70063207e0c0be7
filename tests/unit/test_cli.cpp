#include "taxi_etl/error.hpp"
#include "taxi_etl/options.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

namespace {

exit_code code_of(load_options const &options)
{
    try {
        make_load_request(options);
    } catch (etl_error const &e) {
        return e.code();
    }
    return exit_code::success;
}

load_options green_2019_01()
{
    load_options options;
    options.taxi = "green";
    options.year = "2019";
    options.month = "01";
    return options;
}

} // namespace

TEST_CASE("years are four digits")
{
    CHECK(parse_year("2019") == 2019);
    for (auto bad : {"19", "20190", "", "2O19", "-201", "+2019"}) {
        CHECK_THROWS_AS(parse_year(bad), etl_error);
    }
}

TEST_CASE("months are 1-12 with or without a leading zero")
{
    CHECK(parse_month("1") == 1);
    CHECK(parse_month("01") == 1);
    CHECK(parse_month("08") == 8); // not octal
    CHECK(parse_month("09") == 9);
    CHECK(parse_month("12") == 12);
    for (auto bad : {"0", "00", "13", "001", "", "1a", "-1", " 1"}) {
        CHECK_THROWS_WITH(parse_month(bad), Catch::Contains("--month"));
    }
}

TEST_CASE("a month request gets the templated URL and the course's file name")
{
    auto options = green_2019_01();
    options.source.source_url =
        "http://127.0.0.1:1234/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz";
    options.month = "3";
    auto const request = make_load_request(options);
    CHECK(request.kind->name == "green");
    CHECK(request.source.is_url);
    CHECK(request.source.location ==
          "http://127.0.0.1:1234/green/green_tripdata_2019-03.csv.gz");
    CHECK(request.source.file_name == "green_tripdata_2019-03.csv");
    CHECK(request.schema == "public");
}

TEST_CASE("without --source-url the GitHub release is used")
{
    auto const request = make_load_request(green_2019_01());
    CHECK(request.source.location.starts_with(
        "https://github.com/DataTalksClub/nyc-tlc-data/releases/download/green/"));
}

TEST_CASE("a local file given with --file is loaded under its own name")
{
    load_options options;
    options.taxi = "yellow";
    options.file = "/data/yellow_tripdata_2020-02.csv.gz";
    auto const request = make_load_request(options);
    CHECK_FALSE(request.source.is_url);
    CHECK(request.source.file_name == "yellow_tripdata_2020-02.csv");
}

TEST_CASE("bad option values are usage errors")
{
    auto options = green_2019_01();
    CHECK(code_of(options) == exit_code::success);

    options.taxi = "blue";
    CHECK(code_of(options) == exit_code::usage);

    options = green_2019_01();
    options.month = "13";
    CHECK(code_of(options) == exit_code::usage);

    options = green_2019_01();
    options.year = "19";
    CHECK(code_of(options) == exit_code::usage);

    options = green_2019_01();
    options.month = "";
    CHECK(code_of(options) == exit_code::usage);

    options = green_2019_01();
    options.file = "/tmp/x.csv.gz";
    CHECK(code_of(options) == exit_code::usage);

    options = green_2019_01();
    options.source.source_url = "http://x/{day}";
    CHECK(code_of(options) == exit_code::usage);

    options = green_2019_01();
    options.source.schema = "";
    CHECK(code_of(options) == exit_code::usage);
}

TEST_CASE("URLs are checked before anything else; an empty --source-url is an error")
{
    auto options = green_2019_01();
    options.source.source_url = "";
    CHECK(code_of(options) == exit_code::usage);
    options.source.source_url = "ftp://h/{taxi}.gz";
    CHECK(code_of(options) == exit_code::usage);
    options.source.source_url = "/data/{taxi}.gz";
    CHECK(code_of(options) == exit_code::usage);
    options.source.source_url = "http://h/{taxi} {year}.gz";
    CHECK(code_of(options) == exit_code::usage);

    options = green_2019_01();
    options.source.zones_url = "ftp://h/zones.csv";
    CHECK(code_of(options) == exit_code::usage);
    options.source.zones_url = "/data/taxi_zone_lookup.csv"; // a local path
    CHECK(code_of(options) == exit_code::success);

    backfill_options backfill;
    backfill.taxi = "green";
    backfill.from = "2019-01";
    backfill.to = "2019-02";
    backfill.source.source_url = "ftp://h/{taxi}";
    CHECK_THROWS_AS(make_backfill_request(backfill), etl_error);
    backfill.source.source_url = "";
    CHECK_THROWS_AS(make_backfill_request(backfill), etl_error);
}
