#include "taxi_etl/lock_wait.hpp"

#include "taxi_etl/interrupt.hpp"
#include "taxi_etl/printable.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace taxi_etl::lock_wait {

namespace {

using namespace std::chrono_literals;
using duration = std::chrono::steady_clock::duration;

constexpr std::size_t max_query_bytes = 80;
constexpr std::string_view taxi_etl_name = "taxi-etl"; // our fallback_application_name

// A statement waits this long before the first look: most lock waits end sooner.
constexpr duration first_look_delay = 1500ms;
// Looks while the statement is not blocked (a slow read, not a lock wait)
// come further and further apart, up to this.
constexpr duration max_backoff = 16s;

// How often a wait that goes on is reported again: a minute, or (for the
// tests only) TAXI_ETL_LOCK_REPORT_SECONDS.
duration report_interval()
{
    if (char const *text = std::getenv("TAXI_ETL_LOCK_REPORT_SECONDS")) {
        char *end = nullptr;
        double const seconds = std::strtod(text, &end);
        if (end != text && *end == '\0' && seconds > 0 && seconds <= 3600) {
            return std::chrono::duration_cast<duration>(
                std::chrono::duration<double>{seconds});
        }
    }
    return 60s;
}

// Runs of white space (newlines too) as one space, none at either end.
std::string folded(std::string_view text)
{
    std::string out;
    bool space = false;
    for (char const c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += c;
    }
    return out;
}

// The conninfo of a second connection to the same server as `db`: every
// setting libpq resolved for it (password, sslmode, service and all), on
// the host and port it is connected to (not the next of a list of hosts).
std::string same_server_conninfo(PGconn *db)
{
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> const options{
        PQconninfo(db), &PQconninfoFree};
    std::string conninfo;
    for (auto const *option = options.get();
         option != nullptr && option->keyword != nullptr; ++option) {
        std::string_view const keyword = option->keyword;
        std::string value = option->val == nullptr ? "" : option->val;
        if (keyword == "host") {
            value = PQhost(db);
        } else if (keyword == "port") {
            value = PQport(db);
        } else if (keyword == "hostaddr" && !value.empty()) {
            value = PQhostaddr(db);
        }
        if (!value.empty()) {
            conninfo += fmt::format("{}={} ", keyword, pg::conninfo_value(value));
        }
    }
    return conninfo;
}

} // namespace

std::string describe(holder const &session)
{
    bool const ours = session.application_name == taxi_etl_name;
    std::string details = ours ? "" : printable_cut(session.application_name, 40);
    if (!session.state.empty()) {
        details += fmt::format("{}{}", details.empty() ? "" : ", ", session.state);
        if (!session.since.empty()) {
            details += fmt::format(" since {}", session.since);
        }
    }
    auto const query = printable_cut(folded(session.query), max_query_bytes);
    if (!query.empty()) {
        details += fmt::format("{}{}", details.empty() ? "" : ": ", query);
    }
    auto const who = ours ? fmt::format("another taxi-etl run, pid {}", session.pid)
                          : fmt::format("pid {}", session.pid);
    return details.empty() ? who : fmt::format("{} ({})", who, details);
}

std::string describe(std::vector<holder> const &holders)
{
    if (holders.empty()) {
        return {};
    }
    auto text = describe(holders.front());
    if (auto const others = holders.size() - 1; others > 0) {
        text += fmt::format(" and {} other session{}", others, others > 1 ? "s" : "");
    }
    return text;
}

std::string gave_up_message(std::string_view what, unsigned lock_timeout_seconds,
                            std::string_view holders)
{
    return fmt::format("gave up waiting for the lock on {} after {} s (--lock-timeout): {}",
                       what, lock_timeout_seconds,
                       holders.empty() ? std::string{"another session holds it"}
                                       : fmt::format("held by {}", holders));
}

watch::watch(pg::connection &db, unsigned lock_timeout_seconds, notify_function notify)
: m_db(db), m_lock_timeout_seconds(lock_timeout_seconds), m_notify(std::move(notify)),
  m_next_look(first_look()), m_backoff(2s)
{
    m_db.set_wait_watch(this);
}

watch::~watch()
{
    if (m_db.watch() == this) {
        m_db.set_wait_watch(nullptr);
    }
}

// Early enough, under a short --lock-timeout, to name the holder in its error.
duration watch::first_look() const
{
    if (m_lock_timeout_seconds == 0) {
        return first_look_delay;
    }
    return std::min<duration>(first_look_delay,
                              std::chrono::seconds{m_lock_timeout_seconds} / 2);
}

void watch::waiting(duration waited) noexcept
{
    // After a signal the wait is being cancelled: nothing to look at.
    if (m_failed || waited < m_next_look || interrupt::received() != 0) {
        return;
    }
    try {
        look(waited);
    } catch (...) {
        // No second connection (max_connections reached, a signal while
        // connecting): the wait goes on, unexplained.
        m_failed = true;
        m_lookup.reset();
    }
}

void watch::look(duration waited)
{
    auto const holders = look_up();
    if (holders.empty()) {
        // Not blocked now: a slow statement, or one whose wait is still to come.
        m_next_look = waited + m_backoff;
        m_backoff = std::min(m_backoff * 2, max_backoff);
        return;
    }
    m_holders = describe(holders);
    if (waited >= m_next_report) {
        auto const what =
            m_what.empty() ? std::string{"a lock"} : fmt::format("the lock on {}", m_what);
        m_notify(m_reported
                     ? fmt::format(
                           "still waiting for {} after {} s: held by {}", what,
                           std::chrono::duration_cast<std::chrono::seconds>(waited).count(),
                           m_holders)
                     : fmt::format("waiting for {}: held by {}", what, m_holders));
        m_reported = true;
        m_next_report = waited + report_interval();
    }
    m_next_look = m_next_report;
    // A last look just before --lock-timeout ends the wait, for its error.
    auto const last_look = std::chrono::seconds{m_lock_timeout_seconds} - 500ms;
    if (m_lock_timeout_seconds > 0 && waited < last_look) {
        m_next_look =
            std::min(m_next_look, std::chrono::duration_cast<duration>(last_look));
    }
}

std::vector<holder> watch::look_up()
{
    if (!m_lookup) {
        m_lookup = std::make_unique<pg::connection>(same_server_conninfo(m_db.handle()));
    }
    auto const found = m_lookup->exec_named("lock_holders", PQbackendPID(m_db.handle()));
    std::vector<holder> holders;
    for (int row = 0; row < found.rows(); ++row) {
        holders.push_back({found.get<std::string>(row, 0), found.get<std::string>(row, 1),
                           found.get<std::string>(row, 2), found.get<std::string>(row, 3),
                           found.get<std::string>(row, 4)});
    }
    return holders;
}

void watch::done() noexcept
{
    m_lookup.reset();
    m_next_look = first_look();
    m_next_report = {};
    m_backoff = 2s;
    m_reported = false;
    m_failed = false;
}

watch::subject::subject(pg::connection &db, std::string_view what)
: m_watch(dynamic_cast<watch *>(db.watch()))
{
    if (m_watch != nullptr) {
        m_before = std::exchange(m_watch->m_what, std::string{what});
        m_watch->m_holders.clear();
    }
}

watch::subject::~subject()
{
    if (m_watch != nullptr) {
        m_watch->m_what = std::move(m_before);
    }
}

std::string watch::subject::holders() const
{
    return m_watch == nullptr ? std::string{} : m_watch->m_holders;
}

} // namespace taxi_etl::lock_wait
