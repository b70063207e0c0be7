#pragma once

// Which files of a taxi kind the table still holds: the one place that
// says whether a month counts as loaded (status, backfill, sync). A run's
// word is not enough: the table may have been dropped, created again,
// truncated or emptied since. Reads only (SELECT, and the catalog).

#include "taxi_etl/pg.hpp"
#include "taxi_etl/taxi_kind.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace taxi_etl::loaded {

// What the last load of a file recorded (taxi_etl.loaded_files); nothing
// for a file loaded before that existed.
struct load_record
{
    std::uint32_t table_oid = 0;
    std::optional<std::uint32_t> relfilenode; // of its partition or the plain table
    std::optional<std::uint64_t> partition_rows;
    std::uint64_t file_rows = 0;
};

// The table as it is now.
struct table_now
{
    bool exists = false;
    std::uint32_t oid = 0;
};

// One file: what was recorded and what is found.
struct file_facts
{
    std::optional<load_record> record;
    std::optional<std::uint32_t> relfilenode; // now, of the relation holding its rows
    std::optional<std::uint64_t> rows;        // counted in the table, when asked for
};

// Whether the rows of the file must be counted (or looked for) in the
// table to decide: for a file with its own partition, always; for a plain
// table whose relfilenode changed, or a file the history alone knows; for
// every file with `verify`.
bool needs_count(table_now const &table, file_facts const &file, bool verify);

struct verdict
{
    bool held = false;
    std::string reason; // why not: "table truncated since it was loaded", ...
};

// The decision, from the facts (rows counted when needs_count said so).
// With `verify`, a file without a partition of its own is compared with the
// rows the file had.
verdict decide(table_now const &table, file_facts const &file, bool verify);

struct file_state
{
    std::string file_name;
    std::int64_t run_id = 0; // the newest run that loaded it
    std::string finished;    // "2026-11-25 10:00", its end
    bool held = false;
    std::string reason;     // when not held
    std::uint64_t rows = 0; // held: counted, else as the load recorded
};

// Every file of the kind that a run loaded into `schema` (of `only`, when
// not empty: the table is read for those alone), in name order. Needs the
// taxi_etl schema (history::schema_version() > 0).
std::vector<file_state> held_files(pg::connection &db, taxi_kind const &kind,
                                   std::string const &schema, bool verify,
                                   std::set<std::string> const &only = {});

} // namespace taxi_etl::loaded
