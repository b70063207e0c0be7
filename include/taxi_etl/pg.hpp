#pragma once

// A thin, honest layer over libpq: a connection and a result, each owning its
// handle, and COPY FROM STDIN as three calls. Every failure of the database
// throws pg::error with the PostgreSQL message and SQLSTATE.
//
// Nothing here blocks past a signal: connecting, waiting for a result and
// sending COPY data (the connection is nonblocking during COPY) poll the
// socket in short slices, a statement is not sent once SIGINT or SIGTERM
// has arrived, and one that runs is cancelled (see interrupt.hpp).

#include "taxi_etl/error.hpp"
#include "taxi_etl/interrupt.hpp"
#include "taxi_etl/pg_value.hpp"
#include "taxi_etl/sql.hpp"

#include <libpq-fe.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl::pg {

// A failure of the database as libpq and the server report it: what was
// being done ("database error", "COPY failed"), the server's description
// of the problem, its SQLSTATE ("" for libpq's own failures, e.g. a lost
// connection) and whether the connection is gone (lost, or never made). What it means to
// the command line (the exit code, whether it may pass) is decided above this layer, in
// db_errors.hpp; code() is exit_code::database.
class error : public etl_error
{
public:
    error(std::string_view context, std::string description, std::string sqlstate,
          bool connection_lost)
    : etl_error(exit_code::database, fmt::format("{}: {}", context, description)),
      m_description(std::move(description)), m_sqlstate(std::move(sqlstate)),
      m_connection_lost(connection_lost)
    {
    }

    [[nodiscard]] std::string const &description() const noexcept { return m_description; }
    [[nodiscard]] std::string const &sqlstate() const noexcept { return m_sqlstate; }
    [[nodiscard]] bool connection_lost() const noexcept { return m_connection_lost; }

private:
    std::string m_description;
    std::string m_sqlstate;
    bool m_connection_lost;
};

// Connecting gives up after this long unless connect_timeout (in the
// conninfo, or PGCONNECT_TIMEOUT) says otherwise; libpq alone would wait
// for a server that accepts and never answers as long as the TCP
// connection lives.
constexpr int default_connect_timeout_seconds = 30;

// The time limit a connect_timeout setting gives, in seconds, as libpq reads
// it: empty is the default, 0 or less waits as long as it takes (0 is
// returned), 1 is 2; nothing when it is not a whole number.
std::optional<int> connect_timeout_seconds(std::string_view setting);

// A value of a "key=value" conninfo string, quoted as libpq reads it when
// it is not a plain word (blanks, quotes, backslashes, '=').
std::string conninfo_value(std::string_view value);

