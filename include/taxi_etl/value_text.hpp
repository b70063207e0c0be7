#pragma once

// The text PostgreSQL prints for the values of a trip file's fields, as the
// row id hashes it (README.md, "The tables"), for the values whose text form is
// certain: canonical timestamps and decimal numbers printed in fixed
// notation.

#include <optional>
#include <string>
#include <string_view>

namespace taxi_etl {

// The plain decimal forms the TLC writes: "6", "-5.5", ".86", "1.50", "1e3".
// Anything else (spaces, "Infinity", hex) is left to PostgreSQL.
bool is_plain_number(std::string_view s);

// The double PostgreSQL's float8in reads from a plain number (correctly
// rounded, as strtod and std::from_chars both are); nothing for any other
// form, and for one out of range (overflow, or underflow to zero), which
// float8in refuses. A denormal is a value for both.
std::optional<double> plain_number_value(std::string_view field);

// What CAST(x AS text) gives for the double precision value that
// PostgreSQL reads from `field` (with extra_float_digits = 1, the default):
// "6" for "6.0", "0.86" for ".86". Nothing when unsure: a value PostgreSQL
// would print in exponent notation, or one it might read differently.
std::optional<std::string> pg_double_text(std::string_view field);

// The same text appended to `out`, without making a string of its own;
// false (and `out` as it was) when unsure.
bool append_pg_double_text(std::string_view field, std::string &out);

// What CAST(x AS text) gives for the timestamp read from `field` (DateStyle
// ISO): the field itself when it is a valid "YYYY-MM-DD HH:MM:SS"; nothing
// for any other form.
std::optional<std::string_view> pg_timestamp_text(std::string_view field);

} // namespace taxi_etl
