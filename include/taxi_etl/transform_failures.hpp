#pragma once

// The rows that fail the transform's checks: a few of each failed error
// check, shown with the error, and with --store-failures all of every
// check's (up to a limit), kept as dbt keeps them: a table per check, named
// after the test, in the schema "{schema}_dbt_test__audit", replaced on each
// run.

#include "taxi_etl/pg.hpp"
#include "taxi_etl/transform_result.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace taxi_etl {

// How many failing rows a failed check shows.
inline constexpr int failing_rows_shown = 5;

// How many failing rows --store-failures keeps of each check (as dbt's
// `limit` test config): they are read into memory before they are stored.
inline constexpr int failing_rows_stored = 100'000;

// PostgreSQL cuts longer identifiers silently (NAMEDATALEN - 1).
inline constexpr std::size_t max_identifier_bytes = 63;

// "{schema}_dbt_test__audit". Throws etl_error(usage) when it is longer than
// max_identifier_bytes: cut, two schemas could share one audit schema.
std::string audit_schema_name(std::string const &schema);

// Fills the sample of each error check that failed; while the transform's
// transaction is open.
void sample_failures(pg::connection &db, std::vector<check_result> &checks);

// Every check's failing rows, at most `limit` of each, read while the
// transform's transaction is open, to be stored once it has ended
// (committed or rolled back).
struct check_failures
{
    std::string table;
    pg::result rows; // one more than `kept` when the check had more
    int kept = 0;    // the rows stored
    bool more = false;
};
std::vector<check_failures> read_failures(pg::connection &db,
                                          std::vector<check_result> const &checks,
                                          int limit = failing_rows_stored);

// Replaces the audit tables with these rows, in one transaction of its own;
// returns the audit schema.
std::string store_failures(pg::connection &db, std::string const &schema,
                           std::vector<check_failures> const &failures);

// A line for each check that had more failing rows than were stored:
// "stored the first 100000 rows of check 'CHECK' (failing for 2500000
// rows): ...". (A unique check stores a row per tripid, of two rows or more.)
std::vector<std::string>
format_stored_failures(std::vector<check_result> const &checks,
                       std::vector<check_failures> const &failures);

// The lines that show the failed checks' sampled rows: "check '...' failed
// for 7 rows, the first 5:", then "  col=value  col=NULL" for each.
std::vector<std::string> format_check_failures(transform_result const &result);

} // namespace taxi_etl
