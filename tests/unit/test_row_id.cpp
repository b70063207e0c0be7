#include "taxi_etl/row_id.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>

using namespace taxi_etl;

// Every expected text below is what PostgreSQL 15 printed for
// 'input'::float8::text (extra_float_digits = 1, the default).
TEST_CASE("doubles are written as PostgreSQL writes them")
{
    std::pair<char const *, char const *> const cases[] = {
        {"6", "6"},
        {"6.0", "6"},
        {"6.00", "6"},
        {".86", "0.86"},
        {"0.86", "0.86"},
        {"1.50", "1.5"},
        {"-5.5", "-5.5"},
        {"-0", "-0"},
        {"-0.0", "-0"},
        {"0", "0"},
        {"0.0", "0"},
        {".5", "0.5"},
        {"2.75", "2.75"},
        {"123456.78", "123456.78"},
        {"0.01", "0.01"},
        {"1e3", "1000"},
        {"1.5E2", "150"},
        {"+1.5", "1.5"},
        {"0.30000000000000004", "0.30000000000000004"},
        {"2.675", "2.675"},
        {"100000000000000", "100000000000000"},
        {"999999999999999", "999999999999999"},
        {"1e14", "100000000000000"},
        {"0.0001", "0.0001"},
        {"0.00012345", "0.00012345"},
        {"123456789.123456789", "123456789.12345679"},
        {"1.7976931348623157", "1.7976931348623157"},
        {"19.05", "19.05"},
        {"12345678901234.5", "12345678901234.5"},
        {"-0.0001", "-0.0001"},
    };
    for (auto const &[input, expected] : cases) {
        INFO(input);
        auto const text = pg_double_text(input);
        REQUIRE(text);
        CHECK(*text == expected);
    }
}

// The short decimals are written without a conversion (their own digits);
// each must give what the shortest digits of its double give.
TEST_CASE("short decimals are written as the shortest digits of their double")
{
    auto shortest = [](std::string_view input) -> std::optional<std::string> {
        double value = 0;
        auto const digits = input.starts_with('+') ? input.substr(1) : input;
        std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (value == 0) {
            return std::signbit(value) ? "-0" : "0";
        }
        if (std::fabs(value) < 1e-4) {
            return std::nullopt;
        }
        std::array<char, 64> text{};
        auto const end = std::to_chars(text.data(), text.data() + text.size(), value,
                                       std::chars_format::fixed);
        return std::string(text.data(), end.ptr);
    };
    std::mt19937_64 random{14};
    for (int i = 0; i < 200000; ++i) {
        std::string input = random() % 8 == 0 ? "-" : (random() % 16 == 0 ? "+" : "");
        auto const integer_digits = random() % 9;
        auto const fraction_digits = random() % 9;
        for (std::size_t d = 0; d < integer_digits; ++d) {
            input += static_cast<char>('0' + random() % (d == 0 ? 3 : 10));
        }
        if (fraction_digits > 0 || random() % 4 == 0) {
            input += '.';
        }
        for (std::size_t d = 0; d < fraction_digits; ++d) {
            input += static_cast<char>('0' + random() % (random() % 3 == 0 ? 1 : 10));
        }
        INFO(input);
        if (integer_digits + fraction_digits == 0) {
            CHECK_FALSE(pg_double_text(input));
            continue;
        }
        CHECK(pg_double_text(input) == shortest(input));
    }
}

TEST_CASE("doubles PostgreSQL prints in exponent notation are left to it")
{
    // PostgreSQL: 1e+15, 1e-05, 1e-05, 1e+20, 5e-324, 1.2345678901234568e+18, 9.9e-05
    for (auto input :
         {"1e15", "1e-5", "0.00001", "1e20", "5e-324", "1234567890123456789", "0.000099"}) {
        INFO(input);
        CHECK_FALSE(pg_double_text(input));
    }
}

TEST_CASE("anything but a plain decimal number is left to PostgreSQL")
{
    for (auto input : {" 6", "6 ", "abc", "1e", "e5", ".", "-", "Infinity", "NaN", "0x10",
                       "1,5", "1e999", "--1", "1.2.3"}) {
        INFO(input);
        CHECK_FALSE(pg_double_text(input));
    }
}

