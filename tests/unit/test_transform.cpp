#include "taxi_etl/error.hpp"
#include "taxi_etl/transform.hpp"
#include "taxi_etl/transform_checks.hpp"
#include "taxi_etl/transform_failures.hpp"
#include "taxi_etl/transform_models.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

TEST_CASE("a month filter refers to its months as parameters, numbered from the first")
{
    auto const filter =
        in_months("pickup_datetime", {"2019-02-01", "2019-01-01", "2020-12-01"}, 2);
    CHECK(filter.params ==
          std::vector<std::string>{"2019-01-01", "2019-02-01", "2020-12-01"});
    CHECK_THAT(filter.sql, Catch::Contains("pickup_datetime >= $2::timestamp") &&
                               Catch::Contains("pickup_datetime < $2::timestamp + interval "
                                               "'1 month'") &&
                               Catch::Contains("$3::timestamp") &&
                               Catch::Contains("$4::timestamp"));
    CHECK_THAT(filter.sql, !Catch::Contains("$5") && !Catch::Contains("2019") &&
                               !Catch::Contains("$1::"));
    CHECK(filter.sql.find(" OR ") != std::string::npos);
}

TEST_CASE("a month filter without months selects nothing")
{
    auto const filter = in_months("revenue_month", {}, 1);
    CHECK(filter.sql == "false");
    CHECK(filter.params.empty());
}

TEST_CASE("the models are the staging views of the modelled kinds and three tables")
{
    CHECK(model_relation_names() ==
          std::vector<std::string>{"stg_green_tripdata", "stg_yellow_tripdata", "dim_zones",
                                   "fact_trips", "dm_monthly_zone_revenue"});
}

TEST_CASE("only a check of severity error that some rows fail fails the transform")
{
    std::vector<check_result> checks{{"a", 3, "warn"}, {"b", 0, "error"}};
    CHECK(first_failed(checks) == nullptr);
    checks.push_back({"c", 1, "error"});
    checks.push_back({"d", 2, "error"});
    REQUIRE(first_failed(checks) != nullptr);
    CHECK(first_failed(checks)->name == "c");
}

TEST_CASE("a check's table is named as dbt names its test")
{
    CHECK(dbt_test_name("unique", "stg_green_tripdata", {"tripid"}) ==
          "unique_stg_green_tripdata_tripid");
    CHECK(dbt_test_name("not_null", "dm_monthly_zone_revenue",
                        {"revenue_monthly_total_amount"}) ==
          "not_null_dm_monthly_zone_revenue_revenue_monthly_total_amount");
    // Runs of other characters become one '_'; arguments are joined by "__".
    CHECK(dbt_test_name("t", "m", {"a b", "ref('x')"}) == "t_m_a_b__ref_x_");
}

TEST_CASE("a test's name of 64 characters or more is cut to 30 and an md5")
{
    auto const name =
        dbt_test_name("accepted_values", "stg_green_tripdata",
                      {"payment_type", "False", "{{ var('payment_type_values') }}"});
    CHECK(name.size() == 30 + 1 + 32);
    CHECK(name.starts_with("accepted_values_stg_green_trip_"));
    CHECK(name !=
          dbt_test_name("accepted_values", "stg_green_tripdata",
                        {"payment_type", "True", "{{ var('payment_type_values') }}"}));
    auto const short_enough = dbt_test_name("t", std::string(59, 'm'), {"c"}); // 63 chars
    CHECK(short_enough.size() == 63);
}

TEST_CASE("the report says of which checks not every failing row was stored")
{
    transform_result result;
    result.audit_schema = "public_dbt_test__audit";
    result.audit_notes = {"stored the first 3 rows of check 'c' (failing for 10 rows): "
                          "--store-failures keeps at most 3 of each check"};
    auto const report = format_transform_report(result);
    auto const stored_at =
        report.find("failing rows stored in schema public_dbt_test__audit");
    auto const note_at = report.find(result.audit_notes.front() + "\n");
    REQUIRE(stored_at != std::string::npos);
    REQUIRE(note_at != std::string::npos);
    CHECK(note_at > stored_at);
}

TEST_CASE("an audit schema name PostgreSQL would cut is refused")
{
    CHECK(audit_schema_name(std::string(47, 's')) ==
          std::string(47, 's') + "_dbt_test__audit");
    try {
        audit_schema_name(std::string(48, 's'));
        FAIL("no error");
    } catch (etl_error const &error) {
        CHECK(error.code() == exit_code::usage);
        CHECK(std::string{error.what()}.find("longer than PostgreSQL's 63") !=
              std::string::npos);
    }
}
