#include "taxi_etl/row_id.hpp"

#include "taxi_etl/csv_record.hpp"
#include "taxi_etl/error.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

namespace taxi_etl {

namespace {

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int two_digits(std::string_view s, std::size_t at)
{
    return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

bool is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month)
{
    constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29
                                            : days[static_cast<std::size_t>(month - 1)];
}

// Text columns are hashed as the bytes the server stores. Those differ from
// the file's when the database is not UTF-8 and the text is not ASCII:
// such values are left to PostgreSQL.
bool is_ascii(std::string_view s)
{
    return std::ranges::all_of(
        s, [](char c) { return static_cast<unsigned char>(c) < 0x80U; });
}

} // namespace

bool is_plain_number(std::string_view s)
{
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        ++i;
    }
    std::size_t digits = 0;
    while (i < s.size() && is_digit(s[i])) {
        ++i;
        ++digits;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && is_digit(s[i])) {
            ++i;
            ++digits;
        }
    }
    if (digits == 0) {
        return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
            ++i;
        }
        std::size_t exponent_digits = 0;
        while (i < s.size() && is_digit(s[i])) {
            ++i;
            ++exponent_digits;
        }
        if (exponent_digits == 0) {
            return false;
        }
    }
    return i == s.size();
}

std::optional<std::string> pg_double_text(std::string_view field)
{
    if (!is_plain_number(field)) {
        return std::nullopt;
    }
    if (field.front() == '+') { // from_chars takes no plus sign
        field.remove_prefix(1);
    }
    double value = 0.0;
    auto const [end, error] =
        std::from_chars(field.data(), field.data() + field.size(), value);
    if (error != std::errc{} || end != field.data() + field.size() ||
        !std::isfinite(value)) {
        return std::nullopt;
    }
    if (value == 0.0) {
        return std::signbit(value) ? "-0" : "0";
    }
    // The shortest digits that read back as the same double: what
    // PostgreSQL prints with extra_float_digits > 0 (its Ryu-based output).
    std::array<char, 32> scientific{};
    auto const written =
        std::to_chars(scientific.data(), scientific.data() + scientific.size(), value,
                      std::chars_format::scientific);
    std::string_view const text{scientific.data(),
                                static_cast<std::size_t>(written.ptr - scientific.data())};
    auto const e = text.find('e');
    int exponent = 0;
    std::from_chars(text.data() + e + (text[e + 1] == '+' ? 2 : 1),
                    text.data() + text.size(), exponent);
    // PostgreSQL switches to exponent notation outside [1e-4, 1e15), like
    // printf's %g; those rare values are left to it.
    if (exponent < -4 || exponent >= 15) {
        return std::nullopt;
    }
    std::string digits;
    for (char c : text.substr(0, e)) {
        if (is_digit(c)) {
            digits += c;
        }
    }
    std::string out = value < 0 ? "-" : "";
    if (exponent < 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-exponent - 1), '0');
        out += digits;
        return out;
    }
    auto const integer_digits = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= integer_digits) {
        out += digits;
        out.append(integer_digits - digits.size(), '0');
        return out;
    }
    out += digits.substr(0, integer_digits);
    out += '.';
    out += digits.substr(integer_digits);
    return out;
}

std::optional<std::string_view> pg_timestamp_text(std::string_view field)
{
    constexpr std::string_view shape = "dddd-dd-dd dd:dd:dd";
    if (field.size() != shape.size()) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == 'd' ? !is_digit(field[i]) : field[i] != shape[i]) {
            return std::nullopt;
        }
    }
    int const year = two_digits(field, 0) * 100 + two_digits(field, 2);
    int const month = two_digits(field, 5);
    int const day = two_digits(field, 8);
    // Second 60 is a leap second that PostgreSQL rolls over: left to it.
    if (year < 1 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month) || two_digits(field, 11) > 23 ||
        two_digits(field, 14) > 59 || two_digits(field, 17) > 59) {
        return std::nullopt;
    }
    return field;
}

row_id_writer::row_id_writer(taxi_kind const &kind, std::string source_name,
                             row_output output)
: m_output(output), m_framer(std::move(source_name)), m_md5(EVP_MD_CTX_new()),
  // Fetched once: EVP_md5() makes every digest look the algorithm up
  // again, under a lock.
  m_md5_type(EVP_MD_fetch(nullptr, "MD5", nullptr))
{
    for (auto const &name : kind.row_id_columns) {
        auto const it = std::ranges::find(kind.columns, name, &column_spec::header_name);
        auto const index = static_cast<std::size_t>(it - kind.columns.begin());
        m_id_columns.push_back({index, it->type});
        m_last_id_index = std::max(m_last_id_index, index);
    }
    auto const pickup =
        std::ranges::find(kind.columns, kind.pickup_column, &column_spec::header_name);
    m_pickup_index = static_cast<std::size_t>(pickup - kind.columns.begin());
    m_fields_needed = std::max(m_last_id_index, m_pickup_index) + 1;
    if (!m_md5 || !m_md5_type) {
        fail(exit_code::internal, "cannot create an MD5 context");
    }
}

row_id_writer::~row_id_writer() = default;