TEST_CASE("canonical timestamps are taken as they are, others left to PostgreSQL")
{
    CHECK(pg_timestamp_text("2019-01-01 00:46:40") == "2019-01-01 00:46:40");
    CHECK(pg_timestamp_text("2020-02-29 23:59:59") == "2020-02-29 23:59:59");
    for (auto input : {"2019-02-29 10:00:00", "2019-02-30 10:00:00", "2019-13-01 10:00:00",
                       "2019-01-01 24:00:00", "2019-01-01 10:60:00", "2019-01-01 10:00:60",
                       "2019-01-01T00:46:40", "2019-1-1 00:46:40", "2019-01-01 00:46:40.5",
                       "0000-01-01 00:00:00", "2019-01-01"}) {
        INFO(input);
        CHECK_FALSE(pg_timestamp_text(input));
    }
}

namespace {

std::string run(std::string const &text, std::size_t step)
{
    row_id_writer writer{find_taxi_kind("green"), "g.csv"};
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += step) {
        writer.feed(std::string_view{text}.substr(i, step), out);
    }
    writer.finish(out);
    // The last record's timestamp is not canonical: its id is left to SQL.
    CHECK(writer.rows_without_id() == 1);
    return out;
}

} // namespace

TEST_CASE("each record gets its id in front, whatever the chunking")
{
    // md5('2' || '2019-01-01 00:46:40' || '2019-01-01 00:53:20' || '264' ||
    //     '264' || '6' || '0.86'), computed by PostgreSQL.
    std::string const text =
        "VendorID,lpep_pickup_datetime,lpep_dropoff_datetime,"
        "store_and_fwd_flag,RatecodeID,PULocationID,DOLocationID,"
        "passenger_count,trip_distance,fare_amount\n"
        "2,2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6.0\n"
        ",,,,,,,,,\n"
        "\"2\",\"2019-01-01 00:46:40\",2019-01-01 00:53:20,\"a,\n\"\"b\","
        "1,264,264,5,.86,6\n"
        "2,2019-01-01T00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6";
    std::string const expected_id = "40be9a6ee7037e70ee91a0cdd85ccf22";
    std::string const empty_id = "d41d8cd98f00b204e9800998ecf8427e"; // md5('')
    auto const expected =
        "unique_row_id,VendorID,lpep_pickup_datetime,lpep_dropoff_datetime,"
        "store_and_fwd_flag,RatecodeID,PULocationID,DOLocationID,"
        "passenger_count,trip_distance,fare_amount\n" +
        expected_id + ",2,2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6.0\n" +
        empty_id + ",,,,,,,,,,\n" + expected_id +
        ",\"2\",\"2019-01-01 00:46:40\",2019-01-01 00:53:20,\"a,\n\"\"b\","
        "1,264,264,5,.86,6\n"
        ",2,2019-01-01T00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6\n";
    for (std::size_t step : {1UL, 3UL, 17UL, text.size()}) {
        INFO(step);
        CHECK(run(text, step) == expected);
    }
}

TEST_CASE("the output is handed on before a record would overfill it")
{
    std::string text = "VendorID,lpep_pickup_datetime,lpep_dropoff_datetime,"
                       "store_and_fwd_flag,RatecodeID,PULocationID,DOLocationID,"
                       "passenger_count,trip_distance,fare_amount\n";
    for (int i = 0; i < 50; ++i) {
        text += "2,2019-01-01 00:46:40,2019-01-01 00:53:20,\"" + std::string(i * 7, 'N') +
                "\",1,264,264,5,.86,6.0\n";
    }
    row_id_writer whole{find_taxi_kind("green"), "g.csv"};
    std::string expected;
    whole.feed(text, expected);

    constexpr std::size_t limit = 700;
    row_id_writer writer{find_taxi_kind("green"), "g.csv"};
    std::string out;
    std::string sent;
    std::size_t flushes = 0;
    auto const flush = [&] {
        CHECK(out.size() <= limit);
        sent += out;
        out.clear();
        ++flushes;
        return true;
    };
    for (std::size_t i = 0; i < text.size(); i += 100) {
        REQUIRE(writer.feed(std::string_view{text}.substr(i, 100), out, limit, flush));
    }
    CHECK(sent + out == expected);
    CHECK(flushes > 10);

    // A flush that refuses stops the feed.
    row_id_writer stopped{find_taxi_kind("green"), "g.csv"};
    out.clear();
    CHECK_FALSE(stopped.feed(text, out, limit, [] { return false; }));
}

