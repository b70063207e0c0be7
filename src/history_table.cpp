#include "taxi_etl/history_table.hpp"

#include "taxi_etl/digits.hpp"
#include "taxi_etl/printable.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace taxi_etl::history {

namespace {

// The code point starting at `at`, and its length in bytes; a byte that
// starts no valid sequence is one character of its own.
std::pair<char32_t, std::size_t> code_point(std::string_view text, std::size_t at)
{
    auto const lead = static_cast<unsigned char>(text[at]);
    std::size_t const length = lead < 0x80         ? 1
                               : lead >> 5 == 0x6  ? 2
                               : lead >> 4 == 0xe  ? 3
                               : lead >> 3 == 0x1e ? 4
                                                   : 1;
    if (length == 1 || at + length > text.size()) {
        return {lead, 1};
    }
    char32_t value = lead & (0x7fU >> length);
    for (std::size_t i = 1; i < length; ++i) {
        value = (value << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3fU);
    }
    return {value, length};
}

bool is_wide(char32_t c)
{
    constexpr std::pair<char32_t, char32_t> wide[] = {
        {0x1100, 0x115f},   {0x2e80, 0x303e},  {0x3041, 0x33ff}, {0x3400, 0x4dbf},
        {0x4e00, 0x9fff},   {0xa000, 0xa4cf},  {0xac00, 0xd7a3}, {0xf900, 0xfaff},
        {0xfe30, 0xfe4f},   {0xff00, 0xff60},  {0xffe0, 0xffe6}, {0x1f300, 0x1f64f},
        {0x1f900, 0x1f9ff}, {0x20000, 0x3fffd}};
    return std::ranges::any_of(
        wide, [c](auto range) { return c >= range.first && c <= range.second; });
}

std::size_t width_of(char32_t c)
{
    return is_wide(c) ? 2 : 1;
}

std::string padded(std::string const &cell, std::size_t width, bool right)
{
    std::string const space(width - std::min(width, display_width(cell)), ' ');
    return right ? space + cell : cell + space;
}

// Narrows the columns that give way, the highest `give` first, until the
// lines fit or each is at `floor(column)`; returns what is still too much.
template <typename Floor>
std::size_t narrow(std::vector<table_column> const &columns,
                   std::vector<std::size_t> &widths, std::size_t excess, Floor floor)
{
    for (int give = 3; give > 0 && excess > 0; --give) {
        for (std::size_t col = 0; col < columns.size() && excess > 0; ++col) {
            if (columns[col].give != give) {
                continue;
            }
            auto const least = std::min(widths[col], floor(columns[col]));
            auto const taken = std::min(excess, widths[col] - least);
            widths[col] -= taken;
            excess -= taken;
        }
    }
    return excess;
}

} // namespace

std::size_t display_width(std::string_view text)
{
    std::size_t width = 0;
    for (std::size_t at = 0; at < text.size();) {
        auto const [c, length] = code_point(text, at);
        width += width_of(c);
        at += length;
    }
    return width;
}

std::string cut_to_width(std::string_view text, std::size_t width)
{
    constexpr std::string_view ellipsis = "...";
    if (display_width(text) <= width) {
        return std::string{text};
    }
    if (width <= ellipsis.size()) {
        return std::string{ellipsis.substr(0, width)};
    }
    std::size_t used = 0;
    std::size_t at = 0;
    while (at < text.size()) {
        auto const [c, length] = code_point(text, at);
        if (used + width_of(c) > width - ellipsis.size()) {
            break;
        }
        used += width_of(c);
        at += length;
    }
    return std::string{text.substr(0, at)}.append(ellipsis);
}

