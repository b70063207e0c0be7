#include "taxi_etl/file_rows_check.hpp"

#include "taxi_etl/error.hpp"

#include <fmt/format.h>

#include <string_view>

namespace taxi_etl {

pickup_month_tally tally_pickup_months(std::map<std::string, std::uint64_t> const &day_rows,
                                       year_month asked)
{
    pickup_month_tally tally;
    auto const asked_text = asked.to_string();
    std::map<std::string_view, std::uint64_t> others;
    for (auto const &[day, rows] : day_rows) {
        tally.counted += rows;
        auto const month = std::string_view{day}.substr(0, 7);
        if (month != asked_text) {
            tally.outside += rows;
            others[month] += rows;
        }
    }
    for (auto const &[month, rows] : others) {
        if (rows > tally.most_other_rows) {
            tally.most_other = month;
            tally.most_other_rows = rows;
        }
    }
    return tally;
}

namespace {

// Where a file of another month most likely came from.
std::string_view likely_cause(source_spec const &source)
{
    return source.url_names_month
               ? "is the source serving another month's file under this name?"
               : "does --source-url lack {month}?";
}

} // namespace

void check_file_rows(source_spec const &source, std::uint64_t rows,
                     std::optional<std::map<std::string, std::uint64_t>> const &day_rows,
                     bool allow_empty)
{
    if (rows == 0 && !allow_empty) {
        fail(exit_code::bad_data,
             "{} has a header and no rows; a published month is never empty "
             "(--allow-empty loads it)",
             source.file_name);
    }
    if (!source.month || !day_rows) {
        return;
    }
    auto const tally = tally_pickup_months(*day_rows, *source.month);
    if (!tally.mostly_other_months()) {
        return;
    }
    // Real files have a few strays, so the month most rows are in is named
    // with its share rather than "all in 2019-01".
    fail(exit_code::bad_data, "{}: {} of {} rows have pickups outside {}, {} in {} ({})",
         source.file_name, tally.outside, tally.counted, source.month->to_string(),
         tally.most_other_rows, tally.most_other, likely_cause(source));
}

} // namespace taxi_etl
