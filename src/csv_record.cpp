#include "taxi_etl/csv_record.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/text.hpp"

#include <algorithm>

namespace taxi_etl {

namespace {

constexpr std::size_t max_record_mib = max_record_bytes >> 20U;

} // namespace

// Every quote toggles between quoted and not, as in COPY's line reader:
// "" inside quotes toggles twice.
bool split_csv_fields(std::string_view record, std::size_t count,
                      std::vector<std::string_view> &fields)
{
    fields.clear();
    bool const quotes = record.find('"') != std::string_view::npos;
    std::size_t start = 0;
    bool in_quote = false;
    while (fields.size() < count) {
        std::size_t end = start;
        if (quotes) {
            while (end < record.size() && (in_quote || record[end] != ',')) {
                in_quote = record[end] == '"' ? !in_quote : in_quote;
                ++end;
            }
        } else {
            end = std::min(record.find(',', start), record.size());
        }
        fields.push_back(record.substr(start, end - start));
        if (end >= record.size()) {
            break;
        }
        start = end + 1;
    }
    return !in_quote;
}

// As CopyReadAttributesCSV reads a field: outside quotes a quote opens a
// quoted section; inside, "" is one quote and a lone quote closes it.
std::string_view csv_value(std::string_view field, std::string &buffer)
{
    if (field.find('"') == std::string_view::npos) {
        return field;
    }
    buffer.clear();
    bool in_quote = false;
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '"') {
            buffer += field[i];
        } else if (in_quote && i + 1 < field.size() && field[i + 1] == '"') {
            buffer += '"';
            ++i;
        } else {
            in_quote = !in_quote;
        }
    }
    return buffer;
}

csv_framer::csv_framer(std::string source_name) : m_source_name(std::move(source_name)) {}

void csv_framer::feed(std::string_view text)
{
    m_text = text;
    m_pos = 0;
}

std::optional<std::string_view> csv_framer::next()
{
    if (m_partial_taken) {
        m_partial.clear();
        m_partial_taken = false;
    }
    while (m_pos < m_text.size()) {
        auto const rest = m_text.substr(m_pos);
        auto const newline = rest.find('\n');
        auto const segment = rest.substr(0, newline);
        note_quotes(segment);
        if (newline == std::string_view::npos) {
            keep(segment);
            m_pos = m_text.size();
            return std::nullopt;
        }
        m_pos += newline + 1;
        ++m_line;
        if (m_in_quote) { // a line break inside a quoted field is data
            keep(segment);
            keep("\n");
            continue;
        }
        if (m_partial.empty()) {
            return checked(segment);
        }
        keep(segment);
        m_partial_taken = true;
        return checked(m_partial);
    }
    return std::nullopt;
}

std::optional<std::string_view> csv_framer::finish()
{
    if (m_partial_taken) {
        m_partial.clear();
        m_partial_taken = false;
    }
    if (m_in_quote) {
        fail_at(m_quote_line, "a quoted field opens here and is not closed before the end "
                              "of the file");
    }
    if (m_partial.empty()) {
        return std::nullopt;
    }
    m_partial_taken = true;
    std::string_view record = m_partial;
    m_record_line = m_start_line;
    // A header without any line end: COPY ends the line at a CR as well.
    if (m_line_end == line_end::unknown && record.ends_with('\r')) {
        record.remove_suffix(1);
    }
    // A CR without its LF at the very end is refused by COPY too.
    check_content(record);
    return record;
}

// The quote state at the end of a piece of a line: every quote toggles it,
// since COPY's line reader does the same when QUOTE and ESCAPE are equal.
void csv_framer::note_quotes(std::string_view segment)
{
    auto const quotes = count_byte(segment, '"');
    if (quotes % 2 == 1) {
        m_in_quote = !m_in_quote;
    }
    if (m_in_quote && quotes > 0) {
        m_quote_line = m_line; // the last quote here opened the section
    }
}

void csv_framer::keep(std::string_view text)
{
    if (m_partial.size() + text.size() > max_record_bytes) {
        if (m_in_quote) {
            fail_at(
                m_quote_line,
                fmt::format("a quoted field opens here and does not close within {} MiB "
                            "(an unmatched quote?)",
                            max_record_mib));
        }
        fail_at(m_start_line, fmt::format("the row is longer than {} MiB", max_record_mib));
    }
    m_partial.append(text);
}

// A record that ended at an LF outside quotes: its line end must be the
// file's, and nothing in it may make COPY read it otherwise.
std::string_view csv_framer::checked(std::string_view record)
{
    m_record_line = m_start_line;
    m_start_line = m_line;
    if (record.size() + 1 > max_record_bytes) {
        fail_at(m_record_line,
                fmt::format("the row is longer than {} MiB", max_record_mib));
    }
    bool const crlf = record.ends_with('\r');
    if (m_line_end == line_end::unknown) {
        m_line_end = crlf ? line_end::crlf : line_end::lf;
    } else if ((m_line_end == line_end::crlf) != crlf) {
        fail_at(m_line - 1, m_line_end == line_end::crlf
                                ? "the line ends in LF alone, but line 1 in CR LF"
                                : "the line ends in CR LF, but line 1 in LF alone");
    }
    if (crlf) {
        record.remove_suffix(1);
    }
    check_content(record);
    return record;
}

// COPY refuses a CR outside quotes that does not end a line: it would
// either end the line there or take it for a mixed line end. A line of
// `\.` alone ends COPY's data (before PostgreSQL 18) and the rest of the
// file would be dropped without a word; the id in front of each record
// keeps COPY from seeing one, but such a file is broken all the same.
void csv_framer::check_content(std::string_view record) const
{
    if (record == "\\.") {
        fail_at(m_record_line,
                "the line is '\\.', which COPY takes for the end of the data");
    }
    if (record.find('\r') == std::string_view::npos) {
        return;
    }
    bool in_quote = false;
    auto line = m_record_line;
    for (char const c : record) {
        if (c == '"') {
            in_quote = !in_quote;
        } else if (c == '\n') {
            ++line;
        } else if (c == '\r' && !in_quote) {
            fail_at(line, "a carriage return outside quotes, not before a line feed");
        }
    }
}

void csv_framer::fail_at(std::uint64_t line, std::string_view problem) const
{
    fail(exit_code::bad_data, "bad row in {}: line {}: {}", m_source_name, line, problem);
}

} // namespace taxi_etl