// The text CAST(value AS text) gives for one id column, appended to the md5
// input; false when the client is not sure of it.
bool row_id_writer::append_id_text(std::string_view field, column_type type)
{
    // COPY reads an empty field as NULL, and COALESCE(.., '') turns NULL
    // into ''.
    if (field.empty()) {
        return true;
    }
    auto const value = csv_value(field, m_value);
    if (value.empty()) {
        // A quoted "": '' for text, refused by COPY for the other types.
        return type == column_type::text;
    }
    switch (type) {
    case column_type::double_precision: {
        auto text = pg_double_text(value);
        if (!text) {
            return false;
        }
        m_md5_input += *text;
        return true;
    }
    case column_type::timestamp: {
        auto text = pg_timestamp_text(value);
        if (!text) {
            return false;
        }
        m_md5_input += *text;
        return true;
    }
    case column_type::text:
        if (!is_ascii(value)) {
            return false;
        }
        m_md5_input += value;
        return true;
    case column_type::integer:
        return false; // no kind hashes an integer column
    }
    return false;
}

bool row_id_writer::compute_id(std::string_view record, char *hex_out)
{
    if (!split_csv_fields(record, m_fields_needed, m_fields) ||
        m_fields.size() < m_fields_needed) {
        m_days_certain = false;
        return false; // COPY reports the missing columns
    }
    auto const pickup_field = m_fields[m_pickup_index];
    auto const pickup = csv_value(pickup_field, m_value);
    if (!pickup_field.empty() && pickup.empty()) {
        // A quoted "" is no NULL: COPY refuses it for a timestamp.
        m_pickup_certain = m_days_certain = false;
    } else {
        m_pickup_certain = note_pickup_day(pickup);
    }
    if (m_pickup_certain && m_output == row_output::pickup_and_id) {
        m_pickup.assign(pickup);
    }
    m_md5_input.clear();
    for (auto const &column : m_id_columns) {
        if (!append_id_text(m_fields[column.index], column.type)) {
            return false;
        }
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestInit_ex(m_md5.get(), m_md5_type.get(), nullptr) != 1 ||
        EVP_DigestUpdate(m_md5.get(), m_md5_input.data(), m_md5_input.size()) != 1 ||
        EVP_DigestFinal_ex(m_md5.get(), digest.data(), &length) != 1 || length != 16) {
        return false;
    }
    constexpr std::string_view hex = "0123456789abcdef";
    for (std::size_t i = 0; i < 16; ++i) {
        hex_out[2 * i] = hex[digest[i] >> 4U];
        hex_out[2 * i + 1] = hex[digest[i] & 0x0FU];
    }
    return true;
}

bool row_id_writer::note_pickup_day(std::string_view field)
{
    if (field.empty()) {
        return true; // NULL: no day
    }
    if (!pg_timestamp_text(field)) {
        m_days_certain = false;
        return false;
    }
    auto const day = field.substr(0, 10);
    if (day != m_last_day) {
        m_last_day = day;
        m_days.insert(m_last_day);
    }
    return true;
}

std::optional<std::set<std::string>> row_id_writer::pickup_days() const
{
    if (!m_days_certain) {
        return std::nullopt;
    }
    return m_days;
}

// Every record goes on with an LF: the framer checked that the file's line
// ends are all alike and that no other CR lies outside quotes, so COPY
// reads the records as it would have read the file.
void row_id_writer::write_record(std::string_view record, std::string &out)
{
    if (m_output == row_output::pickup_and_id) {
        write_pickup_and_id(record, out);
        return;
    }
    if (!m_header_done) {
        m_header_done = true;
        out += "unique_row_id,";
    } else if (!record.empty()) {
        // A blank line gets no id, so COPY reports it as it would have.
        std::array<char, 32> hex{};
        if (compute_id(record, hex.data())) {
            out.append(hex.data(), hex.size());
        } else {
            ++m_without_id;
        }
        out += ',';
    }
    out += record;
    out += '\n';
}

// A record without an id is left out and counted: the caller must then
// not take the ids written for all of the file's rows.
void row_id_writer::write_pickup_and_id(std::string_view record, std::string &out)
{
    if (!m_header_done) {
        m_header_done = true;
        out += "pickup,unique_row_id\n";
        return;
    }
    std::array<char, 32> hex{};
    // Only a pickup that is certain text (or none, NULL) is written, so that
    // the COPY of these never fails on a row that the full COPY would take.
    if (record.empty() || !compute_id(record, hex.data()) || !m_pickup_certain) {
        ++m_without_id;
        return;
    }
    out += m_pickup;
    out += ',';
    out.append(hex.data(), hex.size());
    out += '\n';
}

bool row_id_writer::feed(std::string_view text, std::string &out, std::size_t limit,
                         flush_fn const &flush)
{
    m_framer.feed(text);
    while (auto const record = m_framer.next()) {
        if (!out.empty() && out.size() + record->size() + max_record_overhead > limit &&
            !flush()) {
            return false;
        }
        write_record(*record, out);
    }
    return true;
}

void row_id_writer::finish(std::string &out)
{
    if (auto const record = m_framer.finish()) {
        write_record(*record, out);
    }
}

} // namespace taxi_etl
