#pragma once

// The rows that fail the transform's checks: a few of each failed error
// check, shown with the error, and with --store-failures all of every
// check's, kept as dbt keeps them: a table per check, named after the
// test, in the schema "{schema}_dbt_test__audit", replaced on each run.

#include "taxi_etl/pg.hpp"
#include "taxi_etl/transform_result.hpp"

#include <string>
#include <vector>

namespace taxi_etl {

// How many failing rows a failed check shows.
inline constexpr int failing_rows_shown = 5;

// Fills the sample of each error check that failed; while the transform's
// transaction is open.
void sample_failures(pg::connection &db, std::vector<check_result> &checks);

// Every check's failing rows, read while the transform's transaction is
// open, to be stored once it has ended (committed or rolled back).
struct check_failures
{
    std::string table;
    pg::result rows;
};
std::vector<check_failures> read_failures(pg::connection &db,
                                          std::vector<check_result> const &checks);

// Replaces the audit tables with these rows, in one transaction of its own;
// returns the audit schema.
std::string store_failures(pg::connection &db, std::string const &schema,
                           std::vector<check_failures> const &failures);

// The lines that show the failed checks' sampled rows: "check '...' failed
// for 7 rows, the first 5:", then "  col=value  col=NULL" for each.
std::vector<std::string> format_check_failures(transform_result const &result);

} // namespace taxi_etl
