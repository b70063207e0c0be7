// pg against a real server: parameters, NULLs, errors and their SQLSTATE,
// quoting, COPY, and a statement cancelled by a signal.

#include "tempdb.hpp"

#include "taxi_etl/db_errors.hpp"
#include "taxi_etl/interrupt.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <set>
#include <string>
#include <vector>

using namespace taxi_etl;

namespace {

// The exception a statement throws, for checks on it.
template <typename Error, typename Statement> Error thrown_by(Statement const &statement)
{
    try {
        statement();
    } catch (Error const &error) {
        return error;
    }
    FAIL("no exception");
    throw std::logic_error{"unreachable"};
}

} // namespace

TEST_CASE("parameters go in as values, never as SQL")
{
    auto db = testing::connect();
    std::string const text = "x'); DROP TABLE nothing; --";
    auto const res =
        db.exec_params("SELECT $1::int + $2::int, $3::text, length($3)", {"2", "40", text});
    REQUIRE(res.rows() == 1);
    CHECK(res.get(0, 0) == "42");
    CHECK(res.get(0, 1) == text);
    CHECK(res.get(0, 2) == std::to_string(text.size()));
}

TEST_CASE("a NULL reads as null, an empty text as empty")
{
    auto db = testing::connect();
    auto const res = db.exec_params("SELECT NULL::text, ''::text, $1::text IS NULL", {""});
    CHECK(res.is_null(0, 0));
    CHECK(res.get(0, 0).empty());
    CHECK_FALSE(res.is_null(0, 1));
    CHECK(res.get(0, 2) == "f"); // an empty parameter is not NULL
}

TEST_CASE("rows affected, and two statements in one call")
{
    auto db = testing::connect();
    auto const schema = testing::fresh_schema(db, "pgtest_affected");
    db.exec(
        "CREATE TABLE pgtest_affected.t (a int); INSERT INTO pgtest_affected.t VALUES (1)");
    CHECK(db.exec("INSERT INTO pgtest_affected.t SELECT generate_series(1, 5)")
              .affected_rows() == 5);
    CHECK(db.exec("UPDATE pgtest_affected.t SET a = a + 1 WHERE a > 3").affected_rows() ==
          2);
    CHECK(db.exec("SELECT 1").affected_rows() == 1);
}

TEST_CASE("a refused statement carries its SQLSTATE, and the connection goes on")
{
    auto db = testing::connect();
    auto const missing =
        thrown_by<pg::error>([&] { db.exec("SELECT * FROM no_such_table"); });
    CHECK(missing.sqlstate() == "42P01");
    CHECK(missing.code() == exit_code::database);
    CHECK(std::string{missing.what()}.find("no_such_table") != std::string::npos);

    auto const schema = testing::fresh_schema(db, "pgtest_states");
    db.exec("CREATE TABLE pgtest_states.t (a int PRIMARY KEY); INSERT INTO pgtest_states.t "
            "VALUES (1)");
    auto const duplicate = thrown_by<pg::error>(
        [&] { db.exec_params("INSERT INTO pgtest_states.t VALUES ($1::int)", {"1"}); });
    CHECK(duplicate.sqlstate() == "23505");
    CHECK(testing::value(db, "SELECT 7") == "7");
}

TEST_CASE("an error in the data carries its SQLSTATE, which says bad data")
{
    auto db = testing::connect();
    auto const error = thrown_by<pg::error>([&] { db.exec("SELECT 'abc'::int"); });
    CHECK(error.sqlstate() == "22P02");
    CHECK(db_errors::reported(error).code() == exit_code::bad_data);
}

TEST_CASE("a lock wait that runs out of lock_timeout is 55P03")
{
    auto holder = testing::connect();
    auto waiter = testing::connect();
    auto const schema = testing::fresh_schema(holder, "pgtest_lock");
    holder.exec("CREATE TABLE pgtest_lock.t (a int)");
    holder.exec("BEGIN; LOCK TABLE pgtest_lock.t IN ACCESS EXCLUSIVE MODE");
    waiter.exec("SET lock_timeout = '100ms'");
    auto const error =
        thrown_by<pg::error>([&] { waiter.exec("SELECT * FROM pgtest_lock.t"); });
    CHECK(error.sqlstate() == "55P03");
    holder.exec("ROLLBACK");
}

TEST_CASE("in_transaction follows BEGIN, a failed statement and ROLLBACK")
{
    auto db = testing::connect();
    CHECK_FALSE(db.in_transaction());
    db.exec("BEGIN");
    CHECK(db.in_transaction());
    CHECK_THROWS(db.exec("SELECT 1/0"));
    CHECK(db.in_transaction()); // failed, still to be rolled back
    db.exec("ROLLBACK");
    CHECK_FALSE(db.in_transaction());
}

TEST_CASE("send and collect run one statement in two halves")
{
    auto db = testing::connect();
    db.send("SELECT pg_sleep(0.05), 42");
    CHECK(db.collect().get(0, 1) == "42");
    db.send("SELECT * FROM no_such_table");
    CHECK_THROWS_AS(db.collect(), pg::error);
}

