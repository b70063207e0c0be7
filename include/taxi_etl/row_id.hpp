#pragma once

// The course's unique_row_id computed in the client while the file streams,
// so that PostgreSQL does not have to: md5 over the text PostgreSQL would
// print for each id column of the typed row (the course's formula, in
// README.md's "The tables").
//
// Only values whose text form is certain are handled here: canonical
// timestamps and decimal numbers printed in fixed notation. For any other
// row the id is left empty and the merge computes it in SQL, so the result
// is byte-identical either way.

#include "taxi_etl/csv_record.hpp"
#include "taxi_etl/md5.hpp"
#include "taxi_etl/pickup_days.hpp"
#include "taxi_etl/taxi_kind.hpp"
#include "taxi_etl/value_text.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

// What each record of the file becomes.
enum class row_output
{
    whole_row,     // the row with its id in front, for COPY into a trip table
    pickup_and_id, // its pickup and id only ("pickup,unique_row_id" header),
                   // to ask whether a table holds every row of a file
};

// Turns CSV text into CSV text with the row id as a first column (or the
// pickup and id only). Records may be split across calls; records and
// fields are read as COPY reads them (csv_record.hpp), and what COPY would
// read otherwise is refused with etl_error(bad_data) naming source_name.
class row_id_writer
{
public:
    row_id_writer(taxi_kind const &kind, std::string source_name,
                  row_output output = row_output::whole_row);
    ~row_id_writer();
    row_id_writer(row_id_writer const &) = delete;
    row_id_writer &operator=(row_id_writer const &) = delete;

    // Called when the next record would not fit in the output: must empty
    // it, or return false to stop.
    using flush_fn = std::function<bool()>;

    // The most a record adds to the output besides its own text.
    static constexpr std::size_t max_record_overhead = 34; // id, comma, LF

    // Appends to `out` each complete record of `text` with its id (or an
    // empty first field) in front; the header line gets "unique_row_id".
    // Before a record that would take a non-empty `out` past `limit`, calls
    // `flush`; false if that stopped the feed.
    bool feed(std::string_view text, std::string &out,
              std::size_t limit = std::string::npos, flush_fn const &flush = {});

    // Call after the last text: writes a last record that had no line end.
    void finish(std::string &out);

    // Rows whose id is left to the database. With pickup_and_id, also the
    // records that were left out: they have no id (or are blank lines).
    [[nodiscard]] std::uint64_t rows_without_id() const noexcept { return m_without_id; }

    // The pickup days of the records so far, as "YYYY-MM-DD" (rows without
    // a pickup have none), for the merge and the transform's bookkeeping.
    // Nothing when a pickup was not certain text: then the database works
    // them out. The fields are split here anyway, and this spares the load
    // passes over the staged rows.
    [[nodiscard]] std::optional<std::set<std::string>> pickup_days() const
    {
        return m_days.days();
    }

    // The same days with the number of records of each.
    [[nodiscard]] std::optional<std::map<std::string, std::uint64_t>>
    pickup_day_rows() const
    {
        return m_days.day_rows();
    }

    // Appends one record as feed() does (the first record written is the
    // header), for a caller that cuts the records itself.
    void write_record(std::string_view record, std::string &out);

    // The id of a record the caller split (csv_record.hpp), from its first
    // fields, written as 32 hex digits at `hex_out`; false, and counted in
    // rows_without_id(), when the client is not sure of it. With
    // `values_checked`, the caller found each non-empty field a valid value
    // of its column (binary_row_encoder does), so they are not checked
    // again.
    bool record_id(std::span<std::string_view const> fields, bool values_checked,
                   char *hex_out);

private:
    void write_pickup_and_id(std::string_view record, std::string &out);
    bool compute_id(std::string_view record, char *hex_out);
    bool id_of_fields(std::span<std::string_view const> fields, bool values_checked,
                      char *hex_out);
    bool append_id_text(std::string_view field, column_type type, bool value_checked);
    // Whether the pickup is certain text, or empty (NULL).
    bool note_pickup_day(std::string_view field, bool value_checked);

    struct id_column
    {
        std::size_t index; // in the CSV record
        column_type type;
    };
    row_output m_output;
    std::string m_pickup;         // the last record's pickup (pickup_and_id only)
    bool m_pickup_certain = true; // and whether it is certain text or empty
    std::vector<id_column> m_id_columns;
    std::size_t m_last_id_index = 0;
    std::size_t m_pickup_index = 0;
    std::size_t m_fields_needed = 0; // fields split off each record
    pickup_day_counter m_days;
    csv_framer m_framer;
    bool m_header_done = false;
    std::uint64_t m_without_id = 0;
    std::string m_md5_input;
    std::vector<std::string_view> m_fields;
    std::string m_value; // the value of a quoted field
    md5_hasher m_md5;
};

} // namespace taxi_etl
