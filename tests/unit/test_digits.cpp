#include "taxi_etl/digits.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

TEST_CASE("digits are ASCII 0 to 9 only")
{
    CHECK(all_digits("0123456789"));
    CHECK_FALSE(all_digits(""));
    CHECK_FALSE(all_digits("12a"));
    CHECK_FALSE(all_digits("-1"));
    CHECK_FALSE(all_digits("+1"));
    CHECK_FALSE(all_digits(" 1"));
    CHECK_FALSE(all_digits("\xd9\xa1")); // ARABIC-INDIC DIGIT ONE
}

TEST_CASE("a whole number of a bounded count of digits")
{
    CHECK(parse_digits("2019", 4) == 2019);
    CHECK(parse_digits("08", 2) == 8); // decimal, not octal
    CHECK(parse_digits("0", 2) == 0);
    CHECK(parse_digits("000000000", 9) == 0);
    CHECK(parse_digits("999999999", 9) == 999999999);
    CHECK_FALSE(parse_digits("", 2));
    CHECK_FALSE(parse_digits("123", 2));
    CHECK_FALSE(parse_digits("1234567890", 12)); // more than an int surely holds
    CHECK_FALSE(parse_digits("-1", 2));
    CHECK_FALSE(parse_digits("+1", 2));
    CHECK_FALSE(parse_digits("1 ", 2));
    CHECK_FALSE(parse_digits("0x1", 3));
}

TEST_CASE("digits at a place, for text checked already")
{
    CHECK(digits_at("2019-02-15 23:59:58", 0, 4) == 2019);
    CHECK(digits_at("2019-02-15 23:59:58", 5, 2) == 2);
    CHECK(digits_at("2019-02-15 23:59:58", 17, 2) == 58);
}

TEST_CASE("real dates of the proleptic Gregorian calendar")
{
    CHECK(is_real_date(2019, 1, 31));
    CHECK_FALSE(is_real_date(2019, 4, 31));
    CHECK(is_real_date(2020, 2, 29));
    CHECK_FALSE(is_real_date(2019, 2, 29));
    CHECK_FALSE(is_real_date(1900, 2, 29)); // a century is not a leap year
    CHECK(is_real_date(2000, 2, 29));       // unless it divides by 400
    CHECK(is_real_date(0, 2, 29));
    CHECK_FALSE(is_real_date(2019, 0, 1));
    CHECK_FALSE(is_real_date(2019, 13, 1));
    CHECK_FALSE(is_real_date(2019, 1, 0));
}

TEST_CASE("dates are YYYY-MM-DD and real")
{
    auto const date = parse_date("2019-02-15");
    REQUIRE(date);
    CHECK(date->year == 2019);
    CHECK(date->month == 2);
    CHECK(date->day == 15);
    CHECK(parse_date("2020-02-29"));
    CHECK_FALSE(parse_date("2019-02-29"));
    CHECK_FALSE(parse_date("2019-2-15"));
    CHECK_FALSE(parse_date("2019-02-5"));
    CHECK_FALSE(parse_date("2019/02/15"));
    CHECK_FALSE(parse_date("2019-02-15 "));
    CHECK_FALSE(parse_date("2019--2-15"));
    CHECK_FALSE(parse_date("+019-02-15"));
    CHECK_FALSE(parse_date(""));
}

TEST_CASE("days from 1970-01-01")
{
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(1970, 1, 2) == 1);
    CHECK(days_from_civil(1969, 12, 31) == -1);
    CHECK(days_from_civil(2000, 1, 1) == 10957);
    CHECK(days_from_civil(2000, 3, 1) == 11017); // after a leap day
    CHECK(days_from_civil(2019, 1, 1) == 17897);
    CHECK(days_from_civil(1, 1, 1) == -719162);
}
