#pragma once

// What a failure of the database (pg::error) means to the command line:
// the exit code it gives, and whether it may pass by itself, so that a
// month is worth loading again (see README, "What happens when things go
// wrong"). The one place that reads SQLSTATEs.
//
// Decided by SQLSTATE and by libpq's connection state, never by the text of
// a message: messages change with lc_messages and between versions.

#include "taxi_etl/error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace taxi_etl::db_errors {

// A connection exception (class 08), the server shutting down or starting
// up (57P01-57P03), a serialization failure or deadlock (40001, 40P01).
// Not 55P03 (lock_not_available): that is --lock-timeout doing its job.
[[nodiscard]] bool is_transient_sqlstate(std::string_view sqlstate) noexcept;

// A database failure worth trying again: its SQLSTATE says so, or the
// connection is gone (libpq's "server closed the connection unexpectedly"
// carries no SQLSTATE).
[[nodiscard]] bool is_transient(std::string_view sqlstate, bool connection_lost) noexcept;

// The SQLSTATE of a failure of the database (pg::error), "" for others.
[[nodiscard]] std::string_view sqlstate_of(etl_error const &error) noexcept;

// 55P03 (lock_not_available): a lock wait ran out of lock_timeout.
[[nodiscard]] bool is_lock_timeout(etl_error const &error) noexcept;

// Class 22 (data exception): a bad number or date, a wrong field count,
// invalid UTF-8. In the data sent with COPY they mean the file is bad, not
// the database.
[[nodiscard]] bool is_data_sqlstate(std::string_view sqlstate) noexcept;

// The exit code of a failure of the database with this SQLSTATE:
// bad_data for a data exception, else database.
[[nodiscard]] exit_code exit_code_for(std::string_view sqlstate) noexcept;

// For a data exception, the server's description of the problem
// ("line 5, column fare_amount: invalid input syntax ..."), for the caller
// to name the file it came from; nothing for other failures.
[[nodiscard]] std::optional<std::string> data_problem(etl_error const &error);

// The error as the command line reports it (its message and exit code, as
// printed and recorded in the run history): a data exception is bad_data,
// told by the server's description; any other failure is as it is.
[[nodiscard]] etl_error reported(etl_error const &error);

// Call inside a catch block. A data exception the server finds in a row (a
// bad number or date, a wrong field count) arrives without the file's
// name: thrown again as "bad row in FILE: ..." (bad_data). Anything else is
// thrown as it is.
[[noreturn]] void rethrow_naming_file(std::string_view file_name);

} // namespace taxi_etl::db_errors
