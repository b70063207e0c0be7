#include "taxi_etl/binary_row.hpp"

#include "taxi_etl/csv_record.hpp"
#include "taxi_etl/digits.hpp"
#include "taxi_etl/row_id.hpp"
#include "taxi_etl/value_text.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <type_traits>

namespace taxi_etl {

namespace {

constexpr char header_bytes[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
constexpr char trailer_bytes[] = "\377\377";

constexpr std::size_t id_size = 32; // md5 in hex

// Binary COPY is big-endian ("network byte order"). Values are written
// at `at`, into room the encoder made for the whole tuple at once.
template <typename T> void put_be(char *&at, T value)
{
    static_assert(std::is_unsigned_v<T>);
    std::array<unsigned char, sizeof(T)> bytes{};
    for (std::size_t i = sizeof(T); i-- > 0;) {
        bytes[i] = static_cast<unsigned char>(value & 0xFFU);
        value = static_cast<T>(value >> 8U);
    }
    std::memcpy(at, bytes.data(), sizeof(T));
    at += sizeof(T);
}

void put_length(char *&at, std::int32_t length)
{
    put_be(at, static_cast<std::uint32_t>(length));
}

// Text is stored as the bytes sent, after the server's encoding checks and
// conversion: only printable ASCII is certain to pass them unchanged.
bool is_printable_ascii(std::string_view s)
{
    return std::ranges::all_of(s, [](char c) { return c >= 0x20 && c < 0x7F; });
}

// Clinger's fast path, for the short decimals nearly every value is: with
// at most 15 digits, the digits m and 10^k (k digits after the point, so
// k <= 15 <= 22) are exact doubles, and one IEEE division rounds m / 10^k
// correctly, as strtod does. Nothing for any other form.
std::optional<double> short_decimal(std::string_view text)
{
    constexpr std::array<double, 16> powers{1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    bool const negative = text.starts_with('-');
    if (negative || text.starts_with('+')) {
        text.remove_prefix(1);
    }
    std::uint64_t mantissa = 0;
    std::size_t digits = 0;
    std::size_t fraction_digits = 0;
    bool point = false;
    for (char const c : text) {
        if (is_digit(c)) {
            if (++digits > 15) {
                return std::nullopt;
            }
            mantissa = mantissa * 10 + static_cast<unsigned>(c - '0');
            fraction_digits += point ? 1 : 0;
        } else if (c == '.' && !point) {
            point = true;
        } else {
            return std::nullopt;
        }
    }
    if (digits == 0) {
        return std::nullopt;
    }
    double const value = static_cast<double>(mantissa) / powers[fraction_digits];
    return negative ? -value : value;
}

} // namespace

std::string_view binary_copy_header() noexcept
{
    return {header_bytes, sizeof header_bytes - 1};
}

std::string_view binary_copy_trailer() noexcept
{
    return {trailer_bytes, sizeof trailer_bytes - 1};
}

std::optional<double> pg_float8_value(std::string_view text)
{
    if (auto const value = short_decimal(text)) {
        return value;
    }
    return plain_number_value(text);
}

std::optional<std::int32_t> pg_int4_value(std::string_view text)
{
    bool const negative = text.starts_with('-');
    if (negative || text.starts_with('+')) {
        text.remove_prefix(1);
    }
    // Longer forms (many leading zeros) are left to the server.
    if (text.size() > 18 || !all_digits(text)) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    value = negative ? -value : value;
    if (value < INT32_MIN || value > INT32_MAX) {
        return std::nullopt;
    }
    return static_cast<std::int32_t>(value);
}

std::optional<std::int64_t> pg_timestamp_value(std::string_view text)
{
    if (!pg_timestamp_text(text)) {
        return std::nullopt;
    }
    constexpr std::int64_t days_1970_to_2000 = 10957;
    auto const days =
        days_from_civil(digits_at(text, 0, 4), static_cast<unsigned>(digits_at(text, 5, 2)),
                        static_cast<unsigned>(digits_at(text, 8, 2))) -
        days_1970_to_2000;
    std::int64_t const seconds = days * 86400 + digits_at(text, 11, 2) * 3600 +
                                 digits_at(text, 14, 2) * 60 + digits_at(text, 17, 2);
    return seconds * 1'000'000;
}

binary_row_encoder::binary_row_encoder(taxi_kind const &kind)
{
    for (auto const &column : kind.columns) {
        m_types.push_back(column.type);
    }
}

std::size_t binary_row_encoder::max_overhead() const noexcept
{
    // Field count, id; then per field its length and at most 8 bytes for a
    // value whose text took at least one byte.
    return 2 + 4 + id_size + m_types.size() * 12;
}

bool binary_row_encoder::encode(std::string_view id, std::string_view record,
                                std::string &out)
{
    auto const start = out.size();
    if (!split_csv_fields(record, m_types.size() + 1, m_fields) ||
        !encode_fields(m_fields, record.size(), out)) {
        return false; // COPY reports the wrong field count or open quote
    }
    put_id(out, start, id);
    return true;
}

bool binary_row_encoder::encode_fields(std::span<std::string_view const> fields,
                                       std::size_t record_size, std::string &out)
{
    if (fields.size() != m_types.size()) {
        return false;
    }
    auto const start = out.size();
    out.resize(start + max_overhead() + record_size);
    char *at = out.data() + start;
    put_be(at, static_cast<std::uint16_t>(m_types.size() + 1));
    put_length(at, static_cast<std::int32_t>(id_size));
    at += id_size; // put_id() fills it
    for (std::size_t i = 0; i < m_types.size(); ++i) {
        if (!put_field(fields[i], m_types[i], at)) {
            out.resize(start);
            return false;
        }
    }
    out.resize(static_cast<std::size_t>(at - out.data()));
    return true;
}

// Rows without an id are few: their tuple is moved up over the room.
void binary_row_encoder::put_id(std::string &out, std::size_t start, std::string_view id)
{
    char *at = out.data() + start + 2;
    if (id.size() == id_size) {
        std::ranges::copy(id, at + 4);
        return;
    }
    put_length(at, -1);
    out.erase(start + 6, id_size);
}

// A field's value takes at most 8 bytes more than its text: the room
// encode() made.
bool binary_row_encoder::put_field(std::string_view field, column_type type, char *&at)
{
    if (field.empty()) { // COPY reads an unquoted empty field as NULL
        put_length(at, -1);
        return true;
    }
    auto const value = csv_value(field, m_value);
    switch (type) {
    case column_type::text:
        if (!is_printable_ascii(value)) {
            return false;
        }
        put_length(at, static_cast<std::int32_t>(value.size()));
        at = std::ranges::copy(value, at).out;
        return true;
    case column_type::double_precision: {
        auto const number = pg_float8_value(value);
        if (!number) {
            return false;
        }
        put_length(at, 8);
        put_be(at, std::bit_cast<std::uint64_t>(*number));
        return true;
    }
    case column_type::integer: {
        auto const number = pg_int4_value(value);
        if (!number) {
            return false;
        }
        put_length(at, 4);
        put_be(at, static_cast<std::uint32_t>(*number));
        return true;
    }
    case column_type::timestamp: {
        auto const micros = pg_timestamp_value(value);
        if (!micros) {
            return false;
        }
        put_length(at, 8);
        put_be(at, static_cast<std::uint64_t>(*micros));
        return true;
    }
    }
    return false;
}

} // namespace taxi_etl
