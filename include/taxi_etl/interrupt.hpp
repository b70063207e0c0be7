#pragma once

// SIGINT and SIGTERM end a run cleanly: the transfer stops, the statement
// running in PostgreSQL is cancelled, the transaction rolls back, the run
// is recorded as interrupted, and the process exits with 128 + the signal.
//
// The signals are blocked in every thread and taken by one watcher thread
// with sigwait(), so no code runs in a signal handler. The watcher also
// sends the cancel requests: PQcancel() opens a connection of its own and
// may block, which a thread that must end within a second cannot afford.

#include "taxi_etl/error.hpp"

#include <libpq-fe.h>

#include <chrono>
#include <memory>

namespace taxi_etl::interrupt {

// Call once, in main, before any other thread starts.
void watch_signals();

// 0, or the number of the signal that asked the run to stop.
int received() noexcept;

// Throws etl_error(interrupted) if a signal was received.
void throw_if_received();

// What a run that failed with `code` exits with (and records in its
// history): 128 + the signal for an interruption, as a shell reports a
// process the signal killed.
int exit_status(exit_code code) noexcept;

// Sleeps, but wakes at once on a signal; returns false if interrupted.
bool sleep_for(std::chrono::duration<double> duration);

struct cancel_slot;

// Lets the watcher cancel the statement running on `conn`, when asked: a
// wait for a result asks at once after a signal, or after a grace while
// the run cleans up (so a signal does not cancel the ROLLBACK, or the
// history's record of a month that committed).
class cancel_on_signal
{
public:
    explicit cancel_on_signal(PGconn *conn);
    ~cancel_on_signal();
    cancel_on_signal(cancel_on_signal const &) = delete;
    cancel_on_signal &operator=(cancel_on_signal const &) = delete;

    // Asks the watcher to cancel the statement now, and again every quarter
    // of a second (a cancel that reaches a backend between two statements is
    // lost), until called with false; that call returns only once no cancel
    // is being sent, so that none can land on the next statement.
    void request_cancel(bool wanted) noexcept;

private:
    std::shared_ptr<cancel_slot> m_slot;
};

} // namespace taxi_etl::interrupt