// Watches the statements of a connection that wait long for their result
// (lock_wait.hpp's watch, which says who holds the lock waited for).
class wait_watch
{
public:
    wait_watch() = default;
    wait_watch(wait_watch const &) = delete;
    wait_watch &operator=(wait_watch const &) = delete;
    virtual ~wait_watch() = default;
    // Called every slice of a statement's wait for its result, with the
    // time since it was sent; must not throw, and must come back soon.
    virtual void waiting(std::chrono::steady_clock::duration waited) noexcept = 0;
    // Called once its result has come (or the wait ended otherwise).
    virtual void done() noexcept = 0;
};

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

    // The value read as T (see from_text: std::string, bool, int,
    // std::int64_t, std::uint32_t, std::uint64_t, double); NULL reads as ""
    // (for a column that may be NULL, get_optional).
    template <typename T> [[nodiscard]] T get(int row, int column) const
    {
        return from_text<T>(get(row, column));
    }

    [[nodiscard]] bool get_bool(int row, int column) const
    {
        return get<bool>(row, column);
    }

    // The value read as T, nothing for NULL.
    template <typename T>
    [[nodiscard]] std::optional<T> get_optional(int row, int column) const
    {
        if (is_null(row, column)) {
            return std::nullopt;
        }
        return get<T>(row, column);
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
    // Connecting ends with exit_code::database after the connect timeout,
    // and with exit_code::interrupted at once on a signal.
    explicit connection(std::string const &conninfo);

    // Runs one statement (or several, separated by semicolons) without
    // parameters.
    result exec(std::string const &sql);

    // Runs one statement with parameters ($1, $2, ...), never pasted into
    // the SQL: text, integers, bools, doubles, and std::optional of them
    // for NULL (see pg_value.hpp).
    template <param_value... TArgs>
    result exec_params(std::string_view sql, TArgs const &...args)
    {
        return exec_with(std::string{sql}, {to_param(args)...});
    }

    // Text parameters, none NULL, for a statement whose number of them is
    // known only at run time (a month filter's).
    result exec_params(std::string const &sql, std::vector<std::string> const &params);

    // Runs the statement named `name` in sql/ with these parameters; without
    // any, as exec() runs it (then it may be several statements).
    template <param_value... TArgs>
    result exec_named(std::string_view name, TArgs const &...args)
    {
        if constexpr (sizeof...(TArgs) == 0) {
            return exec(std::string{sql::text(name)});
        } else {
            return exec_params(sql::text(name), args...);
        }
    }

    // exec() in two halves, so that the caller works while the server
    // runs the statement: send() returns once it is sent, and nothing else
    // may be sent on the connection until collect() has returned its result.
    void send(std::string const &sql);
    result collect();

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

    // Where the connection goes (PQhost, PQhostaddr): a socket directory
    // or host name, and the address connected to ("" for a unix socket).
    [[nodiscard]] std::string host() const;
    [[nodiscard]] std::string host_address() const;

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

    // Names this connection to the server among all of the process, so that
    // a connection moved into its place (a reconnect) is not taken for it.
    [[nodiscard]] std::uint64_t serial() const noexcept { return m_serial; }

    // The watch told about every wait for a result from now on (none: null).
    void set_wait_watch(wait_watch *watch) noexcept { m_watch = watch; }
    [[nodiscard]] wait_watch *watch() const noexcept { return m_watch; }

    // While it lives, statements on `db` are sent even after a signal, and
    // cancelled only when one outlasts a short grace: for what a run does on
    // its way out (ROLLBACK, recording its outcome in the history).
    class cleaning_up
    {
    public:
        explicit cleaning_up(connection &db) noexcept : m_db(db) { ++m_db.m_cleaning_up; }
        ~cleaning_up() { --m_db.m_cleaning_up; }
        cleaning_up(cleaning_up const &) = delete;
        cleaning_up &operator=(cleaning_up const &) = delete;

    private:
        connection &m_db;
    };

private:
    void connect(std::string const &conninfo);
    [[noreturn]] void fail_to_connect(std::string_view reason) const;
    void check_before_sending() const;
    void await_result(std::chrono::steady_clock::time_point sent);
    void flush_output();
    result end_copy(char const *reason);
    void set_nonblocking(bool nonblocking) noexcept;
    result last_result();
    result exec_with(std::string const &sql, std::vector<param> const &params);
    result run(std::string const &sql, std::vector<param> const *params);
    // The result, or etl_error when the statement failed.
    result succeeded(result res) const;
    [[noreturn]] void fail_on(PGresult const *res, std::string_view what) const;

    // What a wait on the socket does after a signal: asks for the
    // statement's cancel (after a grace while cleaning up), cuts the
    // connection if even the cancel goes unanswered, and, when the wait
    // ends, stops asking.
    class signal_steps
    {
    public:
        explicit signal_steps(connection &db) noexcept : m_db(db) {}
        ~signal_steps();
        signal_steps(signal_steps const &) = delete;
        signal_steps &operator=(signal_steps const &) = delete;

        // Waits a short slice for `events` on the socket; returns those
        // that came (0 for none).
        short wait(short events);

    private:
        using clock = std::chrono::steady_clock;
        connection &m_db;
        std::optional<clock::time_point> m_cancel_at;
        std::optional<clock::time_point> m_cut_at;
        bool m_cut = false;
    };

    struct deleter
    {
        void operator()(PGconn *c) const noexcept { PQfinish(c); }
    };
    std::unique_ptr<PGconn, deleter> m_conn;
    std::unique_ptr<interrupt::cancel_on_signal> m_cancel;
    int m_cleaning_up = 0;
    wait_watch *m_watch = nullptr;
    std::uint64_t m_serial = 0;
};

// Whether a transaction guard that ends without commit() or rollback()
// sends ROLLBACK: only on the connection it began on (not one moved into
// its place since), while that is connected (a server that lost it has
// rolled back) and still in a transaction block (a failed COMMIT ended it).
[[nodiscard]] bool rolls_back_on_leaving(bool open, bool same_connection, bool connected,
                                         bool in_transaction) noexcept;

// One transaction block for one scope: BEGIN when made, COMMIT by
// commit(), and ROLLBACK when it goes out of scope still open (an
// exception on its way), as a statement of the way out
// (connection::cleaning_up), never throwing.
class transaction
{
public:
    // `begin`: "BEGIN", or a BEGIN with its isolation level.
    explicit transaction(connection &db, std::string const &begin = "BEGIN");
    ~transaction();
    transaction(transaction const &) = delete;
    transaction &operator=(transaction const &) = delete;

    void commit();
    // Ends it at once, as an ordinary statement (stopped by a signal).
    void rollback();

private:
    void end(char const *statement);

    connection &m_db;
    std::uint64_t m_serial;
    bool m_open = true;
};

// The message of a failed result as one line: primary message, and for COPY
// the line and column the server reports.
std::string describe_error(PGresult const *res, PGconn const *conn);

} // namespace taxi_etl::pg
