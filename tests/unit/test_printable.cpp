#include "taxi_etl/error.hpp"
#include "taxi_etl/printable.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace taxi_etl;

TEST_CASE("printable text is kept as it is, UTF-8 letters included")
{
    CHECK(printable("green_tripdata_2019-01.csv") == "green_tripdata_2019-01.csv");
    CHECK(printable("Zoë's \xE2\x82\xAC") == "Zoë's \xE2\x82\xAC");
    CHECK(printable("a\\b") == "a\\b");
}

TEST_CASE("control characters are escaped, so a message stays one line")
{
    CHECK(printable("a\nb") == "a\\nb");
    CHECK(printable("name\r") == "name\\r");
    CHECK(printable("\tx") == "\\tx");
    CHECK(printable("\x1b[31mred") == "\\x1b[31mred");
    CHECK(printable(std::string{"nul\0x", 5}) == "nul\\x00x");
    CHECK(printable("del\x7f") == "del\\x7f");
    // C1 controls as UTF-8 (U+009B is CSI) and bytes that are not UTF-8.
    CHECK(printable("\xC2\x9B"
                    "2J") == "\\u009b2J");
    CHECK(printable("\x9B"
                    "2J") == "\\x9b2J");
    CHECK(printable("\xFF\xC3") == "\\xff\\xc3");
    CHECK(printable("\xE0\x80\x80") == "\\xe0\\x80\\x80"); // over-long
    CHECK(printable("\xED\xA0\x80") == "\\xed\\xa0\\x80"); // surrogate
}

TEST_CASE("escaping twice changes nothing")
{
    auto const once = printable("a\r\nb\x1b");
    CHECK(printable(once) == once);
}

TEST_CASE("a quoted value is cut to a bounded length, with its size")
{
    CHECK(quoted_value("lpep_pickup_datetime") == "'lpep_pickup_datetime'");
    std::string const long_name(61440, 'x');
    auto const shown = quoted_value(long_name);
    CHECK(shown == "'" + std::string(80, 'x') + "...' (61440 bytes)");
    // Never cut inside a character or an escape.
    CHECK(quoted_value("\xE2\x82\xAC\xE2\x82\xAC", 4) == "'\xE2\x82\xAC...' (6 bytes)");
    CHECK(quoted_value("ab\ncd", 3) == "'ab...' (5 bytes)");
}

TEST_CASE("a table cell is printable and cut to its width")
{
    CHECK(printable_cut("short", 10) == "short");
    CHECK(printable_cut("0123456789", 10) == "0123456789");
    CHECK(printable_cut("0123456789ab", 10) == "0123456...");
    CHECK(printable_cut("x\x1b]0;owned\x07", 60) == "x\\x1b]0;owned\\x07");
}

TEST_CASE("an error message is one bounded line, whatever it was made of")
{
    etl_error const error{exit_code::bad_data,
                          "cannot open a\nb.csv.gz: " + std::string(10000, 'y')};
    std::string const message = error.what();
    CHECK(message.find('\n') == std::string::npos);
    CHECK(message.starts_with("cannot open a\\nb.csv.gz: yyy"));
    CHECK(message.size() < max_message_bytes + 40);
    CHECK_THAT(message, Catch::EndsWith("... (10024 bytes in all)"));
}
