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
// until the end of the transaction: waits for such a run as `locks` says.
void lock_file(pg::connection &db, trip_table const &table, std::string const &file_name,
               lock_policy const &locks);

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

// A new file's partition, filled in the load's transaction as a table of
// its own, then attached; its steps in this order.
class new_partition
{
public:
    // Creates it in the table's schema, under a name no other relation has.
    new_partition(pg::connection &db, trip_table const &table, std::string file_name);

    // The COPY target that fills it, with FREEZE (no later rewrite of the
    // pages to mark the rows visible); a default sets filename.
    [[nodiscard]] copy_target target() const;

    // After the COPY: drops the default, computes with the course's
    // expression the ids the client left empty (rows_without_id of them),
    // and builds its index in one sort (before the table's lock, so that
    // concurrent loads of other files build theirs side by side).
    void finish(std::uint64_t rows_without_id);

    // Deletes its rows whose id the table holds already (`days` are the
    // file's pickup days, when the client knows them) and attaches it.
    // Under the table's lock (prepare_trip_table); ATTACH also waits for
    // readers of the DEFAULT partition, giving up as
    // file_in_default_partition does. Returns how many rows it deleted.
    std::uint64_t attach(std::optional<day_rows> const &days,
                         unsigned lock_timeout_seconds);

    // "public"."green_tripdata_2019_01"
    [[nodiscard]] std::string const &qualified() const noexcept
    {
        return m_partition.qualified;
    }

private:
    pg::connection &m_db;
    trip_table const &m_table;
    std::string m_file_name;
    trip_table m_partition;
};

// prepare_trip_table, and the table created partitioned when it is
// missing. Returns true when it created the table.
bool lock_or_create_table(pg::connection &db, trip_table const &table,
                          lock_policy const &locks);

} // namespace taxi_etl
