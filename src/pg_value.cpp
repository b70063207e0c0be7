#include "taxi_etl/pg_value.hpp"

#include "taxi_etl/error.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace taxi_etl::pg {

namespace {

template <typename T> T number(std::string_view text, std::string_view what)
{
    T value{};
    auto const [end, problem] =
        std::from_chars(text.data(), text.data() + text.size(), value);
    if (problem != std::errc{} || end != text.data() + text.size() || text.empty()) {
        fail(exit_code::internal, "the database returned {}, not {}", quoted_value(text),
             what);
    }
    return value;
}

} // namespace

std::string double_text(double value)
{
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "Infinity" : "-Infinity";
    }
    return fmt::format("{}", value); // the shortest text that reads back the same
}

template <> std::string from_text<std::string>(std::string_view text)
{
    return std::string{text};
}

template <> bool from_text<bool>(std::string_view text)
{
    if (text == "t" || text == "f") {
        return text == "t";
    }
    fail(exit_code::internal, "the database returned {}, not a boolean",
         quoted_value(text));
}

template <> int from_text<int>(std::string_view text)
{
    return number<int>(text, "an integer");
}

template <> std::int64_t from_text<std::int64_t>(std::string_view text)
{
    return number<std::int64_t>(text, "an integer");
}

template <> std::uint32_t from_text<std::uint32_t>(std::string_view text)
{
    return number<std::uint32_t>(text, "an oid");
}

template <> std::uint64_t from_text<std::uint64_t>(std::string_view text)
{
    return number<std::uint64_t>(text, "a count");
}

template <> double from_text<double>(std::string_view text)
{
    if (text == "NaN") {
        return std::nan("");
    }
    if (text == "Infinity" || text == "-Infinity") {
        return text.front() == '-' ? -HUGE_VAL : HUGE_VAL;
    }
    return number<double>(text, "a number");
}

} // namespace taxi_etl::pg
