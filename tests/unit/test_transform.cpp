#include "taxi_etl/transform_checks.hpp"
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
