#pragma once

// Calendar months as the tool speaks of them: "2019-01" on the command line,
// {year}/{month} in URLs, ranges for backfills, the month of a cron run.

#include <compare>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

struct year_month
{
    int year = 0;
    int month = 0; // 1..12

    auto operator<=>(year_month const &) const = default;

    [[nodiscard]] year_month next() const noexcept;
    [[nodiscard]] std::string to_string() const; // "2019-01"
};

// "2019-01" or "2019-1"; throws etl_error(usage) naming `option`.
year_month parse_year_month(std::string_view text, std::string_view option);

// The month containing DATE ("2019-02-15", a real calendar date) or
// "today" (the local date, as cron sees it).
year_month month_of_date(std::string_view text);

// The most months one backfill may cover: 100 years.
inline constexpr int max_range_months = 1200;

// Every month from first to last, inclusive; usage error if last < first or
// if that is more than max_range_months.
std::vector<year_month> month_range(year_month first, year_month last);

// The months ("YYYY-MM-01") of days given as "YYYY-MM-DD".
std::set<std::string> months_of_days(std::set<std::string> const &days);

} // namespace taxi_etl
