#pragma once

// SIGINT and SIGTERM end a run cleanly: the transfer stops, the statement
// running in PostgreSQL is cancelled, the transaction rolls back, the run
// is recorded as interrupted, and the process exits with 128 + the signal.
//
// The signals are blocked in every thread and taken by one watcher thread
// with sigwait(), so no code runs in a signal handler.

#include <libpq-fe.h>

#include <chrono>

namespace taxi_etl::interrupt {

// Call once, in main, before any other thread starts.
void watch_signals();

// 0, or the number of the signal that asked the run to stop.
int received() noexcept;

// Throws etl_error(interrupted) if a signal was received.
void throw_if_received();

// Sleeps, but wakes at once on a signal; returns false if interrupted.
bool sleep_for(std::chrono::duration<double> duration);

// While it lives, a signal cancels whatever statement runs on `conn`.
class cancel_on_signal
{
public:
    explicit cancel_on_signal(PGconn *conn);
    ~cancel_on_signal();
    cancel_on_signal(cancel_on_signal const &) = delete;
    cancel_on_signal &operator=(cancel_on_signal const &) = delete;

private:
    PGcancel *m_cancel;
};

} // namespace taxi_etl::interrupt
