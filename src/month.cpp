#include "taxi_etl/month.hpp"

#include "taxi_etl/digits.hpp"
#include "taxi_etl/error.hpp"
#include "taxi_etl/printable.hpp"

#include <fmt/format.h>

#include <ctime>

namespace taxi_etl {

year_month year_month::next() const noexcept
{
    return month == 12 ? year_month{year + 1, 1} : year_month{year, month + 1};
}

std::string year_month::to_string() const
{
    return fmt::format("{:04d}-{:02d}", year, month);
}

year_month parse_year_month(std::string_view text, std::string_view option)
{
    if (text.find('-') == 4) {
        auto const year = parse_digits(text.substr(0, 4), 4);
        auto const month = parse_digits(text.substr(5), 2);
        if (year && month && *month >= 1 && *month <= 12) {
            return {*year, *month};
        }
    }
    fail(exit_code::usage, "{} must be a month such as 2019-01, not {}", option,
         quoted_value(text));
}

year_month month_of_date(std::string_view text)
{
    if (text == "today") {
        std::time_t const now = std::time(nullptr);
        std::tm local{};
        localtime_r(&now, &local);
        return {local.tm_year + 1900, local.tm_mon + 1};
    }
    if (auto const date = parse_date(text)) {
        return {date->year, date->month};
    }
    fail(exit_code::usage,
         "--for-date must be a date such as 2019-02-15, or 'today', not {}",
         quoted_value(text));
}

std::vector<year_month> month_range(year_month first, year_month last)
{
    if (last < first) {
        fail(exit_code::usage, "--to {} is before --from {}", last.to_string(),
             first.to_string());
    }
    // A typo such as --from 0001-01 would otherwise try thousands of years.
    auto const count = (last.year - first.year) * 12 + (last.month - first.month) + 1;
    if (count > max_range_months) {
        fail(exit_code::usage,
             "--from {} --to {} is {} months; a backfill covers at most {} (100 years)",
             first.to_string(), last.to_string(), count, max_range_months);
    }
    std::vector<year_month> months;
    months.reserve(static_cast<std::size_t>(count));
    for (auto m = first; m <= last; m = m.next()) {
        months.push_back(m);
    }
    return months;
}

std::set<std::string> months_of_days(std::set<std::string> const &days)
{
    std::set<std::string> months;
    for (auto const &day : days) {
        months.insert(day.substr(0, 7) + "-01");
    }
    return months;
}

} // namespace taxi_etl
