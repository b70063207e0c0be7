#include "taxi_etl/text.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace taxi_etl;

TEST_CASE("names are compared without regard to the case of ASCII letters")
{
    CHECK(equal_ignoring_case("VendorID", "vendorid"));
    CHECK(equal_ignoring_case("LocationID", "LOCATIONID"));
    CHECK(equal_ignoring_case("", ""));
    CHECK(equal_ignoring_case("mb", "MB"));
    CHECK_FALSE(equal_ignoring_case("VendorID", "VendorI"));
    CHECK_FALSE(equal_ignoring_case("VendorID", "VendorIDs"));
    CHECK_FALSE(equal_ignoring_case("Zone", "Zona"));
    CHECK_FALSE(equal_ignoring_case("a_b", "a-b"));
}

TEST_CASE("ASCII letters in lower case, other bytes as they are")
{
    CHECK(ascii_lower("PULocationID") == "pulocationid");
    CHECK(ascii_lower("PassWord = X") == "password = x");
    CHECK(ascii_lower("") == "");
    CHECK(ascii_lower("\xc3\x89t\xc3\xa9") == "\xc3\x89t\xc3\xa9");
}

TEST_CASE("bytes are counted")
{
    CHECK(count_byte("", '\n') == 0);
    CHECK(count_byte("a\nb\nc", '\n') == 2);
    CHECK(count_byte("\n\n\n", '\n') == 3);
    CHECK(count_byte("\"a\",\"b\"", '"') == 4);
    CHECK(count_byte(std::string(100000, 'x') + "\n", '\n') == 1);
}
