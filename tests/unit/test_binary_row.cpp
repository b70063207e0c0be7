#include "taxi_etl/binary_copy.hpp"
#include "taxi_etl/binary_row.hpp"
#include "taxi_etl/copy_format.hpp"
#include "taxi_etl/error.hpp"

#include <catch2/catch.hpp>

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <string>

using namespace taxi_etl;

namespace {

std::uint64_t bits(double value)
{
    return std::bit_cast<std::uint64_t>(value);
}

// The big-endian integer of `bytes` bytes at `at`.
std::uint64_t read_be(std::string const &s, std::size_t at, int bytes)
{
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) {
        value =
            (value << 8U) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
    }
    return value;
}

} // namespace

TEST_CASE("float8 values are the bits float8in reads")
{
    // The expected bits are IEEE 754's for the decimal, and what glibc's
    // strtod (float8in's reader) gives.
    struct
    {
        char const *text;
        std::uint64_t expected;
    } const cases[] = {
        {"0.1", 0x3FB999999999999AULL},
        {".86", bits(0.86)},
        {"1e-320", 0x00000000000007E8ULL}, // denormal: float8in takes it
        {"4.9e-324", 0x0000000000000001ULL},
        {"1.7976931348623157e308", 0x7FEFFFFFFFFFFFFFULL},
        {"2.2250738585072011e-308", 0x000FFFFFFFFFFFFFULL},
        {"-0", 0x8000000000000000ULL},
        {"+1.5", bits(1.5)},
        {"5.", bits(5.0)},
        {"1e3", bits(1000.0)},
        {"0.30000000000000004", 0x3FD3333333333334ULL},
    };
    for (auto const &c : cases) {
        INFO(c.text);
        auto const value = pg_float8_value(c.text);
        REQUIRE(value);
        CHECK(bits(*value) == c.expected);
        CHECK(bits(*value) == bits(std::strtod(c.text, nullptr)));
    }
}

TEST_CASE("short decimals read as strtod reads them")
{
    // Every digit count and point position of the fast path, and past it.
    std::uint64_t seed = 14;
    auto const next = [&] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return seed >> 11U;
    };
    for (int i = 0; i < 200000; ++i) {
        auto const digits = 1 + next() % 17;
        std::string text = next() % 4 == 0 ? "-" : "";
        auto const point = next() % (digits + 1);
        for (std::uint64_t d = 0; d < digits; ++d) {
            if (d == point) {
                text += '.';
            }
            text += static_cast<char>('0' + next() % 10);
        }
        INFO(text);
        auto const value = pg_float8_value(text);
        REQUIRE(value);
        REQUIRE(bits(*value) == bits(std::strtod(text.c_str(), nullptr)));
    }
}

TEST_CASE("float8 forms the client is not sure of are left to the server")
{
    for (char const *text :
         {"",    " 5",   "5 ",    "NaN",   "nan",    "Infinity", "-Infinity",
          "inf", "0x10", "0x1p3", "1e400", "1e-400", "2.4e-324", "1.2.3",
          "+-1", "--1",  "e5",    "1e",    ".",      "5,0",      "1_000"}) {
        INFO(text);
        CHECK_FALSE(pg_float8_value(text));
    }
}

TEST_CASE("int4 values are what int4in reads")
{
    CHECK(pg_int4_value("5") == 5);
    CHECK(pg_int4_value("-5") == -5);
    CHECK(pg_int4_value("+7") == 7);
    CHECK(pg_int4_value("007") == 7);
    CHECK(pg_int4_value("-0") == 0);
    CHECK(pg_int4_value("2147483647") == INT32_MAX);
    CHECK(pg_int4_value("-2147483648") == INT32_MIN);
    for (char const *text : {"", "2147483648", "-2147483649", "1.0", " 1", "1 ", "0x1",
                             "1e3", "+-1", "-", "1_000", "0000000000000000000001"}) {
        INFO(text);
        CHECK_FALSE(pg_int4_value(text));
    }
}

