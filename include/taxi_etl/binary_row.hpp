#pragma once

// A trip record in PostgreSQL's binary COPY format, so that the server only
// stores the row instead of parsing its text. Each value must be exactly
// what PostgreSQL's input function makes of the text; a record holding any
// value the client is not sure of is not encoded at all: the caller sends
// that row as CSV instead, and PostgreSQL reads it (or refuses it) as it
// always did.

#include "taxi_etl/taxi_kind.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

// The binary COPY data's header (signature, no flags, no extension) and
// trailer (a field count of -1).
std::string_view binary_copy_header() noexcept;
std::string_view binary_copy_trailer() noexcept;

// What float8in reads from `text` (strtod, correctly rounded, as
// std::from_chars is), for plain decimals only; nothing for any other form
// (spaces, NaN, Infinity, hex) or a value out of range, which float8in
// refuses.
std::optional<double> pg_float8_value(std::string_view text);

// What int4in reads: an optional sign and decimal digits, in range.
std::optional<std::int32_t> pg_int4_value(std::string_view text);

// What timestamp_in reads from "YYYY-MM-DD HH:MM:SS": microseconds since
// 2000-01-01 00:00:00. Nothing for any other form.
std::optional<std::int64_t> pg_timestamp_value(std::string_view text);

// Encodes the records of one kind as tuples of (unique_row_id, the kind's
// columns), fields read as COPY ... (FORMAT csv) reads them.
class binary_row_encoder
{
public:
    explicit binary_row_encoder(taxi_kind const &kind);

    // Appends the tuple of `record` with `id` (empty: NULL) in front; false,
    // with `out` as it was, when the client is not sure of a value or the
    // record has not exactly the kind's fields.
    bool encode(std::string_view id, std::string_view record, std::string &out);

    // As encode(), for a record the caller split (split_csv_fields, one
    // field more than the kind has, to see an extra one) and whose id it
    // works out after: the tuple gets room for an id, which put_id() then
    // fills. `record_size` is the record's length.
    bool encode_fields(std::span<std::string_view const> fields, std::size_t record_size,
                       std::string &out);

    // The id (empty: NULL) of the tuple encode_fields() appended at `start`.
    static void put_id(std::string &out, std::size_t start, std::string_view id);

    // How many fields the kind has.
    [[nodiscard]] std::size_t field_count() const noexcept { return m_types.size(); }

    // The most a tuple takes besides the record's own text (and the id).
    [[nodiscard]] std::size_t max_overhead() const noexcept;

private:
    bool put_field(std::string_view field, column_type type, char *&at);

    std::vector<column_type> m_types;
    std::vector<std::string_view> m_fields;
    std::string m_value; // the value of a quoted field
};

} // namespace taxi_etl
