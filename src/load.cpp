#include "taxi_etl/load.hpp"

#include "taxi_etl/db_errors.hpp"
#include "taxi_etl/history.hpp"
#include "taxi_etl/interrupt.hpp"
#include "taxi_etl/load_paths.hpp"
#include "taxi_etl/lock_wait.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/sql.hpp"

#include <chrono>

namespace taxi_etl {

namespace {

// The month itself: everything between BEGIN and COMMIT, by the path the
// table and the file call for (see README, "How it works").
// One attempt; load_month() sets the time of the whole load.
load_result merge_month(pg::connection &db, load_request const &request)
{
    // One transaction: the rows reach the final table together at COMMIT,
    // or, on any failure or if the process dies, not at all, and the
    // staging table (or a partition this load created) goes with it.
    month_load month{db, request};
    switch (month.layout()) {
    case table_layout::missing:
        // A new table: created partitioned, the file its first partition.
        return load_new_partition(month);
    case table_layout::partitioned:
        if (auto const partition = month.own_partition()) {
            return reload_into_partition(month, *partition);
        }
        if (!month.file_in_default_partition()) {
            return load_new_partition(month);
        }
        break; // the course's MERGE put the file's rows in the DEFAULT partition
    case table_layout::plain:
        break; // the course's table, or an older taxi-etl's: never converted
    }
    return reload_into_table(month);
}

// Best effort: the failure must be reported even if it cannot be recorded.
void record_failure(pg::connection &db, load_request const &request, std::int64_t run_id,
                    etl_error const &error) noexcept
{
    try {
        if (db.is_connected()) {
            pg::connection::cleaning_up const on_the_way_out{db};
            // month_load's guard has rolled back, unless its ROLLBACK failed.
            if (db.in_transaction()) {
                db.exec("ROLLBACK");
            }
            history::fail_run(db, run_id, error);
            return;
        }
        // The load's connection is gone (terminated, network lost): use a new one.
        pg::connection fresh{request.conninfo};
        history::fail_run(fresh, run_id, error);
    } catch (...) {
        // The database is unreachable; the next run marks this one interrupted.
    }
}

// A new connection with the run's session: its settings and lock_timeout.
pg::connection open_session(load_request const &request)
{
    pg::connection db{request.conninfo};
    db.exec_named("session_settings");
    // --lock-timeout bounds every lock wait of the run, the history's too.
    set_lock_timeout(db, request.lock_timeout_seconds);
    return db;
}

// A failure of the database that may pass (see db_errors.hpp).
bool is_transient_database_failure(etl_error const &error, pg::connection const &db)
{
    return error.code() == exit_code::database &&
           db_errors::is_transient(db_errors::sqlstate_of(error), !db.is_connected());
}

// Ends the failed attempt's transaction (if month_load's guard could not);
// false when the connection is gone
// (the server has rolled the transaction back) and a new one is needed.
bool roll_back(pg::connection &db) noexcept
{
    try {
        if (db.is_connected() && db.in_transaction()) {
            db.exec("ROLLBACK");
        }
        return db.is_connected();
    } catch (etl_error const &) {
        return false;
    }
}

// Runs merge_month until it succeeds, fails for good, or runs out of
// retries. A lost connection is replaced before the next attempt, and the
// run's history row follows it to the new backend.
load_result merge_month_with_retries(pg::connection &db, load_request const &request,
                                     std::int64_t run_id)
{
    bool reconnect = false;
    for (unsigned retry = 1;; ++retry) {
        try {
            if (reconnect) {
                // The lock_wait watch belongs to the run, not to the connection.
                auto *const watch = db.watch();
                db = open_session(request);
                db.set_wait_watch(watch);
                lock_wait::giving_up_on_lock_timeout(
                    db, history::lock_name, request.lock_timeout_seconds,
                    [&] { history::reattach_run(db, run_id); });
                reconnect = false;
            }
            // --max-time bounds each attempt, reading the probe and the file.
            auto attempt = request;
            attempt.transfer.attempt_started = std::chrono::steady_clock::now();
            return merge_month(db, attempt);
        } catch (etl_error const &error) {
            bool const transient =
                error.is_transient() || is_transient_database_failure(error, db);
            if (!transient || retry > request.retry.retries || interrupt::received() != 0) {
                throw;
            }
            reconnect = !roll_back(db);
            // "...; retrying" or "database connection lost (...); reconnecting, retrying"
            auto const why =
                reconnect ? fmt::format("database connection lost ({}); reconnecting,",
                                        error.what())
                          : fmt::format("{};", error.what());
            wait_to_retry(request.retry, retry, error, why, request.notify);
        }
    }
}

// The month is committed: a failure to record that (the connection lost
// just after COMMIT) must not make it look failed. Tried once more on a
// new connection; else the next run marks the run interrupted.
void record_success(pg::connection &db, load_request const &request, std::int64_t run_id,
                    load_result const &result) noexcept
{
    auto const finish = [&](pg::connection &on) {
        // A signal now must not keep the committed month from the history.
        pg::connection::cleaning_up const committed{on};
        lock_wait::giving_up_on_lock_timeout(
            on, history::lock_name, request.lock_timeout_seconds,
            [&] { history::finish_run(on, run_id, result); });
    };
    try {
        try {
            finish(db);
        } catch (etl_error const &error) {
            if (!is_transient_database_failure(error, db)) {
                throw;
            }
            auto fresh = open_session(request);
            finish(fresh);
        }
    } catch (etl_error const &error) {
        request.notify(fmt::format("{} is loaded, but its run could not be recorded as "
                                   "succeeded: {}",
                                   request.source.file_name, error.what()));
    } catch (...) {
        // Only the history is incomplete; the month is loaded.
    }
}

} // namespace

void set_lock_timeout(pg::connection &db, unsigned seconds)
{
    db.exec(fmt::format("SET lock_timeout = {}", seconds * 1000U));
}

load_result load_month(load_request const &request)
{
    auto db = open_session(request);
    // Every lock wait of the run says who holds the lock (lock_wait.hpp).
    lock_wait::watch const watching{db, request.lock_timeout_seconds, request.notify};
    auto const run_id = lock_wait::giving_up_on_lock_timeout(
        db, history::lock_name, request.lock_timeout_seconds, [&] {
            history::prepare(db);
            return history::start_run(db, {std::string{request.kind->name}, request.schema,
                                           request.source.file_name, request.source.shown,
                                           request.backfill});
        });
    auto const started = std::chrono::steady_clock::now();
    load_result result;
    try {
        result = merge_month_with_retries(db, request, run_id);
    } catch (etl_error const &error) {
        // A statement cancelled or a transfer stopped by SIGINT/SIGTERM fails
        // with its own message; what happened is the interruption.
        if (interrupt::received() != 0 && error.code() != exit_code::interrupted) {
            try {
                interrupt::throw_if_received();
            } catch (etl_error const &interruption) {
                record_failure(db, request, run_id, interruption);
                throw;
            }
        }
        record_failure(db, request, run_id, error);
        throw;
    } catch (std::exception const &error) {
        // A bug: recorded as failed, not left running, as exit_code_of reports it.
        record_failure(db, request, run_id,
                       etl_error{exit_code::internal,
                                 fmt::format("internal error: {}", error.what())});
        throw;
    }
    result.downloaded = is_download(request.source);
    // The time of the whole load, retries and their waits included.
    result.seconds =
        std::chrono::duration<double>{std::chrono::steady_clock::now() - started}.count();
    record_success(db, request, run_id, result);
    return result;
}

} // namespace taxi_etl
