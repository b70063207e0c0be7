// --store-failures against a real server: a check's failing rows are kept
// up to a limit, and the output says which checks had more.

#include "tempdb.hpp"

#include "taxi_etl/transform_failures.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace taxi_etl;

namespace {

// A check whose failing rows are the numbers 1 to `failing`.
check_result numbers_check(std::string const &name, std::uint64_t failing)
{
    check_result check;
    check.name = name;
    check.test_name = name;
    check.severity = "warn";
    check.failing = failing;
    check.rows_sql = "SELECT n FROM generate_series(1, $1::integer) AS n ORDER BY n;";
    check.rows_params = {std::to_string(failing)};
    return check;
}

} // namespace

TEST_CASE("stored failures: at most the limit of each check's failing rows are kept")
{
    auto db = testing::connect();
    auto const schema = testing::fresh_schema(db, "limits");
    db.exec("DROP SCHEMA IF EXISTS limits_dbt_test__audit CASCADE");
    std::vector<check_result> const checks{
        numbers_check("over", 10), numbers_check("at", 3), numbers_check("passes", 0)};

    auto const failures = read_failures(db, checks, 3);
    REQUIRE(failures.size() == 3);
    CHECK(failures[0].kept == 3);
    CHECK(failures[0].more);
    CHECK(failures[1].kept == 3);
    CHECK_FALSE(failures[1].more);
    CHECK(failures[2].kept == 0);
    CHECK_FALSE(failures[2].more);

    CHECK(store_failures(db, schema, failures) == "limits_dbt_test__audit");
    auto const stored = [&](std::string const &table) {
        return testing::value(db, "SELECT count(*) || ':' || coalesce(string_agg(n::text, "
                                  "',' ORDER BY n), '') FROM limits_dbt_test__audit." +
                                      table);
    };
    CHECK(stored("over") == "3:1,2,3");
    CHECK(stored("at") == "3:1,2,3");
    CHECK(stored("passes") == "0:");

    CHECK(format_stored_failures(checks, failures) ==
          std::vector<std::string>{
              "stored the first 3 rows of check 'over' (failing for 10 rows): "
              "--store-failures keeps at most 3 of each check"});
}
