#pragma once

// What a file's rows must look like before its load may commit: a published
// month is never empty, and its pickups lie in that month. A fixed
// --source-url (no {month}) would otherwise load one month's rows under the
// name of every other month. Decided from the pickup days the client counts
// while the file streams (pickup_days.hpp): no pass of its own.

#include "taxi_etl/month.hpp"
#include "taxi_etl/source.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace taxi_etl {

// The rows of a file by pickup month, against the month asked for.
struct pickup_month_tally
{
    std::uint64_t counted = 0; // rows with a pickup (NULL pickups have no month)
    std::uint64_t outside = 0; // of those, picked up in another month
    std::string most_other;    // "YYYY-MM": the other month with the most rows
    std::uint64_t most_other_rows = 0;

    // Real files have about 0.1% of rows in other months; a file of another
    // month has nearly all. More than half decides.
    [[nodiscard]] bool mostly_other_months() const noexcept
    {
        return outside > counted - outside;
    }
};

// `day_rows`: "YYYY-MM-DD" -> rows, as pickup_day_counter::day_rows().
pickup_month_tally tally_pickup_months(std::map<std::string, std::uint64_t> const &day_rows,
                                       year_month asked);

// Throws etl_error(bad_data) when the file has no rows (unless
// `allow_empty`), or when it loads a month (source.month) and most of its
// rows were picked up in other months. `day_rows` absent: the client could
// not be sure of every pickup, and the months are not checked.
void check_file_rows(source_spec const &source, std::uint64_t rows,
                     std::optional<std::map<std::string, std::uint64_t>> const &day_rows,
                     bool allow_empty);

} // namespace taxi_etl
