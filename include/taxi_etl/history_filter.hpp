#pragma once

// Which runs `history` lists: its filters read from the command line and
// checked (a bad value is a usage error naming the option), in the form
// runs_list in sql/history.sql takes them. Pure, so that it is tested
// without a server.

#include "taxi_etl/history.hpp"
#include "taxi_etl/options.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace taxi_etl::history {

// The statuses a run has in the history.
inline constexpr std::string_view run_statuses[] = {"running", "succeeded", "failed",
                                                    "interrupted"};

// "failed,interrupted" as given, each one checked; throws etl_error(usage).
std::string parse_statuses(std::string_view text);

// A file name, or a pattern where * is any text and ? any one character,
// as a LIKE pattern (its own %, _ and \ escaped).
std::string file_like_pattern(std::string_view glob);

// A date (2026-12-01) or a duration (90s, 30m, 2h, 3d, 1w) into the
// filter; throws etl_error(usage) for anything else.
void parse_since(std::string_view text, run_filter &filter);

// Every filter of the options, checked (the taxi kind too).
run_filter make_filter(history_options const &options);

} // namespace taxi_etl::history
