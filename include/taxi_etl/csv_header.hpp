#pragma once

// The first line of a trip file decides whether it is the kind the user asked
// for. It is checked before any row can reach the final table.

#include "taxi_etl/taxi_kind.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace taxi_etl {

// Splits a header line into names: trims spaces, a trailing CR, a UTF-8
// byte order mark and surrounding double quotes.
std::vector<std::string> parse_header(std::string_view line);

// Nothing if the header names the kind's columns in order (compared without
// regard to case, since the casing of the published headers varies);
// otherwise a one-line description of the first difference.
std::optional<std::string> header_mismatch(std::string_view line, taxi_kind const &kind);

// Sits between the decompressor and COPY: holds back text until the header
// line is complete, checks it, then passes everything through and counts
// lines for the progress display.
class header_guard
{
public:
    header_guard(taxi_kind const &kind, std::string source_name);

    // Returns the text that may go on to COPY (empty while the header is
    // still incomplete). Throws etl_error(bad_data) for a wrong header.
    std::string_view feed(std::string_view text);

    // Throws etl_error(bad_data) if the source ended before a header line.
    void finish();

    [[nodiscard]] std::uint64_t lines_seen() const noexcept { return m_lines; }

private:
    taxi_kind const &m_kind;
    std::string m_source_name;
    std::string m_pending; // text before the header is complete
    bool m_checked = false;
    std::uint64_t m_lines = 0;
};

} // namespace taxi_etl
