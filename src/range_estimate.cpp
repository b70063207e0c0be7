#include "taxi_etl/range_estimate.hpp"

#include <algorithm>

namespace taxi_etl {

namespace {

// Less reading than this, and a pace is a guess.
constexpr double min_reading_seconds = 1.0;

void add(reading &sum, std::uint64_t bytes, double seconds)
{
    sum.bytes += bytes;
    sum.seconds += seconds;
}

// What the range's reads have read, of the months done and running.
reading all_reads(range_figures const &range)
{
    auto sum = range.read;
    for (auto const &month : range.running) {
        add(sum, month.earlier.bytes, month.earlier.seconds);
        if (month.read) {
            add(sum, month.read->bytes, month.read->seconds);
        }
    }
    return sum;
}

// The bytes a month reads, on average.
std::optional<double> month_bytes(range_figures const &range)
{
    if (range.months_read > 0) {
        return static_cast<double>(range.read.bytes) /
               static_cast<double>(range.months_read);
    }
    double sizes = 0.0;
    std::size_t sized = 0;
    for (auto const &month : range.running) {
        if (month.read && month.read->total > 0) {
            sizes += static_cast<double>(month.earlier.bytes + month.read->total);
            ++sized;
        } else if (!month.read && month.earlier.bytes > 0) {
            sizes += static_cast<double>(month.earlier.bytes); // read, and merging
            ++sized;
        }
    }
    if (sized == 0) {
        return std::nullopt;
    }
    return sizes / static_cast<double>(sized);
}

double bytes_left(running_month const &month, double average)
{
    if (month.read && month.read->total > 0) {
        return static_cast<double>(month.read->total -
                                   std::min(month.read->bytes, month.read->total));
    }
    if (!month.read && month.earlier.bytes > 0) {
        return 0.0; // read, and merging
    }
    auto const read = month.earlier.bytes + (month.read ? month.read->bytes : 0);
    return std::max(0.0, average - static_cast<double>(read));
}

} // namespace

std::optional<double> range_seconds_left(range_figures const &range)
{
    auto const reads = all_reads(range);
    auto const average = month_bytes(range);
    if (reads.seconds < min_reading_seconds || reads.bytes == 0 || !average) {
        return std::nullopt;
    }
    double left = 0.0;
    for (auto const &month : range.running) {
        left += bytes_left(month, *average);
    }
    auto const started = range.done + range.running.size();
    if (range.total > started) {
        left += static_cast<double>(range.total - started) * *average;
    }
    auto const streams =
        static_cast<double>(std::max<std::size_t>(1, range.running.size()));
    auto const pace = static_cast<double>(reads.bytes) / reads.seconds;
    return left / (pace * streams);
}

} // namespace taxi_etl
