#include "taxi_etl/value_text.hpp"

#include "taxi_etl/digits.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace taxi_etl {

namespace {

// The plain decimals nearly every value is, without an exponent and with
// at most 15 significant digits, need no conversion: any decimal of 15
// significant digits or fewer reads as a double that no other such decimal
// reads as (DBL_DIG), so the shortest digits that read back as it are the
// field's own, without the zeros at either end. False for any other form,
// or a value PostgreSQL prints in exponent notation (below 1e-4).
bool append_short_decimal_text(std::string_view field, std::string &out)
{
    bool const negative = field.starts_with('-');
    if (negative || field.starts_with('+')) {
        field.remove_prefix(1);
    }
    auto const point = field.find('.');
    auto integer = field.substr(0, point);
    auto fraction =
        point == std::string_view::npos ? std::string_view{} : field.substr(point + 1);
    if ((integer.empty() && fraction.empty()) || !std::ranges::all_of(integer, is_digit) ||
        !std::ranges::all_of(fraction, is_digit)) {
        return false;
    }
    integer.remove_prefix(std::min(integer.find_first_not_of('0'), integer.size()));
    fraction = fraction.substr(0, fraction.find_last_not_of('0') + 1);
    if (integer.size() + fraction.size() > 15) {
        return false;
    }
    if (integer.empty() && fraction.empty()) {
        out += negative ? "-0" : "0";
        return true;
    }
    if (integer.empty() && fraction.find_first_not_of('0') > 3) {
        return false; // below 1e-4
    }
    if (negative) {
        out += '-';
    }
    if (integer.empty()) {
        out += '0';
    }
    out += integer;
    if (!fraction.empty()) {
        out += '.';
        out += fraction;
    }
    return true;
}

// Any plain number, by the shortest digits that read back as the same
// double.
std::optional<std::string> shortest_double_text(std::string_view field)
{
    auto const parsed = plain_number_value(field);
    if (!parsed) {
        return std::nullopt;
    }
    double const value = *parsed;
    if (value == 0.0) {
        return std::signbit(value) ? "-0" : "0";
    }
    // The shortest digits that read back as the same double: what
    // PostgreSQL prints with extra_float_digits > 0 (its Ryu-based output).
    std::array<char, 32> scientific{};
    auto const written =
        std::to_chars(scientific.data(), scientific.data() + scientific.size(), value,
                      std::chars_format::scientific);
    std::string_view const text{scientific.data(),
                                static_cast<std::size_t>(written.ptr - scientific.data())};
    auto const e = text.find('e');
    int exponent = 0;
    std::from_chars(text.data() + e + (text[e + 1] == '+' ? 2 : 1),
                    text.data() + text.size(), exponent);
    // PostgreSQL switches to exponent notation outside [1e-4, 1e15), like
    // printf's %g; those rare values are left to it.
    if (exponent < -4 || exponent >= 15) {
        return std::nullopt;
    }
    std::string digits;
    for (char c : text.substr(0, e)) {
        if (is_digit(c)) {
            digits += c;
        }
    }
    std::string out = value < 0 ? "-" : "";
    if (exponent < 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-exponent - 1), '0');
        out += digits;
        return out;
    }
    auto const integer_digits = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= integer_digits) {
        out += digits;
        out.append(integer_digits - digits.size(), '0');
        return out;
    }
    out += digits.substr(0, integer_digits);
    out += '.';
    out += digits.substr(integer_digits);
    return out;
}

} // namespace

std::optional<double> plain_number_value(std::string_view field)
{
    if (!is_plain_number(field)) {
        return std::nullopt;
    }
    if (field.front() == '+') { // from_chars takes no plus sign
        field.remove_prefix(1);
    }
    double value = 0.0;
    auto const [end, error] =
        std::from_chars(field.data(), field.data() + field.size(), value);
    if (error != std::errc{} || end != field.data() + field.size() ||
        !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

bool is_plain_number(std::string_view s)
{
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        ++i;
    }
    std::size_t digits = 0;
    while (i < s.size() && is_digit(s[i])) {
        ++i;
        ++digits;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && is_digit(s[i])) {
            ++i;
            ++digits;
        }
    }
    if (digits == 0) {
        return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
            ++i;
        }
        std::size_t exponent_digits = 0;
        while (i < s.size() && is_digit(s[i])) {
            ++i;
            ++exponent_digits;
        }
        if (exponent_digits == 0) {
            return false;
        }
    }
    return i == s.size();
}

bool append_pg_double_text(std::string_view field, std::string &out)
{
    if (append_short_decimal_text(field, out)) {
        return true;
    }
    auto const text = shortest_double_text(field);
    if (!text) {
        return false;
    }
    out += *text;
    return true;
}

std::optional<std::string> pg_double_text(std::string_view field)
{
    std::string text;
    if (!append_pg_double_text(field, text)) {
        return std::nullopt;
    }
    return text;
}

std::optional<std::string_view> pg_timestamp_text(std::string_view field)
{
    // Checked position by position, without a loop over a pattern: every
    // row has two of these, and the id and the tuple both need them.
    if (field.size() != 19 || field[4] != '-' || field[7] != '-' || field[10] != ' ' ||
        field[13] != ':' || field[16] != ':') {
        return std::nullopt;
    }
    constexpr std::array<std::size_t, 14> digit_at{0, 1,  2,  3,  5,  6,  8,
                                                   9, 11, 12, 14, 15, 17, 18};
    for (auto const at : digit_at) {
        if (!is_digit(field[at])) {
            return std::nullopt;
        }
    }
    // Second 60 is a leap second that PostgreSQL rolls over: left to it.
    int const year = digits_at(field, 0, 4);
    if (year < 1 || !is_real_date(year, digits_at(field, 5, 2), digits_at(field, 8, 2)) ||
        digits_at(field, 11, 2) > 23 || digits_at(field, 14, 2) > 59 ||
        digits_at(field, 17, 2) > 59) {
        return std::nullopt;
    }
    return field;
}

} // namespace taxi_etl
