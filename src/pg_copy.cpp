// COPY FROM STDIN on a connection: its data goes out in nonblocking mode,
// so that a server that stops reading cannot hold the sender past a signal.

#include "taxi_etl/pg.hpp"

#include <poll.h>

namespace taxi_etl::pg {

// In nonblocking mode libpq keeps what the socket would not take: sends it,
// waiting in slices, and reads what the server says meanwhile (a server
// that has stopped reading may have sent its error).
void connection::flush_output()
{
    signal_steps steps{*this};
    while (true) {
        int const flushed = PQflush(m_conn.get());
        if (flushed == 0 && PQstatus(m_conn.get()) == CONNECTION_OK) {
            return;
        }
        if (flushed != 1) {
            fail_on(nullptr, "COPY failed");
        }
        if ((steps.wait(POLLIN | POLLOUT) & POLLIN) != 0 &&
            PQconsumeInput(m_conn.get()) == 0) {
            fail_on(nullptr, "COPY failed");
        }
    }
}

// COPY data goes out in nonblocking mode, so that a server that stops
// reading cannot hold the sender past a signal; statements go out in
// blocking mode (libpq flushes first, and fails if it cannot).
void connection::set_nonblocking(bool nonblocking) noexcept
{
    PQsetnonblocking(m_conn.get(), nonblocking ? 1 : 0);
}

void connection::copy_start(std::string const &sql)
{
    auto const res = run(sql, nullptr);
    if (PQresultStatus(res.handle()) != PGRES_COPY_IN) {
        fail_on(res.handle(), "cannot start COPY");
    }
    set_nonblocking(true);
}

// libpq queues the data (growing its buffer) and sends what the socket
// takes; the rest is sent before the next buffer, so at most one is held.
void connection::copy_send(std::string_view data)
{
    check_before_sending(); // a signal stops the COPY at the next buffer
    int put = 0;
    while ((put = PQputCopyData(m_conn.get(), data.data(),
                                static_cast<int>(data.size()))) == 0) {
        flush_output(); // no room even after growing: send, then try again
    }
    if (put != 1) {
        fail_on(nullptr, "COPY failed");
    }
    flush_output();
}

// Ends the COPY (`reason`: aborts it) and waits for the server's answer.
result connection::end_copy(char const *reason)
{
    int put = 0;
    while ((put = PQputCopyEnd(m_conn.get(), reason)) == 0) {
        flush_output();
    }
    if (put != 1) {
        set_nonblocking(false);
        fail_on(nullptr, "COPY failed");
    }
    flush_output();
    auto res = last_result();
    set_nonblocking(false);
    return res;
}

std::uint64_t connection::copy_end()
{
    auto const res = end_copy(nullptr);
    if (PQresultStatus(res.handle()) != PGRES_COMMAND_OK) {
        fail_on(res.handle(), "COPY failed");
    }
    return res.affected_rows();
}

void connection::copy_abort(std::string const &reason) noexcept
{
    // The server's answer is an error that says what was aborted.
    cleaning_up const on_the_way_out{*this};
    try {
        end_copy(reason.c_str());
    } catch (...) {
        set_nonblocking(false); // the connection is gone: the caller has the error
    }
}

// These decide the COPY format (copy_format.hpp), so they live with COPY.
std::string connection::host() const
{
    char const *host = PQhost(m_conn.get());
    return host == nullptr ? "" : host;
}

std::string connection::host_address() const
{
    char const *address = PQhostaddr(m_conn.get());
    return address == nullptr ? "" : address;
}

} // namespace taxi_etl::pg
