#include "tempdb.hpp"

#include "taxi_etl/partition.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace taxi_etl::testing {

namespace {

// The server's own database, always there: where the test database is
// created from and dropped from (the PG* environment gives the rest).
constexpr char const *maintenance_conninfo = "dbname=postgres";

class tempdb
{
public:
    tempdb()
    : m_name(fmt::format("taxi_etl_test_{}_{}", getpid(),
                         std::chrono::steady_clock::now().time_since_epoch().count()))
    {
        try {
            pg::connection admin{maintenance_conninfo};
            admin.exec("CREATE DATABASE " + admin.quote_identifier(m_name));
        } catch (etl_error const &error) {
            fail(exit_code::database,
                 "the database tests need a PostgreSQL server: set the PG* environment "
                 "or run them under pg_virtualenv (ctest -LE database skips them): {}",
                 error.what());
        }
    }

    ~tempdb()
    {
        try {
            pg::connection admin{maintenance_conninfo};
            // FORCE: a connection a failed test left open does not keep it.
            admin.exec(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)",
                                   admin.quote_identifier(m_name)));
        } catch (std::exception const &error) {
            std::fprintf(stderr, "cannot drop the test database %s: %s\n", m_name.c_str(),
                         error.what());
        }
    }

    tempdb(tempdb const &) = delete;
    tempdb &operator=(tempdb const &) = delete;

    [[nodiscard]] std::string conninfo() const { return "dbname=" + m_name; }

private:
    std::string m_name;
};

} // namespace

std::string const &conninfo()
{
    // Made once; a failure is kept, so that each test says it at once
    // rather than waiting for the server again.
    static std::string info;
    static std::string failure;
    if (info.empty() && failure.empty()) {
        try {
            static tempdb *db = new tempdb;
            info = db->conninfo();
            // Dropped by an exit handler registered now, after libpq's first
            // connection: it runs before OpenSSL's own (registered then),
            // which a static's destructor, registered earlier, would not.
            std::atexit([] { delete db; });
        } catch (etl_error const &error) {
            failure = error.what();
        }
    }
    if (!failure.empty()) {
        fail(exit_code::database, "{}", failure);
    }
    return info;
}

std::string fresh_schema(pg::connection &db, std::string_view name)
{
    auto const quoted = db.quote_identifier(name);
    db.exec(
        fmt::format("DROP SCHEMA IF EXISTS {} CASCADE; CREATE SCHEMA {}", quoted, quoted));
    return std::string{name};
}

void drop_history(pg::connection &db)
{
    db.exec("DROP SCHEMA IF EXISTS taxi_etl CASCADE");
}

std::string value(pg::connection &db, std::string const &query)
{
    return std::string{db.exec(query).get(0, 0)};
}

void create_partitioned_table(pg::connection &db, trip_table const &table)
{
    pg::transaction transaction{db};
    lock_or_create_table(db, table, {0, [](std::string const &) {}});
    transaction.commit();
}

} // namespace taxi_etl::testing
