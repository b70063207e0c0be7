#pragma once

// What one load of a month (or of one local file) is asked to do, and the
// paths it takes into its table, inside the load's transaction (BEGIN and
// the file's lock taken by load.cpp's merge_month, which picks the path);
// each path ends with COMMIT. See README, "How it works".

#include "taxi_etl/copy_format.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/report.hpp"
#include "taxi_etl/retry.hpp"
#include "taxi_etl/source.hpp"
#include "taxi_etl/taxi_kind.hpp"
#include "taxi_etl/trip_table.hpp"

#include <functional>
#include <string>

namespace taxi_etl {

struct load_request
{
    taxi_kind const *kind = nullptr;
    source_spec source;
    std::string conninfo; // empty: PG* environment variables
    std::string schema = "public";
    transfer_options transfer;
    // Transient failures restart the month from the beginning in a fresh
    // transaction (see retry.hpp).
    retry_policy retry;
    unsigned lock_timeout_seconds = 0; // 0: wait for the table's lock as long as it takes
    copy_format format = copy_format::automatic; // how rows travel to COPY
    bool show_progress = false;
    bool backfill = false; // labels the run in the history
    // Compare every id of the file with the table even when the source
    // says the file is unchanged (--verify).
    bool verify = false;
    // Told about waits worth knowing (another run holds the table's lock).
    std::function<void(std::string const &)> notify = [](std::string const &) {};
};

// A file the table has no rows of, in a table taxi-etl creates (or creates
// now): the file is written like a first load, into a table of its own
// (COPY FREEZE, its index in one sort) that becomes the file's partition.
load_result load_new_partition(pg::connection &db, load_request const &request,
                               trip_table const &table);

// A file with a partition of its own, in order of cost: unchanged at the
// source and in its partition (nothing read); the partition's ids against
// the file's (--verify, or the source changed); else staged and merged.
load_result reload_into_partition(pg::connection &db, load_request const &request,
                                  trip_table const &table, std::string const &partition);

// A plain table, or a file whose rows are in the DEFAULT partition: a file
// loaded before is compared row by row (pickup and id) first; else, or
// when rows are missing, staged and merged.
load_result reload_into_table(pg::connection &db, load_request const &request,
                              trip_table const &table);

} // namespace taxi_etl
