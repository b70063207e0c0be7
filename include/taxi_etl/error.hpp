#pragma once

// Every failure the tool reports is an etl_error: a one-line message and the
// exit code that tells a cron wrapper what kind of failure it was.

#include <fmt/format.h>

#include <stdexcept>
#include <string>
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
    interrupted = 130, // SIGINT/SIGTERM (128 + signal number is used at exit)
};

class etl_error : public std::runtime_error
{
public:
    etl_error(exit_code code, std::string const &message)
    : std::runtime_error(message), m_code(code)
    {
    }

    [[nodiscard]] exit_code code() const noexcept { return m_code; }

private:
    exit_code m_code;
};

template <typename... TArgs>
[[noreturn]] void fail(exit_code code, fmt::format_string<TArgs...> format, TArgs &&...args)
{
    throw etl_error{code, fmt::format(format, std::forward<TArgs>(args)...)};
}

} // namespace taxi_etl
