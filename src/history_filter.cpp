#include "taxi_etl/history_filter.hpp"

#include "taxi_etl/digits.hpp"
#include "taxi_etl/error.hpp"
#include "taxi_etl/printable.hpp"
#include "taxi_etl/taxi_kind.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace taxi_etl::history {

namespace {

// A value given that must not be empty: "--schema ''" is a mistake, not
// "every schema".
std::string not_empty(std::optional<std::string> const &value, std::string_view option)
{
    if (value && value->empty()) {
        fail(exit_code::usage, "{} must not be empty", option);
    }
    return value.value_or("");
}

} // namespace

std::string parse_statuses(std::string_view text)
{
    std::string_view rest = text;
    while (true) {
        auto const comma = rest.find(',');
        auto const one = rest.substr(0, comma);
        if (std::ranges::find(run_statuses, one) == std::end(run_statuses)) {
            fail(exit_code::usage,
                 "--status must be running, succeeded, failed or interrupted (several: "
                 "comma separated), not {}",
                 quoted_value(text));
        }
        if (comma == std::string_view::npos) {
            return std::string{text};
        }
        rest.remove_prefix(comma + 1);
    }
}

std::string file_like_pattern(std::string_view glob)
{
    std::string like;
    for (char c : glob) {
        if (c == '*') {
            like += '%';
        } else if (c == '?') {
            like += '_';
        } else {
            if (c == '%' || c == '_' || c == '\\') {
                like += '\\';
            }
            like += c;
        }
    }
    return like;
}

void parse_since(std::string_view text, run_filter &filter)
{
    if (auto const date = parse_date(text)) {
        filter.since_date = std::string{text};
        return;
    }
    constexpr std::array<std::pair<char, std::int64_t>, 5> units{
        {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 7 * 86400}}};
    if (!text.empty()) {
        auto const *unit =
            std::ranges::find(units, text.back(), &std::pair<char, std::int64_t>::first);
        auto const count = parse_digits(text.substr(0, text.size() - 1), 9);
        if (unit != units.end() && count) {
            filter.since_seconds = static_cast<std::int64_t>(*count) * unit->second;
            return;
        }
    }
    fail(exit_code::usage,
         "--since must be a date (2026-12-01) or a duration (90s, 30m, 2h, 3d, 1w), not {}",
         quoted_value(text));
}

run_filter make_filter(history_options const &options)
{
    run_filter filter;
    if (!options.taxi.empty()) {
        filter.taxi = find_taxi_kind(options.taxi).name;
    }
    if (options.status) {
        filter.statuses = parse_statuses(*options.status);
    }
    filter.schema = not_empty(options.schema, "--schema");
    auto const file = not_empty(options.file, "--file");
    filter.file_like = file.empty() ? "" : file_like_pattern(file);
    if (options.since) {
        parse_since(*options.since, filter);
    }
    if (options.limit > 0) {
        filter.limit = static_cast<std::int64_t>(options.limit);
    }
    return filter;
}

} // namespace taxi_etl::history
