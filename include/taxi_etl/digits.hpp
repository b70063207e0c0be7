#pragma once

// Decimal digits and calendar dates read from text, for the command line's
// months and dates and for the timestamps of trip files alike. Digits are
// ASCII '0'..'9' only: no sign, no space, no locale.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace taxi_etl {

constexpr bool is_digit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

// Not empty, and nothing but digits.
bool all_digits(std::string_view text) noexcept;

// A whole number of 1 to max_digits digits (at most 9): "08" is 8, not
// octal; nothing for anything else.
std::optional<int> parse_digits(std::string_view text, std::size_t max_digits);

// The number the `count` digits at `at` make, unchecked: for text whose
// digits are checked already (a row's timestamp, read for every row).
constexpr int digits_at(std::string_view text, std::size_t at, std::size_t count) noexcept
{
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

struct civil_date
{
    int year = 0;
    int month = 0; // 1..12
    int day = 0;   // 1..31
};

// Whether the day exists in the proleptic Gregorian calendar (year 0 is a
// leap year, as in ISO 8601).
bool is_real_date(int year, int month, int day) noexcept;

// "YYYY-MM-DD", a real date; nothing for anything else.
std::optional<civil_date> parse_date(std::string_view text);

// Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept;

} // namespace taxi_etl
