#pragma once

// Which database failures may pass by themselves, so that a month is worth
// loading again (see README, "What happens when things go wrong"), and what
// a run does to go on on a new connection.
//
// Decided by SQLSTATE and by libpq's connection state, never by the text of
// a message: messages change with lc_messages and between versions.

#include "taxi_etl/error.hpp"
#include "taxi_etl/pg.hpp"

#include <cstdint>
#include <string_view>

namespace taxi_etl::db_retry {

// A connection exception (class 08), the server shutting down or starting
// up (57P01-57P03), a serialization failure or deadlock (40001, 40P01).
// Not 55P03 (lock_not_available): that is --lock-timeout doing its job.
[[nodiscard]] bool is_transient_sqlstate(std::string_view sqlstate) noexcept;

// A database failure worth trying again: its SQLSTATE says so, or the
// connection is gone (libpq's "server closed the connection unexpectedly"
// carries no SQLSTATE).
[[nodiscard]] bool is_transient(std::string_view sqlstate, bool connection_lost) noexcept;

// The SQLSTATE of a statement PostgreSQL refused, "" for other failures.
[[nodiscard]] std::string_view sqlstate_of(etl_error const &error) noexcept;

// Ties the run's history row to `db`'s backend, and marks it 'running'
// again: a run whose connection was replaced is not one that was killed,
// and another run must not mark it interrupted (runs_mark_interrupted.sql).
void reattach_run(pg::connection &db, std::int64_t run_id);

} // namespace taxi_etl::db_retry
