#pragma once

// A thin, honest layer over libpq: a connection and a result, each owning its
// handle, and COPY FROM STDIN as three calls. Every failure throws etl_error
// with the PostgreSQL message; data errors during COPY get exit_code::bad_data.

#include "taxi_etl/error.hpp"

#include <libpq-fe.h>

#include <fmt/format.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl::pg {

class result
{
public:
    explicit result(PGresult *handle) noexcept : m_handle(handle) {}

    [[nodiscard]] int rows() const noexcept { return PQntuples(m_handle.get()); }

    [[nodiscard]] bool is_null(int row, int column) const noexcept
    {
        return PQgetisnull(m_handle.get(), row, column) != 0;
    }

    [[nodiscard]] std::string_view get(int row, int column) const noexcept
    {
        return {PQgetvalue(m_handle.get(), row, column),
                static_cast<std::size_t>(PQgetlength(m_handle.get(), row, column))};
    }

    // Rows affected by INSERT/UPDATE/DELETE or rows copied by COPY.
    [[nodiscard]] std::uint64_t affected_rows() const;

    [[nodiscard]] PGresult *handle() const noexcept { return m_handle.get(); }

private:
    struct deleter
    {
        void operator()(PGresult *r) const noexcept { PQclear(r); }
    };
    std::unique_ptr<PGresult, deleter> m_handle;
};

class connection
{
public:
    // conninfo: a "key=value" string or a postgresql:// URI; empty means the
    // PG* environment variables and ~/.pgpass, as for psql.
    explicit connection(std::string const &conninfo);

    // Runs one statement without parameters.
    result exec(std::string const &sql);

    template <typename... TArgs>
    result exec(fmt::format_string<TArgs...> format, TArgs &&...args)
    {
        return exec(fmt::format(format, std::forward<TArgs>(args)...));
    }

    // Runs one statement with text parameters ($1, $2, ...), never pasted
    // into the SQL.
    result exec_params(std::string const &sql, std::vector<std::string> const &params);

    // "schema"."name" with libpq's quoting.
    [[nodiscard]] std::string quote_identifier(std::string_view name) const;

    // 'text' with libpq's quoting, for statements that take no parameters.
    [[nodiscard]] std::string quote_literal(std::string_view text) const;

    void copy_start(std::string const &sql);
    void copy_send(std::string_view data);
    // Finishes the COPY and returns the number of rows the server took.
    std::uint64_t copy_end();
    // Aborts a COPY in progress (the server discards what it received).
    void copy_abort(std::string const &reason) noexcept;

    [[nodiscard]] PGconn *handle() const noexcept { return m_conn.get(); }

    // False once the server has gone away (terminated backend, lost network).
    [[nodiscard]] bool is_connected() const noexcept
    {
        return PQstatus(m_conn.get()) == CONNECTION_OK;
    }

    // True inside a transaction block, also one that has failed.
    [[nodiscard]] bool in_transaction() const noexcept
    {
        return PQtransactionStatus(m_conn.get()) != PQTRANS_IDLE;
    }

private:
    [[noreturn]] void fail_on(PGresult const *res, std::string_view what) const;

    struct deleter
    {
        void operator()(PGconn *c) const noexcept { PQfinish(c); }
    };
    std::unique_ptr<PGconn, deleter> m_conn;
};

// The message of a failed result as one line: primary message, and for COPY
// the line and column the server reports.
std::string describe_error(PGresult const *res, PGconn const *conn);

} // namespace taxi_etl::pg