TEST_CASE("timestamps are microseconds since 2000-01-01")
{
    CHECK(pg_timestamp_value("2000-01-01 00:00:00") == 0);
    CHECK(pg_timestamp_value("1999-12-31 23:59:59") == -1'000'000);
    CHECK(pg_timestamp_value("2019-01-01 00:00:00") == 6940LL * 86400 * 1'000'000);
    CHECK(pg_timestamp_value("2020-02-29 12:34:56") ==
          (7364LL * 86400 + 12 * 3600 + 34 * 60 + 56) * 1'000'000);
    CHECK(pg_timestamp_value("0001-01-01 00:00:00") == -730119LL * 86400 * 1'000'000);
    for (char const *text :
         {"", "2019-01-01 00:00:00.5", "2019-01-01T00:00:00", "2019-01-01 00:00:00+01",
          "01/02/2019 00:00:00", "2019-02-30 00:00:00", "2019-01-01 24:00:00",
          "2019-01-01 00:00:60", " 2019-01-01 00:00:00", "2019-01-01", "2019-1-1 0:0:0",
          "0000-01-01 00:00:00"}) {
        INFO(text);
        CHECK_FALSE(pg_timestamp_value(text));
    }
}

TEST_CASE("a record becomes one binary tuple")
{
    auto const &fhv = find_taxi_kind("fhv"); // text, timestamp, timestamp, 4 x text
    binary_row_encoder encoder{fhv};
    std::string out = "x";
    std::string const id(32, 'a');
    REQUIRE(encoder.encode(id, "B1,2019-01-01 00:00:00,,\"\",\"a,\"\"b\",7,", out));
    std::size_t at = 1;
    CHECK(read_be(out, at, 2) == 8); // id + 7 columns
    at += 2;
    CHECK(read_be(out, at, 4) == 32);
    CHECK(out.substr(at + 4, 32) == id);
    at += 36;
    CHECK(read_be(out, at, 4) == 2);
    CHECK(out.substr(at + 4, 2) == "B1");
    at += 6;
    CHECK(read_be(out, at, 4) == 8);
    CHECK(read_be(out, at + 4, 8) == 6940ULL * 86400 * 1'000'000);
    at += 12;
    CHECK(read_be(out, at, 4) == 0xFFFFFFFFULL); // unquoted empty: NULL
    at += 4;
    CHECK(read_be(out, at, 4) == 0); // quoted "": '' for text
    at += 4;
    CHECK(read_be(out, at, 4) == 4);
    CHECK(out.substr(at + 4, 4) == "a,\"b");
    at += 8;
    CHECK(read_be(out, at, 4) == 1);
    at += 5;
    CHECK(read_be(out, at, 4) == 0xFFFFFFFFULL);
    CHECK(out.size() == at + 4);

    std::string no_id;
    REQUIRE(encoder.encode("", "B1,,,,,,", no_id));
    CHECK(read_be(no_id, 2, 4) == 0xFFFFFFFFULL); // no id: NULL, filled by the load
}

TEST_CASE("a record with any value the client is not sure of is not encoded")
{
    auto const &green = find_taxi_kind("green");
    binary_row_encoder encoder{green};
    std::string const good = "2,2019-01-01 00:01:02,2019-01-01 00:11:02,N,1,74,75,1,"
                             "1.5,7.5,0.5,0.5,0,0,,0.3,8.8,2,1,0";
    std::string out;
    REQUIRE(encoder.encode("", good, out));
    auto const replace_field = [&](std::size_t index, std::string const &value) {
        std::string record;
        std::size_t field = 0;
        std::size_t start = 0;
        while (true) {
            auto const comma = good.find(',', start);
            auto const text = good.substr(start, comma - start);
            record += field == index ? value : text;
            if (comma == std::string::npos) {
                return record;
            }
            record += ',';
            start = comma + 1;
            ++field;
        }
    };
    struct
    {
        std::size_t index;
        char const *value;
    } const unsure[] = {
        {0, "caf\xc3\xa9"},            // non-ASCII text
        {3, "\"a\nb\""},               // a control byte in text
        {1, "2019-01-01 00:01:02.5"},  // fractional seconds
        {2, "2019-01-01 00:11:02+00"}, // a time zone
        {1, "01/01/2019 00:01:02"},    // another date style
        {1, "\"\""},                   // quoted "" for a timestamp
        {7, "1.0"},                    // not an integer
        {7, " 1"},                     // space
        {7, "99999999999"},            // out of range
        {8, "NaN"},                    // not a plain decimal
        {8, "Infinity"},
        {8, "0x1p3"},
        {8, " 5"},
        {8, "1e-400"}, // underflow
        {8, "1e400"},  // overflow
        {9, "\"\""},   // quoted "" for a double
    };
    for (auto const &c : unsure) {
        auto const record = replace_field(c.index, c.value);
        INFO(record);
        std::string rejected = "kept";
        CHECK_FALSE(encoder.encode("", record, rejected));
        CHECK(rejected == "kept");
    }
    std::string const one_too_many = good + ",1";
    for (std::string const &record :
         {std::string{}, std::string{"1,2"}, one_too_many, std::string{"\"open"}}) {
        std::string rejected;
        CHECK_FALSE(encoder.encode("", record, rejected));
        CHECK(rejected.empty());
    }
}

