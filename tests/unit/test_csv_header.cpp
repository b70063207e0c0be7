#include "taxi_etl/csv_header.hpp"
#include "taxi_etl/error.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

namespace {

constexpr std::string_view green_header =
    "VendorID,lpep_pickup_datetime,lpep_dropoff_datetime,store_and_fwd_flag,RatecodeID,"
    "PULocationID,DOLocationID,passenger_count,trip_distance,fare_amount,extra,mta_tax,"
    "tip_amount,tolls_amount,ehail_fee,improvement_surcharge,total_amount,payment_type,"
    "trip_type,congestion_surcharge";

constexpr std::string_view yellow_header =
    "VendorID,tpep_pickup_datetime,tpep_dropoff_datetime,passenger_count,trip_distance,"
    "RatecodeID,store_and_fwd_flag,PULocationID,DOLocationID,payment_type,fare_amount,"
    "extra,mta_tax,tip_amount,tolls_amount,improvement_surcharge,total_amount,"
    "congestion_surcharge";

taxi_kind const &green()
{
    return find_taxi_kind("green");
}

} // namespace

TEST_CASE("the real headers match their kinds")
{
    CHECK_FALSE(header_mismatch(green_header, green()));
    CHECK_FALSE(header_mismatch(yellow_header, find_taxi_kind("yellow")));
}

TEST_CASE("names are compared without case, quotes, spaces, CR or BOM")
{
    std::string upper{green_header};
    for (auto &c : upper) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    CHECK_FALSE(header_mismatch(upper, green()));
    CHECK_FALSE(header_mismatch(
        std::string{"\xEF\xBB\xBF"} + std::string{green_header} + "\r", green()));
    CHECK(parse_header("\"LocationID\", \"Borough\" ,Zone\r") ==
          std::vector<std::string>{"LocationID", "Borough", "Zone"});
}

TEST_CASE("a yellow header loaded as green is named as such")
{
    auto const problem = header_mismatch(yellow_header, green());
    REQUIRE(problem);
    CHECK(*problem == "the header is that of a yellow file, not green");
}

TEST_CASE("missing, extra and renamed columns are named")
{
    std::string missing{green_header};
    missing.resize(missing.rfind(','));
    CHECK(header_mismatch(missing, green()) ==
          "the header has 19 columns, green has 20: 'congestion_surcharge' is missing");

    auto const extra = std::string{green_header} + ",airport_fee";
    CHECK(header_mismatch(extra, green()) ==
          "the header has 21 columns, green has 20: 'airport_fee' is extra");

    std::string renamed{green_header};
    renamed.replace(renamed.find("fare_amount"), 11, "fare");
    CHECK(header_mismatch(renamed, green()) ==
          "header column 10 is 'fare', expected 'fare_amount' for green");
}

TEST_CASE("the guard holds text back until the header line is complete")
{
    header_guard guard{green(), "g.csv"};
    std::string const text = std::string{green_header} + "\n2,2019-01-01 00:00:00\n";
    std::string passed;
    for (char c : text) {
        passed.append(guard.feed(std::string_view{&c, 1}));
    }
    guard.finish();
    CHECK(passed == text);
    CHECK(guard.lines_seen() == 2);
}

TEST_CASE("the guard rejects a wrong header before passing anything on")
{
    header_guard guard{green(), "y.csv"};
    try {
        guard.feed(std::string{yellow_header} + "\n1,2\n");
        FAIL("no exception");
    } catch (etl_error const &e) {
        CHECK(e.code() == exit_code::bad_data);
        CHECK_THAT(e.what(),
                   Catch::StartsWith("y.csv: the header is that of a yellow file"));
    }
}

TEST_CASE("an empty source or one without a line end is checked too")
{
    header_guard empty{green(), "e.csv"};
    CHECK_THROWS_WITH(empty.finish(), Catch::Contains("empty"));

    header_guard header_only{green(), "h.csv"};
    CHECK(header_only.feed(green_header).empty());
    CHECK_NOTHROW(header_only.finish());

    header_guard huge{green(), "big.csv"};
    CHECK_THROWS_WITH(huge.feed(std::string(70000, 'x')),
                      Catch::Contains("no header line"));
}
