#include "taxi_etl/db_retry.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

TEST_CASE("database failures that may pass are transient, by SQLSTATE")
{
    for (auto const *state : {"08000", "08003", "08006", "08001", "08P01", "57P01", "57P02",
                              "57P03", "40001", "40P01"}) {
        INFO(state);
        CHECK(db_retry::is_transient_sqlstate(state));
        CHECK(db_retry::is_transient(state, false));
    }
}

TEST_CASE("permanent database failures are not transient while the connection lives")
{
    for (auto const *state :
         {"55P03", // lock_not_available: --lock-timeout doing its job
          "22P02", // bad data
          "42501", // insufficient_privilege
          "42703", // undefined_column: a table with other columns
          "57014", // query_canceled: a signal
          "57P04", // database_dropped
          "40002", // integrity constraint violation inside a transaction
          "23505", // unique_violation
          "", "08", "0800", "080000"}) {
        INFO(state);
        CHECK_FALSE(db_retry::is_transient_sqlstate(state));
        CHECK_FALSE(db_retry::is_transient(state, false));
    }
}

TEST_CASE("a lost connection is transient, whatever its SQLSTATE")
{
    CHECK(db_retry::is_transient("", true));
    CHECK(db_retry::is_transient("57P01", true));
}

TEST_CASE("the SQLSTATE is that of a statement the server refused")
{
    pg::statement_error const refused{exit_code::database, "deadlock detected", "40P01"};
    CHECK(db_retry::sqlstate_of(refused) == "40P01");
    etl_error const other{exit_code::database, "deadlock detected"};
    CHECK(db_retry::sqlstate_of(other).empty());
    CHECK_FALSE(db_retry::is_transient(db_retry::sqlstate_of(other), false));
}
