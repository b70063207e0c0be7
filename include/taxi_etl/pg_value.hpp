#pragma once

// Values to and from PostgreSQL's text form: statement parameters are sent
// as text (std::nullopt: NULL), and results are read as text. Pure
// functions, so that what a parameter becomes is tested without a server.

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace taxi_etl::pg {

// A parameter as sent: its text form, or nothing for NULL.
using param = std::optional<std::string>;

template <typename T> struct is_optional : std::false_type
{
};
template <typename T> struct is_optional<std::optional<T>> : std::true_type
{
};

// What a statement takes as a parameter: text, an integer, a bool, a
// double, or an optional of one (empty: NULL).
template <typename T>
concept param_value = std::convertible_to<T const &, std::string_view> ||
                      std::same_as<T, bool> ||
                      (std::integral<T> && !std::same_as<T, char>) ||
                      std::floating_point<T> || is_optional<T>::value;

// A double as PostgreSQL's float8 reads it back to the same value:
// "0.1", "1e+20", "Infinity", "-Infinity", "NaN".
std::string double_text(double value);

template <param_value T> param to_param(T const &value)
{
    if constexpr (is_optional<T>::value) {
        return value ? to_param(*value) : param{};
    } else if constexpr (std::same_as<T, bool>) {
        return std::string{value ? "true" : "false"};
    } else if constexpr (std::integral<T>) {
        return std::to_string(value);
    } else if constexpr (std::floating_point<T>) {
        return double_text(static_cast<double>(value));
    } else {
        return std::string{std::string_view{value}};
    }
}

// A column's text form read as T: a string, bool ("t"/"f"), integer or
// double. Anything else fails with etl_error(internal): the statement
// returned what its caller does not expect.
template <typename T> T from_text(std::string_view text);

template <> std::string from_text<std::string>(std::string_view text);
template <> bool from_text<bool>(std::string_view text);
template <> int from_text<int>(std::string_view text);
template <> std::int64_t from_text<std::int64_t>(std::string_view text);
template <> std::uint32_t from_text<std::uint32_t>(std::string_view text); // an oid
template <> std::uint64_t from_text<std::uint64_t>(std::string_view text);
template <> double from_text<double>(std::string_view text);

} // namespace taxi_etl::pg
