#pragma once

// `history`'s default table: the columns that tell runs apart and say what
// to do next (id, start with its zone, duration, taxi, schema, the month
// or the file, status, rows inserted, a note), fitted into 120 columns by
// cutting the long values. `--wide`, json and csv show every field uncut
// (result_format.hpp).

#include "taxi_etl/pg.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl::history {

// The widest line of the default table.
inline constexpr std::size_t table_width = 120;

// A column of the table; the columns that give way are cut when the lines
// would be wider than allowed.
struct table_column
{
    std::string header;
    std::vector<std::string> cells; // printable text (printable.hpp)
    bool right = false;             // numbers align right
    int give = 0;                   // 0: never cut; else the highest is cut first
    std::size_t soft_min = 0;       // cut first down to this much, in `give` order,
    std::size_t hard_min = 0;       // then, if need be, down to this
};

// The columns a terminal takes for `text` (printable UTF-8): one per
// character, two for the wide ones of East Asian scripts and emoji.
std::size_t display_width(std::string_view text);

// `text` in at most `width` columns, ending in "..." when it was cut.
std::string cut_to_width(std::string_view text, std::size_t width);

// A header line and a line per row, two spaces between columns, no spaces
// at the end; no line wider than `max_width` unless the columns that
// never give way are wider already.
std::string fit_table(std::vector<table_column> columns, std::size_t max_width);

// "2026-12-04T23:10:05+00:00" as shown: "2026-12-04 23:10:05+00" (the
// offset's minutes only when it has some, as psql shows a timestamptz).
std::string shown_time(std::string_view iso);

// A published file's month ("2019-01" for green_tripdata_2019-01.csv of
// taxi green); any other name (a --file load's) as it is.
std::string shown_file(std::string_view taxi, std::string_view file);

// Seconds as read at a glance: "0.4s", "12.0s", "3m05s", "2h03m".
std::string shown_duration(std::optional<double> seconds);

// The default table of runs_list's result (sql/history.sql).
std::string format_runs_table(pg::result const &runs);

} // namespace taxi_etl::history
