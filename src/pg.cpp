#include "taxi_etl/pg.hpp"

#include "taxi_etl/redact.hpp"

#include <array>
#include <charconv>

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

// PostgreSQL quotes the offending value in full; a 10 MB field must not
// make a 10 MB error line.
std::string shortened(std::string text)
{
    constexpr std::size_t max_length = 300;
    if (text.size() > max_length) {
        auto const total = text.size();
        text.resize(max_length);
        text += fmt::format("... ({} bytes in all)", total);
    }
    return text;
}

// Errors in the data sent with COPY (bad number, bad date, wrong field
// count, invalid UTF-8) are SQLSTATE class 22; they mean the file is bad,
// not the database.
bool is_data_error(PGresult const *res)
{
    char const *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    return state != nullptr && std::string_view{state}.starts_with("22");
}

} // namespace

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
    std::string message = shortened(one_line(primary));
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
    // expand_dbname lets "dbname" hold a full conninfo string or URI.
    std::array<char const *, 3> const keywords{"dbname", "fallback_application_name",
                                               nullptr};
    std::array<char const *, 3> const values{conninfo.empty() ? nullptr : conninfo.c_str(),
                                             "taxi-etl", nullptr};
    m_conn.reset(PQconnectdbParams(keywords.data(), values.data(), 1));
    if (!m_conn) {
        fail(exit_code::database, "cannot connect to the database: out of memory");
    }
    if (PQstatus(m_conn.get()) != CONNECTION_OK) {
        // libpq's message names host, port and the reason, and may echo the
        // conninfo it could not parse, password and all.
        fail(exit_code::database, "cannot connect to the database: {}",
             one_line(redact_libpq_message(PQerrorMessage(m_conn.get()), conninfo)));
    }
    // Notices ("schema already exists, skipping") are not for the user: every
    // message the tool prints is its own, one line each.
    PQsetNoticeProcessor(
        m_conn.get(), [](void *, char const *) {}, nullptr);
}

void connection::fail_on(PGresult const *res, std::string_view what) const
{
    // The caller names the file a data error came from.
    if (res != nullptr && is_data_error(res)) {
        fail(exit_code::bad_data, "{}", describe_error(res, m_conn.get()));
    }
    fail(exit_code::database, "{}: {}", what, describe_error(res, m_conn.get()));
}

result connection::exec(std::string const &sql)
{
    result res{PQexec(m_conn.get(), sql.c_str())};
    auto const status = PQresultStatus(res.handle());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        fail_on(res.handle(), "database error");
    }
    return res;
}

result connection::exec_params(std::string const &sql,
                               std::vector<std::string> const &params)
{
    std::vector<char const *> values;
    values.reserve(params.size());
    for (auto const &param : params) {
        values.push_back(param.c_str());
    }
    result res{PQexecParams(m_conn.get(), sql.c_str(), static_cast<int>(values.size()),
                            nullptr, values.data(), nullptr, nullptr, 0)};
    auto const status = PQresultStatus(res.handle());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        fail_on(res.handle(), "database error");
    }
    return res;
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

void connection::copy_start(std::string const &sql)
{
    result res{PQexec(m_conn.get(), sql.c_str())};
    if (PQresultStatus(res.handle()) != PGRES_COPY_IN) {
        fail_on(res.handle(), "cannot start COPY");
    }
}

void connection::copy_send(std::string_view data)
{
    if (PQputCopyData(m_conn.get(), data.data(), static_cast<int>(data.size())) != 1) {
        fail(exit_code::database, "COPY failed: {}",
             one_line(PQerrorMessage(m_conn.get())));
    }
}

std::uint64_t connection::copy_end()
{
    if (PQputCopyEnd(m_conn.get(), nullptr) != 1) {
        fail(exit_code::database, "COPY failed: {}",
             one_line(PQerrorMessage(m_conn.get())));
    }
    result res{PQgetResult(m_conn.get())};
    // Drain any further results so the connection is ready for the next query.
    while (PGresult *extra = PQgetResult(m_conn.get())) {
        PQclear(extra);
    }
    if (PQresultStatus(res.handle()) != PGRES_COMMAND_OK) {
        fail_on(res.handle(), "COPY failed");
    }
    return res.affected_rows();
}

void connection::copy_abort(std::string const &reason) noexcept
{
    if (PQputCopyEnd(m_conn.get(), reason.c_str()) == 1) {
        while (PGresult *res = PQgetResult(m_conn.get())) {
            PQclear(res);
        }
    }
}

} // namespace taxi_etl::pg
