#include "taxi_etl/result_format.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/printable.hpp"

#include <fmt/format.h>

#include <vector>

namespace taxi_etl {

namespace {

// Type OIDs from PostgreSQL's pg_type.dat: fixed since forever.
constexpr Oid int8_oid = 20;
constexpr Oid int2_oid = 21;
constexpr Oid int4_oid = 23;
constexpr Oid float4_oid = 700;
constexpr Oid float8_oid = 701;
constexpr Oid numeric_oid = 1700;
constexpr Oid json_oid = 114;
constexpr Oid jsonb_oid = 3802;
constexpr Oid bool_oid = 16;

bool is_number(Oid type)
{
    return type == int8_oid || type == int2_oid || type == int4_oid || type == float4_oid ||
           type == float8_oid || type == numeric_oid;
}

std::string csv_field(std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string{text};
    }
    std::string out = "\"";
    for (char c : text) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string table_cell(std::string_view text, bool cut)
{
    // One line per row, and nothing a terminal would act on (a file name or
    // an error may hold an escape sequence): cells are printable, and cut
    // unless the whole is asked for.
    return cut ? printable_cut(text, table_cell_width) : printable(text);
}

std::string format_json(pg::result const &res)
{
    PGresult const *h = res.handle();
    int const columns = PQnfields(h);
    std::string out = "[";
    for (int row = 0; row < res.rows(); ++row) {
        out += row == 0 ? "\n  {" : ",\n  {";
        for (int col = 0; col < columns; ++col) {
            out +=
                fmt::format("{}{}: ", col == 0 ? "" : ", ", json_string(PQfname(h, col)));
            Oid const type = PQftype(h, col);
            if (res.is_null(row, col)) {
                out += "null";
            } else if (is_number(type) || type == json_oid || type == jsonb_oid) {
                out += res.get(row, col);
            } else if (type == bool_oid) {
                out += res.get_bool(row, col) ? "true" : "false";
            } else {
                out += json_string(res.get(row, col));
            }
        }
        out += "}";
    }
    return out + (res.rows() > 0 ? "\n]\n" : "]\n");
}

std::string format_csv(pg::result const &res)
{
    PGresult const *h = res.handle();
    int const columns = PQnfields(h);
    std::string out;
    for (int col = 0; col < columns; ++col) {
        out += (col == 0 ? "" : ",") + csv_field(PQfname(h, col));
    }
    out += "\r\n";
    for (int row = 0; row < res.rows(); ++row) {
        for (int col = 0; col < columns; ++col) {
            out += (col == 0 ? "" : ",") + csv_field(res.get(row, col));
        }
        out += "\r\n";
    }
    return out;
}

std::string format_table(pg::result const &res, bool cut)
{
    PGresult const *h = res.handle();
    int const columns = PQnfields(h);
    std::vector<std::vector<std::string>> cells(static_cast<std::size_t>(res.rows()) + 1);
    std::vector<std::size_t> widths(static_cast<std::size_t>(columns), 0);
    for (int col = 0; col < columns; ++col) {
        cells[0].push_back(PQfname(h, col));
    }
    for (int row = 0; row < res.rows(); ++row) {
        for (int col = 0; col < columns; ++col) {
            cells[static_cast<std::size_t>(row) + 1].push_back(
                table_cell(res.get(row, col), cut));
        }
    }
    for (auto const &line : cells) {
        for (std::size_t col = 0; col < line.size(); ++col) {
            widths[col] = std::max(widths[col], line[col].size());
        }
    }
    std::string out;
    for (auto const &line : cells) {
        std::string text;
        for (std::size_t col = 0; col < line.size(); ++col) {
            // Numbers align right, as a reader compares them by magnitude.
            bool const right = is_number(PQftype(h, static_cast<int>(col)));
            text += right ? fmt::format("{:>{}}", line[col], widths[col])
                          : fmt::format("{:<{}}", line[col], widths[col]);
            text += col + 1 < line.size() ? "  " : "";
        }
        while (!text.empty() && text.back() == ' ') {
            text.pop_back();
        }
        out += text + "\n";
    }
    return out;
}

} // namespace

std::string json_string(std::string_view text)
{
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

output_format parse_output_format(std::string_view text)
{
    if (text == "table") {
        return output_format::table;
    }
    if (text == "json") {
        return output_format::json;
    }
    if (text == "csv") {
        return output_format::csv;
    }
    fail(exit_code::usage, "--format must be table, json or csv, not {}",
         quoted_value(text));
}

std::string format_result(pg::result const &result, output_format format, bool cut_cells)
{
    switch (format) {
    case output_format::json:
        return format_json(result);
    case output_format::csv:
        return format_csv(result);
    case output_format::table:
        break;
    }
    return format_table(result, cut_cells);
}

} // namespace taxi_etl
