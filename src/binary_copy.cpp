#include "taxi_etl/binary_copy.hpp"

#include "taxi_etl/error.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace taxi_etl {

namespace {

// Each entry: the file line (8 bytes), the length (4 bytes), the CSV line.
constexpr std::size_t entry_head = 12;

void append_entry(std::string &to, std::uint64_t line, std::string_view row)
{
    auto const length = static_cast<std::uint32_t>(row.size());
    to.append(reinterpret_cast<char const *>(&line), sizeof line);
    to.append(reinterpret_cast<char const *>(&length), sizeof length);
    to.append(row);
}

[[noreturn]] void fail_spill(char const *what)
{
    fail(exit_code::internal, "cannot {} the temporary file of rows sent as CSV: {}", what,
         std::strerror(errno));
}

} // namespace

set_aside_rows::set_aside_rows(std::size_t memory_limit) : m_memory_limit(memory_limit) {}

void set_aside_rows::add(std::uint64_t file_line, std::string_view csv_line)
{
    append_entry(m_pending, file_line, csv_line);
    ++m_count;
    if (m_pending.size() > m_memory_limit) {
        spill();
    }
}

void set_aside_rows::spill()
{
    if (!m_spill) {
        m_spill.reset(std::tmpfile()); // unlinked: gone when closed or the process dies
        if (!m_spill) {
            fail_spill("create");
        }
    }
    if (std::fseek(m_spill.get(), 0, SEEK_END) != 0 ||
        std::fwrite(m_pending.data(), 1, m_pending.size(), m_spill.get()) !=
            m_pending.size()) {
        fail_spill("write");
    }
    m_pending.clear();
}

void set_aside_rows::for_each(row_fn const &fn)
{
    std::string row;
    if (m_spill) {
        if (std::fflush(m_spill.get()) != 0 ||
            std::fseek(m_spill.get(), 0, SEEK_SET) != 0) {
            fail_spill("read");
        }
        std::uint64_t line = 0;
        std::uint32_t length = 0;
        while (std::fread(&line, sizeof line, 1, m_spill.get()) == 1) {
            if (std::fread(&length, sizeof length, 1, m_spill.get()) != 1) {
                fail_spill("read");
            }
            row.resize(length);
            if (length > 0 && std::fread(row.data(), 1, length, m_spill.get()) != length) {
                fail_spill("read");
            }
            if (!fn(line, row)) {
                return;
            }
        }
    }
    std::string_view rest = m_pending;
    while (rest.size() >= entry_head) {
        std::uint64_t line = 0;
        std::uint32_t length = 0;
        std::memcpy(&line, rest.data(), sizeof line);
        std::memcpy(&length, rest.data() + sizeof line, sizeof length);
        if (!fn(line, rest.substr(entry_head, length))) {
            return;
        }
        rest.remove_prefix(entry_head + length);
    }
}

void set_aside_rows::replay(std::size_t chunk_bytes,
                            std::function<void(std::string_view)> const &send)
{
    std::string chunk;
    for_each([&](std::uint64_t, std::string_view row) {
        if (!chunk.empty() && chunk.size() + row.size() > chunk_bytes) {
            send(chunk);
            chunk.clear();
        }
        chunk += row;
        return true;
    });
    if (!chunk.empty()) {
        send(chunk);
    }
}

// COPY counts the line breaks inside quoted values too, so a row spans
// lines here just as in the file.
std::optional<std::uint64_t> set_aside_rows::file_line(std::uint64_t copy_line)
{
    std::optional<std::uint64_t> found;
    std::uint64_t first = 1; // the copy line the row starts on
    for_each([&](std::uint64_t line, std::string_view row) {
        auto const breaks = static_cast<std::uint64_t>(std::ranges::count(row, '\n'));
        auto const last = first + (breaks > 0 ? breaks - 1 : 0);
        if (copy_line <= last) {
            found = line + (copy_line - first);
            return false;
        }
        first = last + 1;
        return true;
    });
    return found;
}

binary_copy_writer::binary_copy_writer(taxi_kind const &kind,
                                       std::string const &source_name,
                                       set_aside_rows &set_aside)
: m_framer(source_name), m_ids(kind, source_name), m_encoder(kind), m_set_aside(set_aside)
{
}

bool binary_copy_writer::feed(std::string_view text, std::string &out, std::size_t limit,
                              flush_fn const &flush)
{
    if (!m_started) {
        m_started = true;
        out += binary_copy_header();
    }
    m_framer.feed(text);
    while (auto const record = m_framer.next()) {
        if (!out.empty() &&
            out.size() + record->size() + m_encoder.max_overhead() > limit && !flush()) {
            return false;
        }
        write_record(*record, m_framer.record_line(), out);
    }
    return true;
}

void binary_copy_writer::finish(std::string &out)
{
    if (!m_started) {
        m_started = true;
        out += binary_copy_header();
    }
    if (auto const record = m_framer.finish()) {
        write_record(*record, m_framer.record_line(), out);
    }
    out += binary_copy_trailer();
}

// Each record is split once, for its tuple and its id; the tuple comes
// first, so that the id need not check the values again. A row set aside
// goes as the CSV line row_id_writer would have written: "id,record",
// ",record" without an id, "" if blank.
void binary_copy_writer::write_record(std::string_view record, std::uint64_t line,
                                      std::string &out)
{
    if (!m_header_seen) { // checked by header_guard; binary data has none
        m_header_seen = true;
        return;
    }
    if (record.empty()) {
        m_set_aside.add(line, "\n");
        return;
    }
    bool const split = split_csv_fields(record, m_encoder.field_count() + 1, m_fields);
    auto const start = out.size();
    bool const encoded = split && m_encoder.encode_fields(m_fields, record.size(), out);
    // An open quote spoils only the field it opens in: the ones before hold.
    std::span<std::string_view const> id_fields = m_fields;
    if (!split) {
        id_fields = id_fields.first(id_fields.size() - 1);
    }
    std::array<char, 32> hex{};
    bool const has_id = m_ids.record_id(id_fields, encoded, hex.data());
    std::string_view const id = has_id ? std::string_view{hex.data(), hex.size()} : "";
    if (encoded) {
        binary_row_encoder::put_id(out, start, id);
        return;
    }
    m_csv_line.clear();
    m_csv_line += id;
    m_csv_line += ',';
    m_csv_line += record;
    m_csv_line += '\n';
    m_set_aside.add(line, m_csv_line);
}

} // namespace taxi_etl
