#pragma once

// A file's rows as binary COPY data (binary_row.hpp), with the rows the
// client is not sure of set aside as CSV, to be copied after the binary
// COPY into the same table, so that PostgreSQL reads them (and reports
// their errors) exactly as when the whole file went as CSV.

#include "taxi_etl/binary_row.hpp"
#include "taxi_etl/csv_record.hpp"
#include "taxi_etl/row_id.hpp"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

// The rows set aside, each as the CSV line (id in front) the CSV COPY would
// have got, with the file line it starts on. Beyond `memory_limit` bytes
// they go to an unlinked temporary file, so memory stays bounded.
class set_aside_rows
{
public:
    explicit set_aside_rows(std::size_t memory_limit = std::size_t{4} << 20U);

    // `csv_line` ends in its LF.
    void add(std::uint64_t file_line, std::string_view csv_line);

    [[nodiscard]] std::uint64_t count() const noexcept { return m_count; }

    // Calls `send` with the rows in order, in chunks of whole rows of at
    // most `chunk_bytes` (or one longer row).
    void replay(std::size_t chunk_bytes, std::function<void(std::string_view)> const &send);

    // The file's line for line `copy_line` of the replayed data (its first
    // line is 1); nothing past the end.
    std::optional<std::uint64_t> file_line(std::uint64_t copy_line);

private:
    using row_fn = std::function<bool(std::uint64_t, std::string_view)>;
    void for_each(row_fn const &fn); // stops when fn returns false
    void spill();

    struct file_closer
    {
        void operator()(std::FILE *file) const noexcept { std::fclose(file); }
    };
    std::size_t m_memory_limit;
    std::string m_pending; // entries not spilled: line, length, bytes
    std::unique_ptr<std::FILE, file_closer> m_spill;
    std::uint64_t m_count = 0;
};

// Cuts text into records (as row_id_writer does), computes each row's id,
// and appends to the output the binary tuple of each row it is sure of;
// the other rows, blank lines among them, go to `set_aside`.
class binary_copy_writer
{
public:
    binary_copy_writer(taxi_kind const &kind, std::string const &source_name,
                       set_aside_rows &set_aside);

    using flush_fn = row_id_writer::flush_fn;

    // As row_id_writer::feed; the first output is the binary header.
    bool feed(std::string_view text, std::string &out, std::size_t limit,
              flush_fn const &flush);

    // After the last text: the last record, and the trailer.
    void finish(std::string &out);

    [[nodiscard]] std::uint64_t rows_without_id() const noexcept
    {
        return m_ids.rows_without_id();
    }
    [[nodiscard]] std::optional<std::set<std::string>> pickup_days() const
    {
        return m_ids.pickup_days();
    }
    [[nodiscard]] std::optional<std::map<std::string, std::uint64_t>>
    pickup_day_rows() const
    {
        return m_ids.pickup_day_rows();
    }

    // The most a record adds to the output besides its own text.
    [[nodiscard]] std::size_t max_record_overhead() const noexcept
    {
        return m_encoder.max_overhead();
    }

private:
    void write_record(std::string_view record, std::uint64_t line, std::string &out);

    csv_framer m_framer;
    row_id_writer m_ids;
    binary_row_encoder m_encoder;
    set_aside_rows &m_set_aside;
    std::vector<std::string_view> m_fields; // of the record being written
    std::string m_csv_line;                 // a row set aside, as CSV
    bool m_started = false;                 // the header is out
    bool m_header_seen = false;
};

} // namespace taxi_etl
