#include "taxi_etl/sql.hpp"

#include "taxi_etl/error.hpp"

#include <algorithm>
#include <set>

namespace taxi_etl::sql {

namespace {

constexpr std::string_view section_mark = "-- name:";

// The name a line starting a section gives, or "" for any other line.
std::string_view section_name(std::string_view line)
{
    if (!line.starts_with(section_mark)) {
        return {};
    }
    line.remove_prefix(section_mark.size());
    auto const first = line.find_first_not_of(" \t\r\n");
    auto const last = line.find_last_not_of(" \t\r\n");
    return first == std::string_view::npos ? std::string_view{}
                                           : line.substr(first, last - first + 1);
}

// `text` without the blank lines at its end (its last line keeps its '\n').
std::string_view without_trailing_blank_lines(std::string_view text)
{
    auto const last = text.find_last_not_of(" \t\r\n");
    if (last == std::string_view::npos) {
        return {};
    }
    auto const end = text.find('\n', last);
    return text.substr(0, end == std::string_view::npos ? text.size() : end + 1);
}

std::vector<statement> split_all()
{
    std::vector<statement> all;
    std::set<std::string_view> names;
    for (auto const &file : embedded_files()) {
        for (auto const &found : split_sections(file.name, file.text)) {
            if (!names.insert(found.name).second) {
                fail(exit_code::internal, "two SQL statements are named '{}'", found.name);
            }
            all.push_back(found);
        }
    }
    return all;
}

} // namespace

std::vector<statement> split_sections(std::string_view file_name, std::string_view text)
{
    std::vector<statement> sections;
    std::size_t body = 0; // where the current section's text starts
    for (std::size_t at = 0; at < text.size();) {
        auto const end = text.find('\n', at);
        auto const next = end == std::string_view::npos ? text.size() : end + 1;
        if (auto const name = section_name(text.substr(at, next - at)); !name.empty()) {
            if (!sections.empty()) {
                sections.back().text =
                    without_trailing_blank_lines(text.substr(body, at - body));
            }
            sections.push_back({name, {}});
            body = next;
        }
        at = next;
    }
    if (sections.empty()) {
        return {{file_name, text}};
    }
    sections.back().text = without_trailing_blank_lines(text.substr(body));
    return sections;
}

std::span<statement const> statements()
{
    static std::vector<statement> const all = split_all();
    return all;
}

std::string_view text(std::string_view name)
{
    auto const all = statements();
    auto const it = std::ranges::find(all, name, &statement::name);
    if (it == all.end()) {
        fail(exit_code::internal, "no embedded SQL statement named '{}'", name);
    }
    return it->text;
}

} // namespace taxi_etl::sql
