#include "taxi_etl/report.hpp"

#include "taxi_etl/printable.hpp"

#include <unistd.h>

#include <cstdio>

namespace taxi_etl {

namespace {

constexpr auto progress_interval = std::chrono::milliseconds{250};

double megabytes(std::uint64_t bytes)
{
    return static_cast<double>(bytes) / 1e6;
}

} // namespace

void log_line(std::string_view message)
{
    fmt::print(stderr, "taxi-etl: {}\n", one_line_message(message));
}

std::string format_summary(load_result const &result)
{
    if (result.unchanged) {
        // Nothing was read: no rows read, no rate.
        return fmt::format("{}: unchanged at the source and in the table, 0 inserted, {} "
                           "already present, nothing downloaded, {:.1f} s",
                           result.file_name, result.rows_present, result.seconds);
    }
    auto const rate =
        result.seconds > 0.0 ? static_cast<double>(result.rows_read) / result.seconds : 0.0;
    return fmt::format("{}: {} rows read, {} inserted, {} already present, "
                       "{:.1f} MB downloaded, {:.1f} s, {:.0f} rows/s",
                       result.file_name, result.rows_read, result.rows_inserted,
                       result.rows_present, megabytes(result.bytes_downloaded),
                       result.seconds, rate);
}

void progress_line::update(std::string_view label, std::uint64_t bytes, std::uint64_t lines)
{
    if (!m_enabled) {
        return;
    }
    auto const now = std::chrono::steady_clock::now();
    if (m_shown && now - m_last < progress_interval) {
        return;
    }
    m_last = now;
    m_shown = true;
    // \33[K clears what a longer previous line left behind.
    fmt::print(stderr, "\rtaxi-etl: {}: {:.1f} MB downloaded, {} rows\33[K",
               printable(label), megabytes(bytes), lines > 0 ? lines - 1 : 0);
    std::fflush(stderr);
}

void progress_line::clear()
{
    if (m_shown) {
        fmt::print(stderr, "\r\33[K");
        std::fflush(stderr);
        m_shown = false;
    }
}

bool stderr_is_terminal() noexcept
{
    return isatty(STDERR_FILENO) == 1;
}

} // namespace taxi_etl
