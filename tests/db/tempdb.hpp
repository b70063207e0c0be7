#pragma once

// The database of a test program, as osm2pgsql's tempdb_t: created with a
// unique name on first use, in the server the PG* environment points at
// (pg_virtualenv sets it), and dropped when the program ends, also after a
// failed test. CTest runs each test case as a program of its own, so each
// gets an empty database; run by hand, the cases of one program share it,
// and each test makes what it needs under names of its own.

#include "taxi_etl/pg.hpp"
#include "taxi_etl/trip_table.hpp"

#include <string>
#include <string_view>

namespace taxi_etl::testing {

// "dbname=taxi_etl_test_..." for pg::connection. Throws, with a message
// that says how the database tests are run, when no server is reachable.
std::string const &conninfo();

// A new connection to the test database.
inline pg::connection connect()
{
    return pg::connection{conninfo()};
}

// A schema of the test's own, made empty (dropped first if an earlier test
// of the same program made it); returns its name.
std::string fresh_schema(pg::connection &db, std::string_view name);

// Drops taxi_etl's own schema (the history), for a test that needs it
// absent or new.
void drop_history(pg::connection &db);

// The trip table created partitioned by file, with its DEFAULT partition,
// as a first load makes it.
void create_partitioned_table(pg::connection &db, trip_table const &table);

// One value of a query, as text ("" for NULL).
std::string value(pg::connection &db, std::string const &query);

} // namespace taxi_etl::testing
