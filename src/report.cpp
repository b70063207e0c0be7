#include "taxi_etl/report.hpp"

#include "taxi_etl/progress.hpp"

#include <unistd.h>

namespace taxi_etl {

namespace {

double megabytes(std::uint64_t bytes)
{
    return static_cast<double>(bytes) / 1e6;
}

// "21.0 MB downloaded", "21.0 MB read twice (compared, then loaded in full)":
// the file's size, which the user can compare with the source's, not the
// sum of two reads.
std::string bytes_note(load_result const &result)
{
    auto note = fmt::format("{:.1f} MB {}", megabytes(result.file_bytes),
                            result.downloaded ? "downloaded" : "read");
    if (result.read_twice) {
        note += " twice (compared, then loaded in full)";
    }
    return note;
}

} // namespace

void log_line(std::string_view message)
{
    progress_board::console().print_line(message);
}

std::string format_summary(load_result const &result)
{
    if (result.unchanged) {
        // Nothing was read: no rows read, no rate.
        return fmt::format("{}: unchanged at the source and in the table, 0 inserted, {} "
                           "already present, nothing {}, {:.1f} s",
                           result.file_name, result.rows_present,
                           result.downloaded ? "downloaded" : "read", result.seconds);
    }
    auto const rate =
        result.seconds > 0.0 ? static_cast<double>(result.rows_read) / result.seconds : 0.0;
    return fmt::format("{}: {} rows read, {} inserted, {} already present, "
                       "{}, {:.1f} s, {:.0f} rows/s",
                       result.file_name, result.rows_read, result.rows_inserted,
                       result.rows_present, bytes_note(result), result.seconds, rate);
}

bool stderr_is_terminal() noexcept
{
    return isatty(STDERR_FILENO) == 1;
}

} // namespace taxi_etl
