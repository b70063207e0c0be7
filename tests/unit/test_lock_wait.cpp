#include "taxi_etl/lock_wait.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace taxi_etl;
using lock_wait::holder;

namespace {

holder psql_session()
{
    return {"123", "psql", "idle in transaction", "12:00:01",
            "LOCK TABLE green_tripdata IN ACCESS EXCLUSIVE MODE"};
}

bool has_control_characters(std::string const &text)
{
    return std::any_of(text.begin(), text.end(), [](char c) {
        auto const byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
}

} // namespace

TEST_CASE("a lock holder is named by pid, application, state, since when and query")
{
    CHECK(lock_wait::describe(psql_session()) ==
          "pid 123 (psql, idle in transaction since 12:00:01: LOCK TABLE green_tripdata IN "
          "ACCESS EXCLUSIVE MODE)");
}

TEST_CASE("a holder's query is shown on one line, without control characters")
{
    auto session = psql_session();
    session.query =
        "  LOCK TABLE\n\tgreen_tripdata\r\n   IN ACCESS EXCLUSIVE MODE; /* \x1b[2J */\n";
    auto const line = lock_wait::describe(session);
    CHECK(line == "pid 123 (psql, idle in transaction since 12:00:01: LOCK TABLE "
                  "green_tripdata IN ACCESS EXCLUSIVE MODE; /* \\x1b[2J */)");
    CHECK_FALSE(has_control_characters(line));
}

TEST_CASE("a long query is cut")
{
    auto session = psql_session();
    session.query = "SELECT " + std::string(10000, 'x');
    auto const line = lock_wait::describe(session);
    CHECK(line.size() < 200);
    CHECK(line.ends_with("xxx...)"));
    CHECK(
        line.starts_with("pid 123 (psql, idle in transaction since 12:00:01: SELECT xxx"));
}

TEST_CASE("what is not known about a holder is left out")
{
    // Another role's session without pg_read_all_stats: no state, no time.
    CHECK(lock_wait::describe(holder{"7", "psql", "", "", "<insufficient privilege>"}) ==
          "pid 7 (psql: <insufficient privilege>)");
    CHECK(lock_wait::describe(holder{"8", "autovacuum worker", "", "", ""}) ==
          "pid 8 (autovacuum worker)");
    CHECK(lock_wait::describe(holder{"9", "", "", "", ""}) == "pid 9");
    CHECK(lock_wait::describe(
              holder{"10", "", "active", "2024-05-01 23:59:59", "VACUUM FULL"}) ==
          "pid 10 (active since 2024-05-01 23:59:59: VACUUM FULL)");
}

TEST_CASE("another taxi-etl run is named as such")
{
    CHECK(lock_wait::describe(
              holder{"42", "taxi-etl", "active", "12:00:01",
                     "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))"}) ==
          "another taxi-etl run, pid 42 (active since 12:00:01: SELECT "
          "pg_advisory_xact_lock(hashtextextended($1, 0)))");
}

TEST_CASE("several holders: the first, and how many others")
{
    CHECK(lock_wait::describe(std::vector<holder>{}).empty());
    auto const other = holder{"124", "psql", "active", "12:00:02", "SELECT 1"};
    CHECK(lock_wait::describe(std::vector<holder>{psql_session(), other}) ==
          lock_wait::describe(psql_session()) + " and 1 other session");
    CHECK(lock_wait::describe(std::vector<holder>{psql_session(), other, other}) ==
          lock_wait::describe(psql_session()) + " and 2 other sessions");
}

TEST_CASE("the --lock-timeout error names the holder when it is known")
{
    CHECK(
        lock_wait::gave_up_message("public.green_tripdata", 5, "pid 123 (psql)") ==
        "gave up waiting for the lock on public.green_tripdata after 5 s (--lock-timeout): "
        "held by pid 123 (psql)");
    CHECK(
        lock_wait::gave_up_message("public.green_tripdata", 1, "") ==
        "gave up waiting for the lock on public.green_tripdata after 1 s (--lock-timeout): "
        "another session holds it");
}
