#pragma once

// The layout of the tables taxi-etl creates: {taxi}_tripdata partitioned by
// LIST (filename), one partition per file, and a DEFAULT partition for the
// rows of the course's own MERGE. A new file's partition is filled as a
// table of its own and attached; see README, "How it works".

#include "taxi_etl/pg.hpp"
#include "taxi_etl/trip_table.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace taxi_etl {

// "green_tripdata_2019_01" for green_tripdata_2019-01.csv: the file's name
// without ".csv", lower case, every other character than a-z, 0-9 and _
// made _, after the table's name unless it starts with it; at most 63
// bytes. With `suffix` (for a name taken by another relation), "_" and the
// suffix end it, still within 63 bytes.
std::string partition_name(std::string_view table_name, std::string_view file_name,
                           std::string_view suffix = {});

// Takes the lock that runs loading the same file into the table take,
// until the end of the transaction: waits for such a run (telling `notify`
// so; giving up after lock_timeout_seconds unless 0).
void lock_file(pg::connection &db, trip_table const &table, std::string const &file_name,
               unsigned lock_timeout_seconds,
               std::function<void(std::string const &)> const &notify);

// Whether a partitioned table without a partition of the file holds rows
// of it: in the DEFAULT partition, where the course's MERGE puts them. A
// lock wait gives up after lock_timeout_seconds (unless 0), naming the
// table.
bool file_in_default_partition(pg::connection &db, trip_table const &table,
                               std::string const &file_name, unsigned lock_timeout_seconds);

// The partition of `table` bound to this file alone, as SQL text
// ("public"."green_tripdata_2019_01"), found by its bound without a lock;
// nothing for a plain table or a file without a partition of its own.
std::optional<std::string> file_partition(pg::connection &db, trip_table const &table,
                                          std::string const &file_name);

// Creates the file's partition as a table of its own, in the table's
// schema, under a name no other relation has; returns it.
trip_table create_file_partition(pg::connection &db, trip_table const &table,
                                 std::string const &file_name);

// Builds the partition's index in one sort (before the table's lock, so
// that concurrent loads of other files build theirs side by side).
void index_file_partition(pg::connection &db, trip_table const &partition);

// The file's rows of each pickup day ("YYYY-MM-DD"), as the client counted.
using day_rows = std::map<std::string, std::uint64_t>;

// The file's days in two: the busy ones (its own month's) and the quiet
// ones, each under 1% of its rows (a few rows dated outside its month, on
// days another file fills). The rows other files hold are found, on busy
// days, by reading the table's rows of the day (few: other files' strays)
// and, on quiet days, by looking the file's rows up in the table: both
// sides small, where reading the table's rows of every day read nearly a
// whole earlier month for each later one.
struct day_split
{
    std::set<std::string> busy;
    std::set<std::string> quiet;
};
day_split split_days(day_rows const &days);

// Deletes the partition's rows whose id the table holds already (`days`
// are the file's pickup days, when the client knows them) and attaches it.
// Under the table's lock (prepare_trip_table); ATTACH also waits for
// readers of the DEFAULT partition, giving up as file_in_default_partition does.
// Returns how many rows it deleted.
std::uint64_t attach_file_partition(pg::connection &db, trip_table const &table,
                                    trip_table const &partition,
                                    std::string const &file_name,
                                    std::optional<day_rows> const &days,
                                    unsigned lock_timeout_seconds);

// The name create_trip_table.sql gives the DEFAULT partition: a free one.
std::string default_partition_name(pg::connection &db, trip_table const &table);

// Creates the table partitioned by file, with its DEFAULT partition and
// the partitioned index on the pickup (create_trip_table.sql).
void create_partitioned_table(pg::connection &db, trip_table const &table);

// "green_tripdata_pickup_idx", a partitioned table's index
std::string partitioned_index_name(trip_table const &table);

// prepare_trip_table, and the table created partitioned when it is
// missing. Returns true when it created the table.
bool lock_or_create_table(pg::connection &db, trip_table const &table,
                          unsigned lock_timeout_seconds,
                          std::function<void(std::string const &)> const &notify);

} // namespace taxi_etl
