#include "taxi_etl/reload_check.hpp"

#include "taxi_etl/csv_header.hpp"
#include "taxi_etl/decompress.hpp"
#include "taxi_etl/error.hpp"
#include "taxi_etl/row_id.hpp"
#include "taxi_etl/source_reader.hpp"
#include "taxi_etl/sql.hpp"

#include <charconv>

namespace taxi_etl {

namespace {

std::optional<std::uint64_t> optional_number(std::string_view text)
{
    if (text.empty()) {
        return std::nullopt;
    }
    return std::stoull(std::string{text});
}

// 16 hex digits as the signed number their bits make.
std::int64_t signed_half(std::string_view hex)
{
    std::uint64_t bits = 0;
    auto const [end, error] =
        std::from_chars(hex.data(), hex.data() + hex.size(), bits, 16);
    if (error != std::errc{} || end != hex.data() + hex.size()) {
        fail(exit_code::internal, "not an md5 id: {}", hex);
    }
    return static_cast<std::int64_t>(bits);
}

} // namespace

std::optional<std::uint64_t> file_partition_rows(pg::connection &db,
                                                 trip_table const &table,
                                                 std::string const &file_name)
{
    auto const partition = file_partition(db, table, file_name);
    if (!partition) {
        return std::nullopt;
    }
    return partition_rows(db, *partition);
}

std::uint64_t partition_rows(pg::connection &db, std::string const &partition)
{
    return std::stoull(
        std::string{db.exec(fmt::format("SELECT count(*) FROM {}", partition)).get(0, 0)});
}

std::optional<loaded_file> recorded_load(pg::connection &db, trip_table const &table,
                                         std::string const &file_name)
{
    auto const res = db.exec_named("loaded_file_get", std::string{table.kind->name},
                                   table.schema, file_name, table.qualified);
    if (res.rows() == 0) {
        return std::nullopt;
    }
    loaded_file found;
    found.validators.etag = res.get(0, 0);
    found.validators.last_modified = res.get(0, 1);
    found.validators.length = optional_number(res.get(0, 2));
    if (auto const mtime = res.get(0, 3); !mtime.empty()) {
        found.validators.mtime_ns = std::stoll(std::string{mtime});
    }
    found.partition_rows = optional_number(res.get(0, 4));
    found.file_rows = std::stoull(std::string{res.get(0, 5)});
    return found;
}

void record_load(pg::connection &db, trip_table const &table, std::string const &file_name,
                 source_validators const &validators, std::uint64_t file_rows,
                 std::optional<std::uint64_t> partition_rows_known)
{
    auto const rows = partition_rows_known ? partition_rows_known
                                           : file_partition_rows(db, table, file_name);
    // A validator the source did not send is NULL.
    auto const sent = [](std::string const &value) {
        return value.empty() ? std::nullopt : std::optional<std::string>{value};
    };
    db.exec_named("loaded_file_record", std::string{table.kind->name}, table.schema,
                  file_name, table.qualified, sent(validators.etag),
                  sent(validators.last_modified), validators.length, validators.mtime_ns,
                  rows, file_rows);
}

void id_digest::add(std::string_view hex)
{
    if (hex.size() != 32) {
        fail(exit_code::internal, "not an md5 id: {}", hex);
    }
    ++count;
    high += signed_half(hex.substr(0, 16));
    low += signed_half(hex.substr(16));
}

std::string to_decimal(int128 value)
{
    bool const negative = value < 0;
    // Digits of the magnitude, built from the least significant one; the
    // unsigned type holds the magnitude of the most negative value too.
    __extension__ using uint128 = unsigned __int128;
    auto magnitude = negative ? -static_cast<uint128>(value) : static_cast<uint128>(value);
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + magnitude % 10));
        magnitude /= 10;
    } while (magnitude != 0);
    return negative ? "-" + digits : digits;
}

int128 parse_decimal(std::string_view text)
{
    bool const negative = text.starts_with('-');
    if (negative) {
        text.remove_prefix(1);
    }
    __extension__ using uint128 = unsigned __int128;
    uint128 magnitude = 0;
    for (char const c : text) {
        if (c < '0' || c > '9') {
            fail(exit_code::internal, "not a whole number: {}", text);
        }
        magnitude = magnitude * 10 + static_cast<unsigned>(c - '0');
    }
    return negative ? -static_cast<int128>(magnitude) : static_cast<int128>(magnitude);
}

void send_partition_id_digest(pg::connection &db, std::string const &partition)
{
    db.send(sql::render("partition_id_digest", fmt::arg("partition", partition)));
}

std::optional<id_digest> collect_partition_id_digest(pg::connection &db)
{
    auto const res = db.collect();
    if (res.get(0, 0) != res.get(0, 1)) {
        return std::nullopt;
    }
    return id_digest{std::stoull(std::string{res.get(0, 0)}), parse_decimal(res.get(0, 2)),
                     parse_decimal(res.get(0, 3))};
}

namespace {

// Takes the ids off the "pickup,unique_row_id" lines row_id_writer wrote.
void digest_lines(std::string &lines, bool &header_seen, id_digest &digest)
{
    std::string_view rest{lines};
    while (!rest.empty()) {
        auto const end = rest.find('\n');
        auto const line = rest.substr(0, end);
        rest.remove_prefix(end + 1);
        if (!header_seen) {
            header_seen = true;
            continue;
        }
        digest.add(line.substr(line.size() - 32));
    }
    lines.clear();
}

} // namespace

source_digest digest_source(source_spec const &source, transfer_options const &transfer,
                            taxi_kind const &kind, stream_counters &counters)
{
    source_digest result;
    header_guard header{kind, source.file_name};
    row_id_writer row_ids{kind, source.file_name, row_output::pickup_and_id};
    std::string lines;
    bool header_seen = false;
    decompressor inflater{source.shown,
                          [&](std::string_view text) {
                              row_ids.feed(header.feed(text), lines);
                              digest_lines(lines, header_seen, result.digest);
                              counters.lines = header.lines_seen();
                              return true;
                          },
                          transfer.max_bytes};
    read_source(
        source, transfer, [&](std::string_view chunk) { return inflater.feed(chunk); },
        counters.bytes_downloaded, &result.validators, &counters.bytes_expected);
    inflater.finish();
    header.finish();
    row_ids.finish(lines);
    digest_lines(lines, header_seen, result.digest);
    result.rows_without_id = row_ids.rows_without_id();
    result.pickup_day_rows = row_ids.pickup_day_rows();
    return result;
}

} // namespace taxi_etl
