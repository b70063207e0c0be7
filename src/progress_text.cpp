#include "taxi_etl/progress_text.hpp"

#include "taxi_etl/range_estimate.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace taxi_etl {

namespace {

double megabytes(std::uint64_t bytes)
{
    return static_cast<double>(bytes) / 1e6;
}

// The share of the source read, 0 to 1; nothing when its size is not known.
std::optional<double> share_read(read_figures const &read)
{
    if (read.total == 0) {
        return std::nullopt;
    }
    return std::min(1.0, static_cast<double>(read.bytes) / static_cast<double>(read.total));
}

// From the pace so far: steady enough for a download, and needs no history.
std::optional<double> seconds_left(double share, double seconds)
{
    if (share <= 0.0 || seconds <= 0.0) {
        return std::nullopt;
    }
    return seconds * (1.0 - share) / share;
}

std::string time_note(std::optional<double> left, double seconds)
{
    if (left) {
        return fmt::format("about {} left", format_duration(*left));
    }
    return fmt::format("{} elapsed", format_duration(seconds));
}

// "45%, 12.1 MB/s" or "3.2 MB, 1.1 MB/s", after the phase if any.
std::string month_note(running_month const &month)
{
    std::vector<std::string> parts;
    if (!month.phase.empty()) {
        parts.push_back(month.phase);
    }
    if (month.read) {
        auto const &read = *month.read;
        auto const share = share_read(read);
        parts.push_back(share ? fmt::format("{:.0f}%", std::floor(*share * 100.0))
                              : fmt::format("{:.1f} MB", megabytes(read.bytes)));
        if (read.seconds > 0.0) {
            parts.push_back(
                fmt::format("{:.1f} MB/s", megabytes(read.bytes) / read.seconds));
        }
    }
    if (parts.empty()) {
        return month.label;
    }
    return fmt::format("{} ({})", month.label, fmt::join(parts, ", "));
}

} // namespace

std::string format_duration(double seconds)
{
    auto const whole = static_cast<long long>(std::llround(std::max(0.0, seconds)));
    if (whole < 60) {
        return fmt::format("{}s", whole);
    }
    if (whole < 3600) {
        return fmt::format("{}m{:02d}s", whole / 60, whole % 60);
    }
    return fmt::format("{}h{:02d}m", whole / 3600, (whole % 3600) / 60);
}

std::string format_read_progress(read_figures const &read)
{
    auto const share = share_read(read);
    auto line = share ? fmt::format("{:.0f}% of {:.1f} MB", std::floor(*share * 100.0),
                                    megabytes(read.total))
                      : fmt::format("{:.1f} MB", megabytes(read.bytes));
    line += fmt::format(", {} rows", read.rows);
    if (read.seconds > 0.0) {
        line += fmt::format(", {:.1f} MB/s, {:.0f} rows/s",
                            megabytes(read.bytes) / read.seconds,
                            static_cast<double>(read.rows) / read.seconds);
    }
    auto const left = share ? seconds_left(*share, read.seconds) : std::nullopt;
    return line + ", " + time_note(left, read.seconds);
}

std::string format_range_progress(range_figures const &range)
{
    if (range.total == 0) { // every month skipped: no "0/0 months done"
        return {};
    }
    auto line = fmt::format("{}/{} months done", range.done, range.total);
    std::vector<std::string> running;
    for (auto const &month : range.running) {
        running.push_back(month_note(month));
    }
    if (!running.empty()) {
        line += fmt::format(", loading {}", fmt::join(running, ", "));
    }
    return line + ", " + time_note(range_seconds_left(range), range.seconds);
}

std::string fit_width(std::string line, std::size_t columns)
{
    if (columns < 2 || line.size() < columns) {
        return line;
    }
    auto cut = columns - 1;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0U) == 0x80U) {
        --cut; // a continuation byte: cut before its sequence
    }
    line.resize(cut);
    return line;
}

} // namespace taxi_etl
