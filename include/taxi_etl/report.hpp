#pragma once

// What a run tells its user on stderr: log lines, a progress line on a
// terminal, and the summary of each load.

#include "taxi_etl/load_result.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace taxi_etl {

void log_line(std::string_view message);

template <typename... TArgs>
void log_info(fmt::format_string<TArgs...> format, TArgs &&...args)
{
    log_line(fmt::format(format, std::forward<TArgs>(args)...));
}

// "green_tripdata_2019-01.csv: 630918 rows read, 630918 inserted, 0 already
// present, 8.9 MB downloaded, 6.2 s, 101761 rows/s"
std::string format_summary(load_result const &result);

// A single self-overwriting line on a terminal, at most a few times a
// second. Does nothing when disabled (stderr not a TTY, or --quiet).
class progress_line
{
public:
    explicit progress_line(bool enabled) : m_enabled(enabled) {}
    ~progress_line() { clear(); }
    progress_line(progress_line const &) = delete;
    progress_line &operator=(progress_line const &) = delete;

    void update(std::string_view label, std::uint64_t bytes, std::uint64_t lines);
    void clear();

private:
    bool m_enabled;
    bool m_shown = false;
    std::chrono::steady_clock::time_point m_last{};
};

// Progress is for people: on by default only when stderr is a terminal.
bool stderr_is_terminal() noexcept;

} // namespace taxi_etl
