#pragma once

// What a reload of a file knows without merging it: the version of the
// source recorded by its last load (taxi_etl.loaded_files), the row count
// of the file's partition, and a digest of the file's ids to compare with
// the partition's.

#include "taxi_etl/partition.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/source.hpp"
#include "taxi_etl/taxi_kind.hpp"
#include "taxi_etl/trip_table.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace taxi_etl {

// The row count of a partition file_partition found.
std::uint64_t partition_rows(pg::connection &db, std::string const &partition);

// The row count of the file's partition; nothing as file_partition.
std::optional<std::uint64_t> file_partition_rows(pg::connection &db,
                                                 trip_table const &table,
                                                 std::string const &file_name);

struct loaded_file
{
    source_validators validators;
    std::optional<std::uint64_t> partition_rows;
    std::uint64_t file_rows = 0; // fewer in the partition: held by other files
};

// What the last load of the file into this very table recorded; nothing
// when none did (or the table was created again since).
std::optional<loaded_file> recorded_load(pg::connection &db, trip_table const &table,
                                         std::string const &file_name);

// In the load's transaction: records the version read, the file's row
// count, and the row count of the file's partition as it is now (counted,
// unless the caller knows it).
void record_load(pg::connection &db, trip_table const &table, std::string const &file_name,
                 source_validators const &validators, std::uint64_t file_rows,
                 std::optional<std::uint64_t> partition_rows_known = std::nullopt);

// An order-independent digest of md5 ids: their count and the exact sums
// of their two halves, each read as a signed 64-bit number (as PostgreSQL
// casts bit(64) to bigint). A repeated id counts each time.
__extension__ using int128 = __int128; // exact sums; -Wpedantic knows no __int128

struct id_digest
{
    std::uint64_t count = 0;
    int128 high = 0;
    int128 low = 0;

    // `hex`: 32 lower-case hex digits.
    void add(std::string_view hex);
    bool operator==(id_digest const &) const = default;
};

// Decimal text of a 128-bit sum, and back (as PostgreSQL prints a numeric
// whole number).
std::string to_decimal(int128 value);
int128 parse_decimal(std::string_view text);

// The digest of the partition's ids, in two halves (pg::connection::send,
// collect), so that the server computes it while the client reads the
// file; nothing when a row has no id.
void send_partition_id_digest(pg::connection &db, std::string const &partition);
std::optional<id_digest> collect_partition_id_digest(pg::connection &db);

struct source_digest
{
    id_digest digest;
    std::uint64_t rows_without_id = 0; // the digest then is not the file's
    // As copy_result's: the rows of each pickup day, when certain.
    std::optional<std::map<std::string, std::uint64_t>> pickup_day_rows;
    source_validators validators;
};

// Reads the source through the client only (download, inflate, header
// check, row ids: no COPY) and digests its ids. Throws as a load would.
source_digest digest_source(source_spec const &source, transfer_options const &transfer,
                            taxi_kind const &kind, stream_counters &counters);

} // namespace taxi_etl
