#pragma once

// What a run tells its user on stderr: log lines (drawn around the
// progress line, progress.hpp) and the summary of each load.

#include "taxi_etl/load_result.hpp"

#include <fmt/format.h>

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
// present, 8.9 MB downloaded, 6.2 s, 101761 rows/s"; "read" for a local
// file, and the file's size said twice read when a comparison came first.
std::string format_summary(load_result const &result);

// Progress is for people: on by default only when stderr is a terminal.
bool stderr_is_terminal() noexcept;

} // namespace taxi_etl