TEST_CASE("a quoted identifier names the relation it quotes")
{
    auto db = testing::connect();
    auto const schema = testing::fresh_schema(db, "pg quoting \"odd\"");
    std::vector<std::string> const names{"Mixed Case",  "with \"quotes\"", "semi;colon",
                                         "back\\slash", "caf\xc3\xa9",     "select"};
    for (auto const &name : names) {
        db.exec(fmt::format("CREATE TABLE {}.{} (a int)", db.quote_identifier(schema),
                            db.quote_identifier(name)));
    }
    auto const found =
        db.exec_params("SELECT c.relname FROM pg_class AS c JOIN pg_namespace "
                       "AS n ON n.oid = c.relnamespace WHERE n.nspname = $1",
                       {schema});
    std::set<std::string> relations;
    for (int row = 0; row < found.rows(); ++row) {
        relations.emplace(found.get(row, 0));
    }
    CHECK(relations == std::set<std::string>(names.begin(), names.end()));
}

TEST_CASE("a quoted literal reads back as the text it quotes")
{
    auto db = testing::connect();
    for (std::string const text :
         {"", "plain", "it's", "back\\slash", "two\\\\", "line\nbreak", "tab\there",
          "$1 $$ dollar", "caf\xc3\xa9", "'; DROP TABLE t; --"}) {
        auto const res = db.exec("SELECT " + db.quote_literal(text));
        CHECK(res.get(0, 0) == text);
    }
}

TEST_CASE("COPY takes rows split anywhere across buffers")
{
    auto db = testing::connect();
    auto const schema = testing::fresh_schema(db, "pgtest_copy");
    db.exec("CREATE TABLE pgtest_copy.t (a int, b text)");
    std::string data;
    for (int row = 0; row < 50000; ++row) {
        data += fmt::format("{},\"text, \"\"quoted\"\" {}\"\n", row, row);
    }
    db.copy_start("COPY pgtest_copy.t (a, b) FROM STDIN (FORMAT csv)");
    constexpr std::size_t piece = 4093; // cuts rows and quotes anywhere
    for (std::size_t at = 0; at < data.size(); at += piece) {
        db.copy_send(std::string_view{data}.substr(at, piece));
    }
    CHECK(db.copy_end() == 50000);
    CHECK(testing::value(db, "SELECT count(DISTINCT a) FROM pgtest_copy.t") == "50000");
    CHECK(testing::value(db, "SELECT b FROM pgtest_copy.t WHERE a = 7") ==
          "text, \"quoted\" 7");
}

TEST_CASE("an aborted COPY keeps nothing, and the connection goes on")
{
    auto db = testing::connect();
    auto const schema = testing::fresh_schema(db, "pgtest_abort");
    db.exec("CREATE TABLE pgtest_abort.t (a int)");
    db.copy_start("COPY pgtest_abort.t FROM STDIN (FORMAT csv)");
    db.copy_send("1\n2\n3\n");
    db.copy_abort("the test stops here");
    CHECK_FALSE(db.in_transaction());
    CHECK(testing::value(db, "SELECT count(*) FROM pgtest_abort.t") == "0");
}

TEST_CASE("a bad row in a COPY is bad data, with its line and column")
{
    auto db = testing::connect();
    auto const schema = testing::fresh_schema(db, "pgtest_bad_row");
    db.exec("CREATE TABLE pgtest_bad_row.t (a int, b int)");
    db.copy_start("COPY pgtest_bad_row.t FROM STDIN (FORMAT csv)");
    db.copy_send("1,2\n3,x\n");
    auto const error = thrown_by<pg::error>([&] { db.copy_end(); });
    CHECK(db_errors::reported(error).code() == exit_code::bad_data);
    CHECK(error.description().find("line 2, column b") != std::string::npos);
    CHECK(testing::value(db, "SELECT count(*) FROM pgtest_bad_row.t") == "0");
}

TEST_CASE("a connection whose backend was terminated says so")
{
    auto db = testing::connect();
    auto other = testing::connect();
    auto const pid = testing::value(db, "SELECT pg_backend_pid()");
    other.exec_params("SELECT pg_terminate_backend($1::int, 10000)", {pid});
    CHECK_THROWS_AS(db.exec("SELECT 1"), etl_error);
    CHECK_FALSE(db.is_connected());
}

// In a child process: a signal, once received, stays for the process.
TEST_CASE("SIGTERM cancels the statement that runs, as an interruption")
{
    auto const marker = fmt::format("taxi_etl_cancel_test_{}", getpid());
    auto const info = testing::conninfo();
    pid_t const child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        int status = 2;
        try {
            interrupt::watch_signals();
            pg::connection db{info};
            db.exec(fmt::format("SELECT pg_sleep(60) AS {}", marker));
            status = 1; // ran to its end: not cancelled
        } catch (etl_error const &error) {
            status = error.code() == exit_code::interrupted ? 0 : 3;
        }
        _exit(status); // not the parent's exit path: it drops the database
    }
    auto db = testing::connect();
    auto const running = [&](std::string_view state) {
        return testing::value(db, fmt::format("SELECT count(*) FROM pg_stat_activity WHERE "
                                              "pid <> pg_backend_pid() AND state LIKE '{}' "
                                              "AND query LIKE '%AS {}'",
                                              state, marker)) != "0";
    };
    // Once the statement runs (polled: no sleep decides the outcome), or
    // the child has ended without it.
    int status = 0;
    pid_t ended = 0;
    while (!running("%") && (ended = waitpid(child, &status, WNOHANG)) == 0) {
        usleep(20000);
    }
    REQUIRE(ended == 0);
    kill(child, SIGTERM);
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK_FALSE(running("active")); // cancelled, not left running on the server
}