std::string fit_table(std::vector<table_column> columns, std::size_t max_width)
{
    std::vector<std::size_t> widths;
    std::size_t total = columns.empty() ? 0 : 2 * (columns.size() - 1);
    for (auto const &column : columns) {
        auto width = display_width(column.header);
        for (auto const &cell : column.cells) {
            width = std::max(width, display_width(cell));
        }
        widths.push_back(width);
        total += width;
    }
    if (total > max_width) {
        auto const excess = narrow(columns, widths, total - max_width,
                                   [](table_column const &c) { return c.soft_min; });
        narrow(columns, widths, excess, [](table_column const &c) {
            return std::max<std::size_t>(c.hard_min, 4); // room for "x..."
        });
    }
    std::size_t const rows = columns.empty() ? 0 : columns.front().cells.size();
    std::string out;
    for (std::size_t row = 0; row <= rows; ++row) {
        std::string line;
        for (std::size_t col = 0; col < columns.size(); ++col) {
            auto const &column = columns[col];
            auto const cell =
                cut_to_width(row == 0 ? column.header : column.cells[row - 1], widths[col]);
            line += (col == 0 ? "" : "  ") + padded(cell, widths[col], column.right);
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out += line + "\n";
    }
    return out;
}

std::string shown_time(std::string_view iso)
{
    std::string shown{iso};
    if (shown.size() > 10 && shown[10] == 'T') {
        shown[10] = ' ';
    }
    if (shown.size() > 22 && shown.ends_with(":00")) {
        shown.resize(shown.size() - 3);
    }
    return shown;
}

std::string shown_file(std::string_view taxi, std::string_view file)
{
    // The month alone leaves the note room: the taxi is a column already.
    auto const prefix = fmt::format("{}_tripdata_", taxi);
    constexpr std::string_view suffix = ".csv";
    if (file.size() == prefix.size() + 7 + suffix.size() && file.starts_with(prefix) &&
        file.ends_with(suffix)) {
        auto const month = file.substr(prefix.size(), 7);
        if (parse_date(fmt::format("{}-01", month))) {
            return std::string{month};
        }
    }
    return std::string{file};
}

std::string shown_duration(std::optional<double> seconds)
{
    if (!seconds) {
        return {};
    }
    if (*seconds < 59.95) {
        return fmt::format("{:.1f}s", *seconds);
    }
    auto const whole = static_cast<long long>(std::llround(*seconds));
    if (whole < 3600) {
        return fmt::format("{}m{:02}s", whole / 60, whole % 60);
    }
    return fmt::format("{}h{:02}m", whole / 3600, whole / 60 % 60);
}

namespace {

// What to act on, in a few words: a failed run's error, or that a run
// found its rows already loaded.
std::string note(pg::result const &runs, int row, int status, int error, int present)
{
    auto const state = runs.get(row, status);
    if (state == "failed" || state == "interrupted") {
        return runs.get_optional<std::string>(row, error).value_or("");
    }
    auto const already = runs.get_optional<std::int64_t>(row, present).value_or(0);
    return state == "succeeded" && already > 0
               ? fmt::format("{} rows already present", already)
               : std::string{};
}

} // namespace

std::string format_runs_table(pg::result const &runs)
{
    auto const field = [&runs](char const *name) { return PQfnumber(runs.handle(), name); };
    auto const status = field("status");
    std::vector<table_column> columns{{"id", {}, true},
                                      {"started", {}},
                                      {"took", {}, true},
                                      {"taxi", {}},
                                      {"schema", {}, false, 3, 16, 8},
                                      {"file", {}, false, 1, 26, 12},
                                      {"status", {}},
                                      {"inserted", {}, true},
                                      {"note", {}, false, 2, 30, 12}};
    std::vector<int> const sources{field("run_id"), field("started_at"),   field("seconds"),
                                   field("taxi"),   field("schema"),       field("file"),
                                   status,          field("rows_inserted")};
    for (int row = 0; row < runs.rows(); ++row) {
        for (std::size_t col = 0; col < sources.size(); ++col) {
            columns[col].cells.push_back(printable(runs.get(row, sources[col])));
        }
        columns[1].cells.back() = shown_time(columns[1].cells.back());
        columns[5].cells.back() =
            printable(shown_file(runs.get(row, sources[3]), runs.get(row, sources[5])));
        columns[2].cells.back() =
            shown_duration(runs.get_optional<double>(row, sources[2]));
        columns[8].cells.push_back(
            printable(note(runs, row, status, field("error"), field("rows_present"))));
    }
    return fit_table(std::move(columns), table_width);
}

} // namespace taxi_etl::history
