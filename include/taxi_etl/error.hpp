#pragma once

// Every failure the tool reports is an etl_error: a one-line message and the
// exit code that tells a cron wrapper what kind of failure it was.

#include "taxi_etl/printable.hpp"

#include <fmt/format.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace taxi_etl {

// Exit codes are part of the command-line interface: scripts branch on them,
// so never renumber. Documented in README.md and in `taxi-etl --help`.
enum class exit_code : int
{
    success = 0,
    internal = 1,      // a bug or an unexpected condition
    usage = 2,         // bad command line
    not_found = 3,     // the month is not published (HTTP 404) or no such file
    bad_data = 4,      // not gzip, truncated gzip, wrong header, malformed row
    network = 5,       // connect failure, HTTP error other than 404, dropped transfer
    database = 6,      // cannot connect, SQL error, incompatible target table
    checks_failed = 7, // transform: a data check of severity error failed
    output = 8,        // the output (stdout) cannot be written: disk full, I/O error
    interrupted = 130, // SIGINT/SIGTERM (128 + signal number is used at exit)
};

class etl_error : public std::runtime_error
{
public:
    // The message is kept printable and bounded (see printable.hpp): it is
    // printed as one line and recorded in the run history.
    etl_error(exit_code code, std::string const &message)
    : std::runtime_error(one_line_message(message)), m_code(code)
    {
    }

    [[nodiscard]] exit_code code() const noexcept { return m_code; }

    // A failure that may go away by itself (a dropped connection, HTTP 503):
    // the load is worth trying again from the start.
    [[nodiscard]] bool is_transient() const noexcept { return m_transient; }

    // How long the source asked us to wait (HTTP Retry-After), or 0.
    [[nodiscard]] std::chrono::seconds retry_after() const noexcept
    {
        return m_retry_after;
    }

    etl_error &transient(std::chrono::seconds retry_after = std::chrono::seconds{0})
    {
        m_transient = true;
        m_retry_after = retry_after;
        return *this;
    }

private:
    exit_code m_code;
    bool m_transient = false;
    std::chrono::seconds m_retry_after{0};
};

template <typename... TArgs>
[[noreturn]] void fail(exit_code code, fmt::format_string<TArgs...> format, TArgs &&...args)
{
    throw etl_error{code, fmt::format(format, std::forward<TArgs>(args)...)};
}

template <typename... TArgs>
[[noreturn]] void fail_transient(exit_code code, std::chrono::seconds retry_after,
                                 fmt::format_string<TArgs...> format, TArgs &&...args)
{
    throw etl_error{code, fmt::format(format, std::forward<TArgs>(args)...)}.transient(
        retry_after);
}

} // namespace taxi_etl
