#include "taxi_etl/csv_header.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/printable.hpp"
#include "taxi_etl/text.hpp"

#include <algorithm>
#include <cctype>

namespace taxi_etl {

namespace {

// A header longer than this is not a header: stop buffering and say so.
constexpr std::size_t max_header_length = 64U * 1024U;

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

// The kind whose header this is, to make a wrong-kind error obvious.
std::optional<std::string_view> matching_kind(std::string_view line)
{
    for (auto const &kind : taxi_kinds()) {
        auto const names = parse_header(line);
        if (std::ranges::equal(names, kind.columns, equal_ignoring_case, {},
                               &column_spec::header_name)) {
            return kind.name;
        }
    }
    return std::nullopt;
}

} // namespace

std::vector<std::string> parse_header(std::string_view line)
{
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    if (line.starts_with(bom)) {
        line.remove_prefix(bom.size());
    }
    line = trim(line);
    std::vector<std::string> names;
    while (true) {
        auto const comma = line.find(',');
        auto name = trim(line.substr(0, comma));
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
            name = name.substr(1, name.size() - 2);
        }
        names.emplace_back(name);
        if (comma == std::string_view::npos) {
            break;
        }
        line.remove_prefix(comma + 1);
    }
    return names;
}

std::optional<std::string> header_mismatch(std::string_view line, taxi_kind const &kind)
{
    auto const names = parse_header(line);
    auto const other = matching_kind(line);
    if (other && *other != kind.name) {
        return fmt::format("the header is that of a {} file, not {}", *other, kind.name);
    }
    auto const common = std::min(names.size(), kind.columns.size());
    for (std::size_t i = 0; i < common; ++i) {
        if (!equal_ignoring_case(names[i], kind.columns[i].header_name)) {
            return fmt::format("header column {} is {}, expected '{}' for {}", i + 1,
                               quoted_value(names[i]), kind.columns[i].header_name,
                               kind.name);
        }
    }
    if (names.size() < kind.columns.size()) {
        return fmt::format("the header has {} columns, {} has {}: '{}' is missing",
                           names.size(), kind.name, kind.columns.size(),
                           kind.columns[names.size()].header_name);
    }
    if (names.size() > kind.columns.size()) {
        return fmt::format("the header has {} columns, {} has {}: {} is extra",
                           names.size(), kind.name, kind.columns.size(),
                           quoted_value(names[kind.columns.size()]));
    }
    return std::nullopt;
}

header_guard::header_guard(taxi_kind const &kind, std::string source_name)
: m_kind(kind), m_source_name(std::move(source_name))
{
}

std::string_view header_guard::feed(std::string_view text)
{
    m_lines += count_byte(text, '\n');
    if (m_checked) {
        return text;
    }
    m_pending.append(text);
    auto const newline = m_pending.find('\n');
    if (newline == std::string::npos) {
        if (m_pending.size() > max_header_length) {
            fail(exit_code::bad_data, "{}: no header line in the first {} bytes",
                 m_source_name, max_header_length);
        }
        return {};
    }
    if (auto problem =
            header_mismatch(std::string_view{m_pending}.substr(0, newline), m_kind)) {
        fail(exit_code::bad_data, "{}: {}", m_source_name, *problem);
    }
    m_checked = true;
    return m_pending;
}

void header_guard::finish()
{
    if (m_checked) {
        return;
    }
    if (m_pending.empty()) {
        fail(exit_code::bad_data, "{} is empty: no header line", m_source_name);
    }
    // A file with a header and no newline at all: check it all the same.
    if (auto problem = header_mismatch(m_pending, m_kind)) {
        fail(exit_code::bad_data, "{}: {}", m_source_name, *problem);
    }
    m_checked = true;
}

} // namespace taxi_etl
