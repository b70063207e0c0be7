#pragma once

// Who holds the lock a run waits for. Every statement of a watched
// connection that waits long for its result is looked at: after a short
// while a second connection (the first one is busy) asks which sessions
// the statement waits for (pg_blocking_pids), and the run says who they
// are, and again every minute while the wait goes on. When --lock-timeout
// ends the wait, its error names them instead (under --quiet the lines are
// not printed, the error is).

#include "taxi_etl/db_errors.hpp"
#include "taxi_etl/error.hpp"
#include "taxi_etl/pg.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl::lock_wait {

// A session that holds a lock waited for, as pg_stat_activity shows it.
struct holder
{
    std::string pid;
    std::string application_name; // else the kind of backend ("autovacuum worker")
    std::string state;            // "idle in transaction"; empty when not shown
    std::string since;            // "12:00:01": its transaction's start, else its state's
    std::string query;            // its current or last statement, as sent
};

// "pid 123 (psql, idle in transaction since 12:00:01: LOCK TABLE ...)": one
// line, the query's white space folded, control characters escaped, and
// cut after 80 bytes. Another taxi-etl run is named so: "another taxi-etl
// run, pid 123 (active since ...)".
std::string describe(holder const &session);

// The first holder and how many others: "pid 123 (...) and 2 other sessions";
// empty for none.
std::string describe(std::vector<holder> const &holders);

// The error of a wait that --lock-timeout ended, naming the holders when
// they are known.
std::string gave_up_message(std::string_view what, unsigned lock_timeout_seconds,
                            std::string_view holders);

using notify_function = std::function<void(std::string const &)>;

// Watches `db` while it lives: a statement that waits for a lock is
// reported to `notify` (a no-op under --quiet). lock_timeout_seconds (0:
// none) makes the first look early enough to name the holder in the error.
class watch final : public pg::wait_watch
{
public:
    watch(pg::connection &db, unsigned lock_timeout_seconds, notify_function notify);
    ~watch() override;
    watch(watch const &) = delete;
    watch &operator=(watch const &) = delete;

    void waiting(std::chrono::steady_clock::duration waited) noexcept override;
    void done() noexcept override;

    // While it lives, the lock waited for is the one on `what` ("the run
    // history (taxi_etl.runs)", "public.green_tripdata"), and holders()
    // the sessions found holding it since.
    class subject
    {
    public:
        subject(pg::connection &db, std::string_view what);
        ~subject();
        subject(subject const &) = delete;
        subject &operator=(subject const &) = delete;
        [[nodiscard]] std::string holders() const;

    private:
        watch *m_watch;
        std::string m_before;
    };

private:
    using duration = std::chrono::steady_clock::duration;
    void look(duration waited);
    std::vector<holder> look_up();
    duration first_look() const;

    pg::connection &m_db;
    unsigned m_lock_timeout_seconds;
    notify_function m_notify;
    std::string m_what;
    std::string m_holders;
    // For the statement waiting now.
    std::unique_ptr<pg::connection> m_lookup;
    duration m_next_look;
    duration m_next_report{};
    duration m_backoff;
    bool m_reported = false;
    bool m_failed = false;
};

// Runs `statements` on `db`; a lock wait among them that ran out of
// lock_timeout becomes an error that names what was waited for,
// --lock-timeout and, when `db` is watched, who held it.
template <typename Statements>
auto giving_up_on_lock_timeout(pg::connection &db, std::string_view what,
                               unsigned lock_timeout_seconds, Statements const &statements)
    -> decltype(statements())
{
    watch::subject const about{db, what};
    try {
        return statements();
    } catch (pg::error const &e) {
        if (!db_errors::is_lock_timeout(e)) {
            throw;
        }
        fail(exit_code::database, "{}",
             gave_up_message(what, lock_timeout_seconds, about.holders()));
    }
}

} // namespace taxi_etl::lock_wait
