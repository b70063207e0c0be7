#pragma once

// Query results as a person or a program wants them: an aligned table, CSV
// (RFC 4180) or JSON (an array of objects, numbers and json values as such).

#include "taxi_etl/pg.hpp"

#include <string>
#include <string_view>

namespace taxi_etl {

enum class output_format
{
    table,
    json,
    csv,
};

// "table", "json", "csv"; throws etl_error(usage) for anything else.
output_format parse_output_format(std::string_view text);

// In table format, longer values are cut to this many characters.
inline constexpr std::size_t table_cell_width = 60;

// A JSON string literal of `text`, quotes included.
std::string json_string(std::string_view text);

// In table format, cells are cut to table_cell_width unless `cut_cells` is
// false (history --wide).
std::string format_result(pg::result const &result, output_format format,
                          bool cut_cells = true);

} // namespace taxi_etl
