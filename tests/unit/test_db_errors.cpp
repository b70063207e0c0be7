#include "taxi_etl/db_errors.hpp"
#include "taxi_etl/pg.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

TEST_CASE("database failures that may pass are transient, by SQLSTATE")
{
    for (auto const *state : {"08000", "08003", "08006", "08001", "08P01", "57P01", "57P02",
                              "57P03", "40001", "40P01"}) {
        INFO(state);
        CHECK(db_errors::is_transient_sqlstate(state));
        CHECK(db_errors::is_transient(state, false));
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
        CHECK_FALSE(db_errors::is_transient_sqlstate(state));
        CHECK_FALSE(db_errors::is_transient(state, false));
    }
}

TEST_CASE("a lost connection is transient, whatever its SQLSTATE")
{
    CHECK(db_errors::is_transient("", true));
    CHECK(db_errors::is_transient("57P01", true));
}

TEST_CASE("the SQLSTATE is that of a failure of the database")
{
    pg::error const refused{"database error", "deadlock detected", "40P01", false};
    CHECK(db_errors::sqlstate_of(refused) == "40P01");
    CHECK(refused.code() == exit_code::database);
    CHECK(std::string_view{refused.what()} == "database error: deadlock detected");
    etl_error const other{exit_code::database, "deadlock detected"};
    CHECK(db_errors::sqlstate_of(other).empty());
    CHECK_FALSE(db_errors::is_transient(db_errors::sqlstate_of(other), false));
}

TEST_CASE("a lock wait that ran out of lock_timeout is 55P03, and only that")
{
    CHECK(db_errors::is_lock_timeout(pg::error{"database error",
                                               "canceling statement due "
                                               "to lock timeout",
                                               "55P03", false}));
    CHECK_FALSE(db_errors::is_lock_timeout(
        pg::error{"database error", "canceling statement", "57014", false}));
    CHECK_FALSE(db_errors::is_lock_timeout(etl_error{exit_code::database, "55P03"}));
}

TEST_CASE("a data exception (class 22) is bad data, any other SQLSTATE a database error")
{
    for (auto const *state :
         {"22P02", "22007", "22008", "22003", "22012", "22021", "22P04"}) {
        INFO(state);
        CHECK(db_errors::is_data_sqlstate(state));
        CHECK(db_errors::exit_code_for(state) == exit_code::bad_data);
    }
    for (auto const *state : {"", "2", "22", "23505", "42P01", "55P03", "08006", "XX000"}) {
        INFO(state);
        CHECK_FALSE(db_errors::is_data_sqlstate(state));
        CHECK(db_errors::exit_code_for(state) == exit_code::database);
    }
}

TEST_CASE("a data exception is reported as the server describes it, with bad_data")
{
    auto const description =
        std::string{"line 5, column fare_amount: invalid input syntax for type double "
                    "precision: \"abc\""};
    pg::error const bad_row{"COPY failed", description, "22P02", false};
    CHECK(db_errors::data_problem(bad_row) == description);
    auto const shown = db_errors::reported(bad_row);
    CHECK(shown.code() == exit_code::bad_data);
    CHECK(std::string_view{shown.what()} == description);
}

TEST_CASE("other failures are reported as they are")
{
    pg::error const missing{"database error", "relation \"x\" does not exist", "42P01",
                            false};
    CHECK_FALSE(db_errors::data_problem(missing).has_value());
    auto const shown = db_errors::reported(missing);
    CHECK(shown.code() == exit_code::database);
    CHECK(std::string_view{shown.what()} ==
          "database error: relation \"x\" does not exist");

    // A bad file the tool itself found: its own code and message.
    etl_error const not_gzip{exit_code::bad_data, "x.csv.gz is not gzip data"};
    CHECK_FALSE(db_errors::data_problem(not_gzip).has_value());
    CHECK(db_errors::reported(not_gzip).code() == exit_code::bad_data);
    CHECK(std::string_view{db_errors::reported(not_gzip).what()} ==
          "x.csv.gz is not gzip data");

    auto const busy = etl_error{exit_code::network, "HTTP 503"}.transient();
    CHECK(db_errors::reported(busy).is_transient());
}

TEST_CASE("a failure to connect is a database error whose connection is gone")
{
    pg::error const refused{"cannot connect to the database", "connection refused", "",
                            true};
    CHECK(refused.connection_lost());
    CHECK(db_errors::reported(refused).code() == exit_code::database);
    CHECK(std::string_view{refused.what()} ==
          "cannot connect to the database: connection refused");
}
