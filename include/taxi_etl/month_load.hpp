#pragma once

// What one load of a month (or of one local file) is asked to do, and the
// owner of its database work: one transaction on the load's connection,
// into one table, waiting for other sessions' locks as the request says.
// The paths it takes are in load_paths.hpp.

#include "taxi_etl/copy_format.hpp"
#include "taxi_etl/lock_wait.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/retry.hpp"
#include "taxi_etl/source.hpp"
#include "taxi_etl/taxi_kind.hpp"
#include "taxi_etl/trip_table.hpp"

#include <functional>
#include <optional>
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
    // A file with a header and no rows loads (--allow-empty); else it fails.
    bool allow_empty = false;
    // Told about waits worth knowing (another run holds the table's lock).
    std::function<void(std::string const &)> notify = [](std::string const &) {};
};

// One attempt at loading the request's file into its table, in one
// transaction: begun, and the file's lock taken, when it is made; ended by
// commit(), or rolled back when it goes out of scope uncommitted. Every
// lock wait gives up after --lock-timeout, naming what it waited for.
class month_load
{
public:
    // A second run of the same file waits here, then finds its rows held.
    month_load(pg::connection &db, load_request const &request);

    [[nodiscard]] pg::connection &db() const noexcept { return m_db; }
    [[nodiscard]] load_request const &request() const noexcept { return m_request; }
    [[nodiscard]] std::string const &file_name() const noexcept
    {
        return m_request.source.file_name;
    }
    [[nodiscard]] trip_table const &table() const noexcept { return m_table; }
    [[nodiscard]] lock_policy const &locks() const noexcept { return m_locks; }

    // The table as it is (partition.hpp): layout, the file's own partition,
    // its rows in the DEFAULT partition, the schema.
    table_layout layout();
    std::optional<std::string> own_partition();
    bool file_in_default_partition();
    bool schema_exists();
    // Fails unless the existing table has every column of the kind.
    void check_table();

    // The table's lock, held to the end: the table (and its schema)
    // created partitioned when missing.
    void lock_or_create_table();

    // Whether a successful run loaded this file into this schema before.
    bool loaded_before();

    // Runs `read`, a query of the table that waits for a session holding
    // it exclusively, giving up after --lock-timeout as the merge would.
    template <typename Read> auto reading_table(Read const &read)
    {
        return lock_wait::giving_up_on_lock_timeout(m_db, m_table.display,
                                                    m_locks.timeout_seconds, read);
    }

    void commit() { m_transaction.commit(); }

private:
    pg::connection &m_db;
    load_request const &m_request;
    lock_policy m_locks;
    trip_table m_table;
    pg::transaction m_transaction;
};

} // namespace taxi_etl