namespace {

// The id the writer puts in front of the one record after green_header
// (empty when it leaves the id to SQL).
std::string id_of(std::string const &record)
{
    row_id_writer writer{find_taxi_kind("green"), "g.csv"};
    std::string out;
    writer.feed("VendorID,lpep_pickup_datetime,lpep_dropoff_datetime,store_and_fwd_flag,"
                "RatecodeID,PULocationID,DOLocationID,passenger_count,trip_distance,"
                "fare_amount\n" +
                    record + "\n",
                out);
    writer.finish(out);
    auto const row = std::string_view{out}.substr(out.find('\n') + 1);
    return std::string{row.substr(0, row.find(','))};
}

} // namespace

TEST_CASE("a quote anywhere in a field gives the id of the value COPY stores")
{
    // COPY stores each of these as the plain row: "1"2 is 12, a""b is ab.
    std::string const plain =
        "2,2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6.0";
    std::string const plain_id = id_of(plain);
    REQUIRE(plain_id == "40be9a6ee7037e70ee91a0cdd85ccf22"); // PostgreSQL's
    for (std::string const record : {
             "\"2\",2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6.0",
             "\"\"2,2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6.0",
             "2\"\",2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6.0",
             "2,\"2019-01-01\" 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6.0",
             "2,2019-01-01 00:46:40,2019\"-01-\"01 00:53:20,N,1,264,264,5,.86,6.0",
             "2,2019-01-01 00:46:40,2019-01-01 "
             "00:53:20,\"N,\nY\",1,\"26\"4,2\"6\"4,5,.86,6.0",
             "2,2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,2\"\"64,5,\".\"86,\"6\".0",
             "2,2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.8\"6\",6\"\".\"\"0",
         }) {
        INFO(record);
        CHECK(id_of(record) == plain_id);
    }
    // A quoted empty text field is '', which COALESCE makes of NULL too.
    CHECK(id_of(",2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6.0") ==
          id_of("\"\",2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6.0"));
}

TEST_CASE("values COPY refuses or may store otherwise are left to SQL")
{
    for (std::string const record : {
             // "" is no NULL for a number or timestamp: COPY refuses it.
             "2,2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,\"\",6.0",
             "2,\"\",2019-01-01 00:46:40,N,1,264,264,5,.86,6.0",
             // Text that is not ASCII is stored in the database's encoding.
             "\xC3\xA9,2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6.0",
             "2,2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,\"26\xE2\x82\xAC\",264,5,.86,6",
             // Spaces inside quotes are data: PostgreSQL reads " 6" as 6.
             "2,2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,\" 6\"",
         }) {
        INFO(record);
        CHECK(id_of(record).empty());
    }
}

namespace {

std::optional<std::set<std::string>> days_of(std::string const &text)
{
    row_id_writer writer{find_taxi_kind("green"), "g.csv"};
    std::string out;
    writer.feed(text, out);
    writer.finish(out);
    return writer.pickup_days();
}

std::string const green_header = "VendorID,lpep_pickup_datetime,lpep_dropoff_datetime,"
                                 "store_and_fwd_flag,RatecodeID,PULocationID,DOLocationID,"
                                 "passenger_count,trip_distance,fare_amount\n";

} // namespace

