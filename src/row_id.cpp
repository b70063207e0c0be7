#include "taxi_etl/row_id.hpp"

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

// The plain decimal forms the TLC writes: "6", "-5.5", ".86", "1.50", "1e3".
// Anything else (spaces, "Infinity", hex) is left to PostgreSQL.
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

// CSV field content: "a""b" -> a"b.
std::string_view unquote(std::string_view field, std::string &buffer)
{
    if (field.size() < 2 || field.front() != '"' || field.back() != '"') {
        return field;
    }
    field = field.substr(1, field.size() - 2);
    if (field.find('"') == std::string_view::npos) {
        return field;
    }
    buffer.clear();
    for (std::size_t i = 0; i < field.size(); ++i) {
        buffer += field[i];
        if (field[i] == '"' && i + 1 < field.size() && field[i + 1] == '"') {
            ++i;
        }
    }
    return buffer;
}

// Splits a record into its first `count` fields (or fewer, if it has fewer),
// honouring quotes.
void split_fields(std::string_view record, std::size_t count,
                  std::vector<std::string_view> &fields)
{
    fields.clear();
    bool const quoted = record.find('"') != std::string_view::npos;
    std::size_t start = 0;
    while (fields.size() < count) {
        std::size_t end = start;
        if (quoted) {
            bool in_quotes = false;
            while (end < record.size() && (in_quotes || record[end] != ',')) {
                in_quotes = record[end] == '"' ? !in_quotes : in_quotes;
                ++end;
            }
        } else {
            end = std::min(record.find(',', start), record.size());
        }
        fields.push_back(record.substr(start, end - start));
        if (end >= record.size()) {
            return;
        }
        start = end + 1;
    }
}

} // namespace

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

row_id_writer::row_id_writer(taxi_kind const &kind, row_output output)
: m_output(output), m_md5(EVP_MD_CTX_new())
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
    if (!m_md5) {
        fail(exit_code::internal, "cannot create an MD5 context");
    }
}

row_id_writer::~row_id_writer() = default;

bool row_id_writer::compute_id(std::string_view record, char *hex_out)
{
    split_fields(record, m_fields_needed, m_fields);
    if (m_fields.size() < m_fields_needed) {
        m_days_certain = false;
        return false; // COPY reports the missing columns
    }
    auto const pickup = unquote(m_fields[m_pickup_index], m_unquoted);
    m_pickup_certain = note_pickup_day(pickup);
    if (m_output == row_output::pickup_and_id) {
        m_pickup.assign(pickup); // the id columns' unquoting reuses the buffer
    }
    m_md5_input.clear();
    for (auto const &column : m_id_columns) {
        auto const field = unquote(m_fields[column.index], m_unquoted);
        // COPY reads an empty unquoted field as NULL, and COALESCE(.., '')
        // turns NULL into ''; a quoted "" is '' too.
        if (field.empty()) {
            continue;
        }
        switch (column.type) {
        case column_type::double_precision: {
            auto text = pg_double_text(field);
            if (!text) {
                return false;
            }
            m_md5_input += *text;
            break;
        }
        case column_type::timestamp: {
            auto text = pg_timestamp_text(field);
            if (!text) {
                return false;
            }
            m_md5_input += *text;
            break;
        }
        case column_type::text:
            m_md5_input += field;
            break;
        case column_type::integer:
            return false; // no kind hashes an integer column
        }
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestInit_ex(m_md5.get(), EVP_md5(), nullptr) != 1 ||
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

void row_id_writer::write_record(std::string_view record, std::string &out)
{
    if (m_output == row_output::pickup_and_id) {
        write_pickup_and_id(record, out);
        return;
    }
    if (!m_header_done) {
        m_header_done = true;
        out += "unique_row_id,";
    } else if (!record.empty() && record != "\r") {
        // A blank line gets no id, so COPY reports it as it would have.
        std::array<char, 32> hex{};
        if (compute_id(record.ends_with('\r') ? record.substr(0, record.size() - 1)
                                              : record,
                       hex.data())) {
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
    if (record.ends_with('\r')) {
        record.remove_suffix(1);
    }
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

void row_id_writer::feed(std::string_view text, std::string &out)
{
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto newline = text.find('\n', pos);
        auto const segment =
            text.substr(pos, newline == std::string_view::npos ? std::string_view::npos
                                                               : newline - pos);
        // An odd number of quotes flips the state: "" inside a quoted field
        // counts twice and so changes nothing.
        if (std::ranges::count(segment, '"') % 2 == 1) {
            m_in_quotes = !m_in_quotes;
        }
        if (newline == std::string_view::npos) {
            m_partial += segment;
            return;
        }
        pos = newline + 1;
        if (m_in_quotes) { // the line end is inside a quoted field
            m_partial += segment;
            m_partial += '\n';
            continue;
        }
        if (m_partial.empty()) {
            write_record(segment, out);
        } else {
            m_partial += segment;
            write_record(m_partial, out);
            m_partial.clear();
        }
    }
}

void row_id_writer::finish(std::string &out)
{
    if (!m_partial.empty()) {
        write_record(m_partial, out);
        if (m_output == row_output::whole_row) {
            out.pop_back(); // no line end was there
        }
        m_partial.clear();
    }
}

} // namespace taxi_etl
