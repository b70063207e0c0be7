#include "taxi_etl/pg.hpp"

#include "taxi_etl/printable.hpp"
#include "taxi_etl/redact.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <charconv>
#include <optional>

namespace taxi_etl::pg {

namespace {

// libpq messages end with a newline and may span lines; we log one line.
std::string one_line(std::string_view text)
{
    std::string out;
    for (char c : text) {
        bool const space = c == '\n' || c == '\r' || c == '\t';
        if (!space) {
            out += c;
        } else if (!out.empty() && out.back() != ' ') {
            out += ' ';
        }
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

// Waits at most one slice for `events` on the socket; returns those that
// came. The slice bounds how long a signal goes unnoticed.
short poll_slice(int socket, short events)
{
    constexpr int slice_ms = 100;
    if (socket < 0) {
        return events; // nothing to wait for: let libpq say what it is doing
    }
    pollfd fd{socket, events, 0};
    return poll(&fd, 1, slice_ms) > 0 ? fd.revents : short{0};
}

// A connection option's value as libpq resolved it (from the conninfo, else
// the PG* environment or the service file); empty when not set.
std::string setting_of(PGconn *conn, std::string_view keyword)
{
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> const options{
        PQconninfo(conn), &PQconninfoFree};
    for (auto const *option = options.get();
         option != nullptr && option->keyword != nullptr; ++option) {
        if (option->keyword == keyword && option->val != nullptr) {
            return option->val;
        }
    }
    return {};
}

} // namespace

std::optional<int> connect_timeout_seconds(std::string_view setting)
{
    constexpr std::string_view blanks = " \t\n\r\f\v";
    auto const first = setting.find_first_not_of(blanks);
    if (first == std::string_view::npos) {
        return default_connect_timeout_seconds;
    }
    setting = setting.substr(first, setting.find_last_not_of(blanks) - first + 1);
    int seconds = 0;
    auto const [end, error] =
        std::from_chars(setting.data(), setting.data() + setting.size(), seconds);
    if (error != std::errc{} || end != setting.data() + setting.size()) {
        return std::nullopt;
    }
    if (seconds <= 0) {
        return 0;
    }
    return std::max(seconds, 2); // libpq's minimum
}

std::string conninfo_value(std::string_view value)
{
    bool const plain = !value.empty() && std::ranges::none_of(value, [](unsigned char c) {
        return std::isspace(c) != 0 || c == '\'' || c == '\\' || c == '=';
    });
    if (plain) {
        return std::string{value};
    }
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "'";
}

std::uint64_t result::affected_rows() const
{
    std::string_view const text = PQcmdTuples(m_handle.get());
    std::uint64_t count = 0;
    std::from_chars(text.data(), text.data() + text.size(), count);
    return count;
}

std::string describe_error(PGresult const *res, PGconn const *conn)
{
    if (res == nullptr) {
        return one_line(PQerrorMessage(conn));
    }
    char const *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if (primary == nullptr) {
        return one_line(PQresultErrorMessage(res));
    }
    // PostgreSQL quotes the offending value in full; a 10 MB field must not
    // make a 10 MB error line.
    std::string message = bounded_text(one_line(primary), 300);
    // For COPY the context reads 'COPY t, line 5, column fare_amount: "abc"'
    // and the line number is the line of the CSV file (the header is line 1).
    if (char const *context = PQresultErrorField(res, PG_DIAG_CONTEXT)) {
        std::string_view ctx{context};
        if (ctx.starts_with("COPY ")) {
            if (auto const comma = ctx.find(", "); comma != std::string_view::npos) {
                ctx.remove_prefix(comma + 2);
            }
            // Keep "line N, column X" and drop the echoed value: the primary
            // message already quotes it, and a 10 MB line must not be echoed.
            auto const value = ctx.find(": ");
            message = fmt::format("{}: {}", one_line(ctx.substr(0, value)), message);
        }
    }
    return message;
}

connection::connection(std::string const &conninfo)
{
    static std::atomic<std::uint64_t> connections{0};
    m_serial = ++connections;
    connect(conninfo);
    // Notices ("schema already exists, skipping") are not for the user: every
    // message the tool prints is its own, one line each.
    PQsetNoticeProcessor(
        m_conn.get(), [](void *, char const *) {}, nullptr);
    m_cancel = std::make_unique<interrupt::cancel_on_signal>(m_conn.get());
}

void connection::fail_to_connect(std::string_view reason) const
{
    throw error{"cannot connect to the database", std::string{reason}, "", true};
}

// libpq's own wait (PQconnectdb) can be neither interrupted nor, without
// connect_timeout, bounded: drive PQconnectPoll and wait on the socket in
// slices instead. libpq ignores connect_timeout then, so it is enforced here,
// over the whole attempt (every host of a multi-host conninfo together).
void connection::connect(std::string const &conninfo)
{
    interrupt::throw_if_received();
    // expand_dbname lets "dbname" hold a full conninfo string or URI.
    std::array<char const *, 3> const keywords{"dbname", "fallback_application_name",
                                               nullptr};
    std::array<char const *, 3> const values{conninfo.empty() ? nullptr : conninfo.c_str(),
                                             "taxi-etl", nullptr};
    m_conn.reset(PQconnectStartParams(keywords.data(), values.data(), 1));
    if (!m_conn) {
        fail_to_connect("out of memory");
    }
    auto const setting = setting_of(m_conn.get(), "connect_timeout");
    auto const parsed = connect_timeout_seconds(setting);
    if (!parsed) {
        fail_to_connect(fmt::format(
            "invalid integer value \"{}\" for connection option \"connect_timeout\"",
            setting));
    }
    int const timeout = *parsed;
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds{timeout};
    auto polling = PGRES_POLLING_WRITING; // what the first PQconnectPoll waits for
    while (PQstatus(m_conn.get()) != CONNECTION_BAD && polling != PGRES_POLLING_OK &&
           polling != PGRES_POLLING_FAILED) {
        interrupt::throw_if_received();
        if (timeout > 0 && std::chrono::steady_clock::now() >= deadline) {
            fail_to_connect(fmt::format("no answer from {} port {} within {} s "
                                        "(connect_timeout)",
                                        PQhost(m_conn.get()), PQport(m_conn.get()),
                                        timeout));
        }
        short const events = polling == PGRES_POLLING_READING ? POLLIN : POLLOUT;
        if (poll_slice(PQsocket(m_conn.get()), events) != 0) {
            polling = PQconnectPoll(m_conn.get());
        }
    }
    if (PQstatus(m_conn.get()) != CONNECTION_OK) {
        // libpq's message names host, port and the reason, and may echo the
        // conninfo it could not parse, password and all.
        fail_to_connect(
            one_line(redact_libpq_message(PQerrorMessage(m_conn.get()), conninfo)));
    }
}

void connection::fail_on(PGresult const *res, std::string_view what) const
{
    // A statement that failed because a signal cancelled it (or cut its
    // connection) is an interruption, whatever the server said.
    if (m_cleaning_up == 0) {
        interrupt::throw_if_received();
    }
    char const *state =
        res == nullptr ? nullptr : PQresultErrorField(res, PG_DIAG_SQLSTATE);
    throw error{what, describe_error(res, m_conn.get()), state == nullptr ? "" : state,
                !is_connected()};
}

// A statement sent after a signal could be the COMMIT of a month that
// should roll back: none is, except on the way out.
void connection::check_before_sending() const
{
    if (m_cleaning_up == 0) {
        interrupt::throw_if_received();
    }
}

connection::signal_steps::~signal_steps()
{
    if (m_db.m_cancel && m_cut) {
        m_db.m_cancel.reset(); // no next statement: nothing to wait for
    } else if (m_db.m_cancel) {
        m_db.m_cancel->request_cancel(false);
    }
}

short connection::signal_steps::wait(short events)
{
    constexpr auto cleanup_grace = std::chrono::milliseconds{500};
    constexpr auto cancel_grace = std::chrono::seconds{2};
    auto const now = clock::now();
    if (!m_cancel_at && interrupt::received() != 0) {
        m_cancel_at = now + (m_db.m_cleaning_up > 0 ? cleanup_grace : clock::duration{0});
    }
    if (m_cancel_at && now >= *m_cancel_at && !m_cut_at) {
        if (m_db.m_cancel) {
            m_db.m_cancel->request_cancel(true);
        }
        m_cut_at = now + cancel_grace;
    }
    int const socket = PQsocket(m_db.m_conn.get());
    if (m_cut_at && now >= *m_cut_at && !m_cut) {
        // The server rolls its transaction back when it sees the connection end.
        shutdown(socket, SHUT_RDWR);
        m_cut = true;
    }
    return poll_slice(socket, events);
}

// Waits until the statement's next result can be read without blocking,
// taking the signal's steps (see signal_steps) and telling the watch, if
// any, how long the statement has waited.
void connection::await_result(std::chrono::steady_clock::time_point sent)
{
    signal_steps steps{*this};
    while (PQconsumeInput(m_conn.get()) != 0 && PQisBusy(m_conn.get()) != 0) {
        steps.wait(POLLIN);
        if (m_watch != nullptr) {
            m_watch->waiting(std::chrono::steady_clock::now() - sent);
        }
    }
}

// The statement's results, as PQexec gives them: the last one (after an
// error the server skips the rest), or the COPY_IN that starts a COPY, or
// what libpq says when the connection is lost.
result connection::last_result()
{
    auto const sent = std::chrono::steady_clock::now();
    struct watch_done
    {
        wait_watch *watch;
        ~watch_done()
        {
            if (watch != nullptr) {
                watch->done();
            }
        }
    } const done{m_watch};
    result last{nullptr};
    while (true) {
        await_result(sent);
        result next{PQgetResult(m_conn.get())};
        if (next.handle() == nullptr) {
            return last;
        }
        last = std::move(next);
        auto const status = PQresultStatus(last.handle());
        if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT ||
            status == PGRES_COPY_BOTH || PQstatus(m_conn.get()) == CONNECTION_BAD) {
            return last;
        }
    }
}

result connection::run(std::string const &sql, std::vector<param> const *params)
{
    check_before_sending();
    int sent = 0;
    if (params == nullptr) {
        sent = PQsendQuery(m_conn.get(), sql.c_str());
    } else {
        std::vector<char const *> values;
        values.reserve(params->size());
        for (auto const &value : *params) {
            values.push_back(value ? value->c_str() : nullptr); // nullptr: NULL
        }
        sent = PQsendQueryParams(m_conn.get(), sql.c_str(), static_cast<int>(values.size()),
                                 nullptr, values.data(), nullptr, nullptr, 0);
    }
    if (sent == 0) {
        fail_on(nullptr, "database error");
    }
    return last_result();
}

result connection::succeeded(result res) const
{
    auto const status = PQresultStatus(res.handle());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        fail_on(res.handle(), "database error");
    }
    return res;
}

void connection::send(std::string const &sql)
{
    check_before_sending();
    if (PQsendQuery(m_conn.get(), sql.c_str()) == 0) {
        fail_on(nullptr, "database error");
    }
}

result connection::collect()
{
    return succeeded(last_result());
}

result connection::exec(std::string const &sql)
{
    return succeeded(run(sql, nullptr));
}

result connection::exec_with(std::string const &sql, std::vector<param> const &params)
{
    return succeeded(run(sql, &params));
}

result connection::exec_params(std::string const &sql,
                               std::vector<std::string> const &params)
{
    return exec_with(sql, std::vector<param>(params.begin(), params.end()));
}

std::string connection::quote_identifier(std::string_view name) const
{
    std::unique_ptr<char, decltype(&PQfreemem)> quoted{
        PQescapeIdentifier(m_conn.get(), name.data(), name.size()), &PQfreemem};
    if (!quoted) {
        fail(exit_code::usage, "invalid identifier: {}",
             one_line(PQerrorMessage(m_conn.get())));
    }
    return quoted.get();
}

std::string connection::quote_literal(std::string_view text) const
{
    std::unique_ptr<char, decltype(&PQfreemem)> quoted{
        PQescapeLiteral(m_conn.get(), text.data(), text.size()), &PQfreemem};
    if (!quoted) {
        fail(exit_code::usage, "invalid text: {}", one_line(PQerrorMessage(m_conn.get())));
    }
    return quoted.get();
}

} // namespace taxi_etl::pg