TEST_CASE("the pickup days of the records are collected while streaming")
{
    auto const days =
        days_of(green_header + "2,2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,1,1,5,.86,6\n"
                               "2,2019-01-31 23:59:59,2019-02-01 00:10:00,N,1,1,1,5,.86,6\n"
                               "2,2008-12-31 23:59:59,2009-01-01 00:10:00,N,1,1,1,5,.86,6\n"
                               "2,,2019-01-01 00:53:20,N,1,1,1,5,.86,6\n"
                               "2,\"2019-02-01 00:00:00\",,N,1,1,1,5,.86,6\n"
                               "2,2019-01-05 10:00:00,2019-01-05 10:10:00,N,1,1,1,5,.86,6");
    REQUIRE(days);
    CHECK(*days == std::set<std::string>{"2008-12-31", "2019-01-01", "2019-01-05",
                                         "2019-01-31", "2019-02-01"});
}

TEST_CASE("the rows of each pickup day are counted, the days coming back")
{
    row_id_writer writer{find_taxi_kind("green"), "g.csv"};
    std::string out;
    writer.feed(green_header + "2,2019-01-01 00:46:40,,N,1,1,1,5,.86,6\n"
                               "2,2019-01-01 01:00:00,,N,1,1,1,5,.86,6\n"
                               "2,2018-12-31 23:00:00,,N,1,1,1,5,.86,6\n"
                               "2,,,N,1,1,1,5,.86,6\n"
                               "2,2019-01-01 02:00:00,,N,1,1,1,5,.86,6\n"
                               "2,2019-01-02 00:00:00,,N,1,1,1,5,.86,6",
                out);
    writer.finish(out);
    auto const rows = writer.pickup_day_rows();
    REQUIRE(rows);
    CHECK(*rows == std::map<std::string, std::uint64_t>{
                       {"2018-12-31", 1}, {"2019-01-01", 3}, {"2019-01-02", 1}});
}

TEST_CASE("a pickup the client is not sure of leaves the days to the database")
{
    for (std::string const pickup :
         {"2019-01-01T00:46:40", "2019-02-30 00:00:00", "Jan 1 2019", "2019-01-01 00:46"}) {
        INFO(pickup);
        CHECK_FALSE(days_of(green_header + "2,2019-01-01 00:46:40,,N,1,1,1,5,.86,6\n2," +
                            pickup + ",,N,1,1,1,5,.86,6\n"));
    }
    // A record too short to hold the id columns: COPY rejects it anyway.
    CHECK_FALSE(days_of(green_header + "2,2019-01-01 00:46:40\n"));
}

TEST_CASE("a reload's probe gets each record's pickup and id, whatever the chunking")
{
    // The records of the test above: ids as there; a record whose id is
    // left to SQL (pickup not canonical) or that is blank is left out, and
    // counted as without an id.
    std::string const text =
        green_header + "2,2019-01-01 00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6.0\n"
                       ",,,,,,,,,\n"
                       "\n"
                       "\"2\",\"2019-01-01 00:46:40\",2019-01-01 00:53:20,\"a,\n\"\"b\","
                       "1,264,264,5,.86,6\n"
                       "2,2019-01-01T00:46:40,2019-01-01 00:53:20,N,1,264,264,5,.86,6\n"
                       "2,2019-01-02 00:00:00,2019-01-01 00:53:20,N,1,264,264,5,.86,6";
    std::string const expected = "pickup,unique_row_id\n"
                                 "2019-01-01 00:46:40,40be9a6ee7037e70ee91a0cdd85ccf22\n"
                                 ",d41d8cd98f00b204e9800998ecf8427e\n"
                                 "2019-01-01 00:46:40,40be9a6ee7037e70ee91a0cdd85ccf22\n"
                                 "2019-01-02 00:00:00,";
    for (std::size_t step : {1UL, 3UL, 17UL, text.size()}) {
        INFO(step);
        row_id_writer writer{find_taxi_kind("green"), "g.csv", row_output::pickup_and_id};
        std::string out;
        for (std::size_t i = 0; i < text.size(); i += step) {
            writer.feed(std::string_view{text}.substr(i, step), out);
        }
        writer.finish(out);
        CHECK(out.starts_with(expected));
        CHECK(out.size() == expected.size() + 33); // the last id and its line end
        CHECK(writer.rows_without_id() == 2);
    }
}
