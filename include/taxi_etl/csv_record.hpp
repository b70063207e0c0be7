#pragma once

// The trip file's records and fields as PostgreSQL's COPY ... (FORMAT csv)
// reads them (QUOTE and ESCAPE both '"', DELIMITER ','). The client puts an
// id in front of each record and hashes some of its fields, so where a
// record ends and what a field holds must be exactly what COPY makes of
// them; what COPY would refuse, or would read differently from the rest of
// the file, is refused here with the file's line number.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

// The longest record taken, line end and quoted line breaks included, and
// so the longest field: far above any real row (about 200 bytes), and what
// bounds the memory an unmatched quote can make the reader hold.
constexpr std::size_t max_record_bytes = std::size_t{1} << 20U;

// The first `count` fields of a record (fewer if it has fewer) as they
// stand in the file, quotes and all: commas inside quotes are data. False
// if a quoted section is not closed, which COPY refuses ("unterminated CSV
// quoted field"). An empty field is NULL; one with quotes never is.
bool split_csv_fields(std::string_view record, std::size_t count,
                      std::vector<std::string_view> &fields);

// What COPY reads from a field: quoted sections anywhere in it ("1"2 is 12,
// a""b is ab), "" inside one is a quote ("a""b" is a"b), and commas and
// line breaks inside one are data. The value is the field itself or lies
// in `buffer`.
std::string_view csv_value(std::string_view field, std::string &buffer);

// Cuts text into records where COPY does: at a line end outside quotes.
// The line end is that of the first line (LF or CR LF), as COPY fixes it;
// a carriage return anywhere else outside quotes, a line of `\.` (COPY's
// end-of-data marker), a quote still open at the end of the file and a
// record longer than max_record_bytes are refused with etl_error(bad_data)
// naming the file and the line (the first line is line 1).
class csv_framer
{
public:
    explicit csv_framer(std::string source_name);

    // Text to cut next; what is left of the previous text must have been
    // taken with next() first. The text must outlive the calls to next().
    void feed(std::string_view text);

    // The next complete record, without its line end, or nothing when the
    // text fed so far ends inside one (kept for the next feed). The view
    // lasts until the next call.
    std::optional<std::string_view> next();

    // After the last text: the last record if it had no line end.
    std::optional<std::string_view> finish();

    // The line the record last returned starts on.
    [[nodiscard]] std::uint64_t record_line() const noexcept { return m_record_line; }

private:
    void note_quotes(std::string_view segment);
    void keep(std::string_view text);
    std::string_view checked(std::string_view record);
    void check_content(std::string_view record) const;
    [[noreturn]] void fail_at(std::uint64_t line, std::string_view problem) const;

    enum class line_end
    {
        unknown,
        lf,
        crlf
    };
    std::string m_source_name;
    std::string_view m_text;
    std::size_t m_pos = 0;
    std::string m_partial;        // a record not yet complete
    bool m_partial_taken = false; // returned by next(): clear it before going on
    bool m_in_quote = false;      // at the end of what was scanned
    line_end m_line_end = line_end::unknown;
    std::uint64_t m_line = 1;        // where scanning stands
    std::uint64_t m_start_line = 1;  // where the record being cut starts
    std::uint64_t m_record_line = 1; // where the record last returned starts
    std::uint64_t m_quote_line = 0;  // where the open quoted section started
};

} // namespace taxi_etl
