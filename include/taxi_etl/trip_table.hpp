#pragma once

// The final table of a taxi kind ({taxi}_tripdata) and the staging table a
// run copies into: their DDL, the row id, and the merge between them.

#include "taxi_etl/copy_format.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/taxi_kind.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>

namespace taxi_etl {

struct trip_table
{
    taxi_kind const *kind;
    std::string schema;    // as the user gave it
    std::string name;      // green_tripdata
    std::string qualified; // "public"."green_tripdata", quoted for SQL
    std::string display;   // public.green_tripdata, for messages
};

trip_table make_trip_table(pg::connection &db, std::string const &schema,
                           taxi_kind const &kind);

// How a load waits for other sessions' locks: each wait gives up after
// timeout_seconds (0: waits as long as it takes), and `notify` is told
// when it waits for another run.
struct lock_policy
{
    unsigned timeout_seconds = 0;
    std::function<void(std::string const &)> notify = [](std::string const &) {};
};

// {"a","b"}: a set of values as a PostgreSQL array literal, each quoted
// (a file name may hold a comma, a quote or a backslash).
std::string array_literal(std::set<std::string> const &values);

// taxi-etl's own locks between runs, held to the end of the transaction,
// keyed on a text naming what they guard (advisory_lock in sql/trip_table.sql): the
// first waits (lock_timeout bounds it), the second returns false when
// another session holds the lock.
void advisory_lock(pg::connection &db, std::string const &key);
bool try_advisory_lock(pg::connection &db, std::string const &key);

// How the table is laid out, if it exists (see partition.hpp).
enum class table_layout
{
    missing,
    plain,       // the course's table, or an older taxi-etl's: never converted
    partitioned, // one partition per file
};

table_layout find_layout(pg::connection &db, trip_table const &table);

// Runs `read` (a query of the table before its lock is taken) in a
// savepoint rolled back right after, which releases the locks the read
// took on the partitions. Kept to the end of the transaction, they would
// deadlock this run, waiting for the table's lock, with the run holding
// it, whose ATTACH needs the DEFAULT partition to itself.
template <typename Read> auto without_keeping_locks(pg::connection &db, Read const &read)
{
    db.exec("SAVEPOINT taxi_etl_read");
    auto value = read();
    db.exec("ROLLBACK TO SAVEPOINT taxi_etl_read");
    return value;
}

// "vendorid text, lpep_pickup_datetime timestamp, ..."
std::string column_definitions(taxi_kind const &kind);

// "vendorid, lpep_pickup_datetime, ..."
std::string column_list(taxi_kind const &kind);

// The course's id: md5 over the text of the id columns of the typed row,
// each NULL taken as ''.
std::string row_id_expression(taxi_kind const &kind);

// The run's staging table, created with it (TEMP, dropped at the end of
// the transaction): a COPY fills it, then its rows are merged.
class staging_table
{
public:
    staging_table(pg::connection &db, taxi_kind const &kind);

    // The COPY target that fills it.
    [[nodiscard]] copy_target target() const;

    // Inserts the staged rows whose id is not in the table; returns how
    // many. `days` are the staged rows' pickup days if the client knows
    // them: rows of days the table has no rows of are inserted without a
    // lookup.
    std::uint64_t merge_into(trip_table const &table, std::string const &file_name,
                             std::optional<std::set<std::string>> const &days);

    // record_pending_months for the staged rows.
    void record_pending_months(trip_table const &table,
                               std::optional<std::set<std::string>> const &days);

private:
    pg::connection &m_db;
    taxi_kind const &m_kind;
};

// The probe of a reload, created with it (TEMP): a COPY fills it with the
// pickup and id of each row of a file (row_output::pickup_and_id). It is
// dropped when it goes out of scope (its rows would otherwise stay to the
// end of the load), or, on an exception, by the transaction's rollback.
class probe
{
public:
    explicit probe(pg::connection &db);
    ~probe() noexcept(false);
    probe(probe const &) = delete;
    probe &operator=(probe const &) = delete;

    // The COPY target that fills it.
    [[nodiscard]] static copy_target target();

    // How many of its rows the table does not hold; `days` are its pickup
    // days ("YYYY-MM-DD"). Gives up waiting for a session that holds the
    // table exclusively as prepare_trip_table does.
    std::uint64_t rows_missing(trip_table const &table, std::set<std::string> const &days,
                               unsigned lock_timeout_seconds);

private:
    pg::connection &m_db;
    int m_exceptions;
};

// Fails (exit_code::database) unless the existing table has every column
// of the kind, with its type, as prepare_trip_table checks.
void check_trip_table(pg::connection &db, trip_table const &table);

// Whether the schema exists (a catalog lookup, no lock taken).
bool schema_exists(pg::connection &db, std::string const &schema);

// Inside the load's transaction: takes the table's lock (waiting for other
// runs that merge into it, as `locks` says), creates the schema when
// missing, and checks that an existing table has the columns of the kind.
// Returns true when the table is missing: the caller creates it in this
// transaction (lock_or_create_table of partition.hpp).
bool prepare_trip_table(pg::connection &db, trip_table const &table,
                        lock_policy const &locks);

// Notes the pickup months of the file's rows in taxi_etl.pending_months, in
// the load's transaction, so the next incremental transform rebuilds them:
// the months of the days the client saw ("YYYY-MM-DD") or, when it was not
// sure of them, those the database finds in `rows` (the staging table, or
// the table a first load filled directly).
void record_pending_months(pg::connection &db, trip_table const &table,
                           std::optional<std::set<std::string>> const &days,
                           std::string_view rows);

// Creates the index on (pickup, unique_row_id) that the merge and the
// transform use on a plain table, if it has none. Called after the merge:
// building it once over a month costs about half of maintaining it row by
// row. A partitioned table has its own index already.
void ensure_indexes(pg::connection &db, trip_table const &table);

} // namespace taxi_etl