TEST_CASE("rows set aside come back in order and name their file line")
{
    set_aside_rows rows{64}; // spills after a few rows
    std::string expected;
    for (std::uint64_t i = 0; i < 50; ++i) {
        auto const row =
            i == 10 ? std::string{",\"two\nlines\",x\n"} : fmt::format("r{}\n", i);
        rows.add(100 + i * 3, row);
        expected += row;
    }
    CHECK(rows.count() == 50);
    std::string replayed;
    std::size_t chunks = 0;
    rows.replay(100, [&](std::string_view chunk) {
        CHECK(chunk.size() <= 100);
        replayed += chunk;
        ++chunks;
    });
    CHECK(replayed == expected);
    CHECK(chunks > 1);
    CHECK(rows.file_line(1) == 100);
    CHECK(rows.file_line(10) == 127);
    CHECK(rows.file_line(11) == 130); // the row of two lines: COPY names its second
    CHECK(rows.file_line(12) == 130 + 1);
    CHECK(rows.file_line(13) == 133);
    CHECK(rows.file_line(51) == 100 + 49 * 3);
    CHECK_FALSE(rows.file_line(52));
}

TEST_CASE("a file's records become binary data and rows set aside")
{
    auto const &fhv = find_taxi_kind("fhv");
    set_aside_rows rows;
    binary_copy_writer writer{fhv, "f.csv", rows};
    std::string out;
    std::string const text = "dispatching_base_num,pickup_datetime,dropOff_datetime,"
                             "PUlocationID,DOlocationID,SR_Flag,Affiliated_base_number\n"
                             "B1,2019-01-01 00:00:00,,1,2,,B1\n"
                             "\n"
                             "B2,2019-01-01 00:00:00.5,,1,2,,B2\n"
                             "B3,2019-01-01 00:00:00,,1,2,,B3";
    REQUIRE(writer.feed(text, out, std::string::npos, [] { return true; }));
    writer.finish(out);
    CHECK(out.starts_with(binary_copy_header()));
    CHECK(out.ends_with(binary_copy_trailer()));
    CHECK(rows.count() == 2); // the blank line and the fractional second
    std::string csv;
    rows.replay(1000, [&](std::string_view chunk) { csv += chunk; });
    CHECK(csv == "\n,B2,2019-01-01 00:00:00.5,,1,2,,B2\n");
    CHECK(rows.file_line(1) == 3);
    CHECK(rows.file_line(2) == 4);
    CHECK(writer.rows_without_id() == 1);
}

TEST_CASE("the COPY format option and the rule of auto")
{
    CHECK(parse_copy_format("auto") == copy_format::automatic);
    CHECK(parse_copy_format("binary") == copy_format::binary);
    CHECK(parse_copy_format("csv") == copy_format::csv);
    CHECK_THROWS_AS(parse_copy_format("text"), etl_error);
    CHECK(is_local_connection("/var/run/postgresql", ""));
    CHECK(is_local_connection("@abstract", ""));
    CHECK(is_local_connection("localhost", "127.0.0.1"));
    CHECK(is_local_connection("db", "::1"));
    CHECK_FALSE(is_local_connection("db.example.org", "10.0.0.5"));
    CHECK_FALSE(is_local_connection("10.0.0.5", "10.0.0.5"));
    CHECK(resolve_copy_format(copy_format::automatic, "db", "10.0.0.5") ==
          copy_format::csv);
    CHECK(resolve_copy_format(copy_format::automatic, "/tmp", "") == copy_format::binary);
    CHECK(resolve_copy_format(copy_format::csv, "/tmp", "") == copy_format::csv);
    CHECK(resolve_copy_format(copy_format::binary, "db", "10.0.0.5") ==
          copy_format::binary);
}
