#include "taxi_etl/status.hpp"

#include "taxi_etl/history.hpp"
#include "taxi_etl/loaded_months.hpp"
#include "taxi_etl/result_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace taxi_etl {

namespace {

// Runs of months, for a short list: "2019-04..2019-12, 2020-03".
std::string month_ranges(std::vector<year_month> const &months)
{
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < months.size();) {
        std::size_t j = i;
        while (j + 1 < months.size() && months[j].next() == months[j + 1]) {
            ++j;
        }
        parts.push_back(
            i == j ? months[i].to_string()
                   : fmt::format("{}..{}", months[i].to_string(), months[j].to_string()));
        i = j + 1;
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

// loaded, not loaded, failed (or interrupted), running
std::string_view state_name(month_state const *state)
{
    if (state == nullptr) {
        return "not loaded";
    }
    if (state->loaded) {
        return "loaded";
    }
    if (state->last_status == "running") {
        return "running";
    }
    return state->last_status == "failed" || state->last_status == "interrupted"
               ? "failed"
               : "not loaded";
}

std::string_view cell(month_state const *state)
{
    auto const name = state_name(state);
    return name == "loaded"    ? "ok"
           : name == "running" ? ".."
           : name == "failed"  ? "!!"
                               : "--";
}

std::map<year_month, month_state const *> by_month(std::vector<month_state> const &months)
{
    std::map<year_month, month_state const *> found;
    for (auto const &state : months) {
        found.emplace(state.month, &state);
    }
    return found;
}

bool published(taxi_kind const &kind, year_month month)
{
    return !(month < kind.first_published || kind.last_published < month);
}

// The header's counts: months of the published range the table holds, and
// their rows.
std::pair<std::size_t, std::uint64_t> held_counts(taxi_kind const &kind,
                                                  std::vector<month_state> const &months)
{
    std::size_t loaded = 0;
    std::uint64_t rows = 0;
    for (auto const &state : months) {
        if (state.loaded && published(kind, state.month)) {
            ++loaded;
            rows += state.rows;
        }
    }
    return {loaded, rows};
}

// "  not held: 2019-01..2019-03 (table truncated since it was loaded)", a
// line per run of months with the same reason.
std::string not_held_lines(std::vector<month_state> const &months)
{
    std::string out;
    for (std::size_t i = 0; i < months.size(); ++i) {
        auto const &first = months[i];
        if (first.loaded || first.reason.empty()) {
            continue;
        }
        std::vector<year_month> run{first.month};
        while (i + 1 < months.size() && !months[i + 1].loaded &&
               months[i + 1].reason == first.reason &&
               run.back().next() == months[i + 1].month) {
            run.push_back(months[++i].month);
        }
        out += fmt::format("  not held: {} ({})\n", month_ranges(run), first.reason);
    }
    return out;
}

} // namespace

std::string format_status(taxi_kind const &kind, std::string const &table_name,
                          std::vector<month_state> const &months)
{
    auto const states = by_month(months);
    auto const range = month_range(kind.first_published, kind.last_published);
    std::vector<year_month> missing;
    for (auto const &month : range) {
        auto const it = states.find(month);
        if (it == states.end() || !it->second->loaded) {
            missing.push_back(month);
        }
    }
    auto const [loaded, rows] = held_counts(kind, months);
    std::string out = fmt::format("{} ({}): {} of {} published months loaded, {} rows\n",
                                  kind.name, table_name, loaded, range.size(), rows);
    out += "        01  02  03  04  05  06  07  08  09  10  11  12\n";
    for (int year = kind.first_published.year; year <= kind.last_published.year; ++year) {
        out += fmt::format("  {}", year);
        for (int month = 1; month <= 12; ++month) {
            year_month const ym{year, month};
            if (ym < kind.first_published || kind.last_published < ym) {
                continue;
            }
            auto const it = states.find(ym);
            out += fmt::format("  {}", cell(it == states.end() ? nullptr : it->second));
        }
        out += "\n";
    }
    out += fmt::format("  missing: {}\n", missing.empty() ? "none" : month_ranges(missing));
    out += not_held_lines(months);

    std::vector<year_month> outside;
    for (auto const &state : months) {
        if (state.loaded && !published(kind, state.month)) {
            outside.push_back(state.month);
        }
    }
    if (!outside.empty()) {
        out += fmt::format("  also loaded: {}\n", month_ranges(outside));
    }
    return out;
}

std::string format_status_json(taxi_kind const &kind, std::string const &table_name,
                               std::vector<month_state> const &months)
{
    auto const states = by_month(months);
    std::set<year_month> shown;
    for (auto const &month : month_range(kind.first_published, kind.last_published)) {
        shown.insert(month);
    }
    for (auto const &state : months) {
        if (state.loaded) {
            shown.insert(state.month);
        }
    }
    std::vector<std::string> items;
    for (auto const &month : shown) {
        auto const it = states.find(month);
        auto const *state = it == states.end() ? nullptr : it->second;
        auto item = fmt::format(R"({{"month": "{}", "state": "{}", "rows": {})",
                                month.to_string(), state_name(state),
                                state != nullptr && state->loaded ? state->rows : 0);
        if (state != nullptr && !state->loaded && !state->reason.empty()) {
            item += fmt::format(", \"reason\": {}", json_string(state->reason));
        }
        items.push_back(item + "}");
    }
    auto const [loaded, rows] = held_counts(kind, months);
    return fmt::format("{{\"taxi\": {}, \"table\": {}, \"published_months\": {}, "
                       "\"loaded_months\": {}, \"rows\": {},\n  \"months\": [\n    {}]}}",
                       json_string(kind.name), json_string(table_name),
                       month_range(kind.first_published, kind.last_published).size(),
                       loaded, rows, fmt::join(items, ",\n    "));
}

std::optional<year_month> month_of_file(std::string_view file_name)
{
    constexpr std::string_view tail = "_YYYY-MM.csv";
    if (file_name.size() < tail.size() || !file_name.ends_with(".csv")) {
        return std::nullopt;
    }
    auto const text = file_name.substr(file_name.size() - tail.size(), tail.size());
    for (std::size_t i = 0; i < tail.size(); ++i) {
        bool const digit = text[i] >= '0' && text[i] <= '9';
        if ((tail[i] == 'Y' || tail[i] == 'M') ? !digit : text[i] != tail[i]) {
            return std::nullopt;
        }
    }
    year_month const month{std::stoi(std::string{text.substr(1, 4)}),
                           std::stoi(std::string{text.substr(6, 2)})};
    if (month.month < 1 || month.month > 12) {
        return std::nullopt;
    }
    return month;
}

std::vector<month_state> month_states(pg::connection &db, taxi_kind const &kind,
                                      std::string const &schema, bool verify)
{
    std::vector<month_state> states;
    if (history::schema_version(db) == 0) {
        return states; // nothing loaded yet; a reader creates nothing
    }
    auto const res = db.exec_named("runs_by_month", kind.name, schema);
    std::map<year_month, std::size_t> index;
    for (int row = 0; row < res.rows(); ++row) {
        auto const month = parse_year_month(res.get(row, 0), "month");
        index[month] = states.size();
        states.push_back({month, false, 0, res.get<std::string>(row, 3), {}});
    }
    // A month is held when a file of it is (another name than the course's
    // of the same month may hold it).
    for (auto const &file : loaded::held_files(db, kind, schema, verify)) {
        auto const month = month_of_file(file.file_name);
        auto const it = month ? index.find(*month) : index.end();
        if (it == index.end()) {
            continue;
        }
        auto &state = states[it->second];
        if (file.held) {
            state.loaded = true;
            state.rows += file.rows;
            state.reason.clear();
        } else if (!state.loaded) {
            state.reason = file.reason;
        }
    }
    return states;
}

} // namespace taxi_etl
