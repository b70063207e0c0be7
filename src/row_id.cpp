#include "taxi_etl/row_id.hpp"

#include "taxi_etl/csv_record.hpp"
#include "taxi_etl/value_text.hpp"

#include <algorithm>
#include <array>

namespace taxi_etl {

namespace {

// Text columns are hashed as the bytes the server stores. Those differ from
// the file's when the database is not UTF-8 and the text is not ASCII:
// such values are left to PostgreSQL.
bool is_ascii(std::string_view s)
{
    return std::ranges::all_of(
        s, [](char c) { return static_cast<unsigned char>(c) < 0x80U; });
}

} // namespace

row_id_writer::row_id_writer(taxi_kind const &kind, std::string source_name,
                             row_output output)
: m_output(output), m_framer(std::move(source_name))
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
}

row_id_writer::~row_id_writer() = default;

// The text CAST(value AS text) gives for one id column, appended to the md5
// input; false when the client is not sure of it.
bool row_id_writer::append_id_text(std::string_view field, column_type type,
                                   bool value_checked)
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
    case column_type::double_precision:
        return append_pg_double_text(value, m_md5_input);
    case column_type::timestamp:
        if (!value_checked && !pg_timestamp_text(value)) {
            return false;
        }
        m_md5_input += value; // a valid timestamp prints as its text
        return true;
    case column_type::text:
        if (!value_checked && !is_ascii(value)) {
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
    if (!split_csv_fields(record, m_fields_needed, m_fields)) {
        m_fields.clear(); // COPY reports the open quote
    }
    return id_of_fields(m_fields, false, hex_out);
}

bool row_id_writer::record_id(std::span<std::string_view const> fields, bool values_checked,
                              char *hex_out)
{
    if (!id_of_fields(fields, values_checked, hex_out)) {
        ++m_without_id;
        return false;
    }
    return true;
}

bool row_id_writer::id_of_fields(std::span<std::string_view const> fields,
                                 bool values_checked, char *hex_out)
{
    if (fields.size() < m_fields_needed) {
        m_days.lose_certainty();
        return false; // COPY reports the missing columns
    }
    auto const pickup_field = fields[m_pickup_index];
    auto const pickup = csv_value(pickup_field, m_value);
    if (!pickup_field.empty() && pickup.empty()) {
        // A quoted "" is no NULL: COPY refuses it for a timestamp.
        m_pickup_certain = false;
        m_days.lose_certainty();
    } else {
        m_pickup_certain = note_pickup_day(pickup, values_checked);
    }
    if (m_pickup_certain && m_output == row_output::pickup_and_id) {
        m_pickup.assign(pickup);
    }
    m_md5_input.clear();
    for (auto const &column : m_id_columns) {
        if (!append_id_text(fields[column.index], column.type, values_checked)) {
            return false;
        }
    }
    return m_md5.hex_digest(m_md5_input, hex_out);
}

bool row_id_writer::note_pickup_day(std::string_view field, bool value_checked)
{
    if (field.empty()) {
        return true; // NULL: no day
    }
    if (!value_checked && !pg_timestamp_text(field)) {
        m_days.lose_certainty();
        return false;
    }
    m_days.add(field.substr(0, 10));
    return true;
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
        std::array<char, md5_hasher::hex_size> hex{};
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
    std::array<char, md5_hasher::hex_size> hex{};
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
