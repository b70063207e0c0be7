#include "taxi_etl/status.hpp"

#include "taxi_etl/sql.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

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

std::string_view cell(month_state const *state)
{
    if (state == nullptr) {
        return "--";
    }
    if (state->loaded) {
        return "ok";
    }
    if (state->last_status == "running") {
        return "..";
    }
    return state->last_status == "failed" || state->last_status == "interrupted" ? "!!"
                                                                                 : "--";
}

} // namespace

std::string format_status(taxi_kind const &kind, std::string const &table_name,
                          std::vector<month_state> const &months)
{
    std::map<year_month, month_state const *> by_month;
    for (auto const &state : months) {
        by_month.emplace(state.month, &state);
    }
    auto const published = month_range(kind.first_published, kind.last_published);

    std::vector<year_month> missing;
    std::uint64_t rows = 0;
    std::size_t loaded = 0;
    for (auto const &month : published) {
        auto const it = by_month.find(month);
        if (it != by_month.end() && it->second->loaded) {
            ++loaded;
            rows += it->second->rows;
        } else {
            missing.push_back(month);
        }
    }

    std::string out = fmt::format("{} ({}): {} of {} published months loaded, {} rows\n",
                                  kind.name, table_name, loaded, published.size(), rows);
    out += "        01  02  03  04  05  06  07  08  09  10  11  12\n";
    for (int year = kind.first_published.year; year <= kind.last_published.year; ++year) {
        out += fmt::format("  {}", year);
        for (int month = 1; month <= 12; ++month) {
            year_month const ym{year, month};
            if (ym < kind.first_published || kind.last_published < ym) {
                continue;
            }
            auto const it = by_month.find(ym);
            out += fmt::format("  {}", cell(it == by_month.end() ? nullptr : it->second));
        }
        out += "\n";
    }
    out += fmt::format("  missing: {}\n", missing.empty() ? "none" : month_ranges(missing));

    std::vector<year_month> outside;
    for (auto const &state : months) {
        if (state.loaded &&
            (state.month < kind.first_published || kind.last_published < state.month)) {
            outside.push_back(state.month);
        }
    }
    if (!outside.empty()) {
        out += fmt::format("  also loaded: {}\n", month_ranges(outside));
    }
    return out;
}

std::vector<month_state> month_states(pg::connection &db, taxi_kind const &kind,
                                      std::string const &schema)
{
    std::vector<month_state> states;
    auto const res = db.exec_params(std::string{sql::text("runs_by_month")},
                                    {std::string{kind.name}, schema});
    for (int row = 0; row < res.rows(); ++row) {
        states.push_back({parse_year_month(res.get(row, 0), "month"),
                          res.get(row, 1) == "t", std::stoull(std::string{res.get(row, 2)}),
                          std::string{res.get(row, 3)}});
    }
    return states;
}

} // namespace taxi_etl
