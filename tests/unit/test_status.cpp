#include "taxi_etl/commands.hpp"
#include "taxi_etl/status.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

TEST_CASE("status shows loaded, failed and missing months of the published range")
{
    std::vector<month_state> const months{
        {{2019, 1}, true, 630918, "succeeded"},
        {{2019, 2}, true, 575685, "failed"}, // a failed reload does not unload it
        {{2019, 3}, false, 0, "failed"},
        {{2019, 4}, false, 0, "not published"},
        {{2022, 1}, true, 10, "succeeded"}, // outside the release's range
    };
    auto const text =
        format_status(find_taxi_kind("green"), "public.green_tripdata", months);
    CHECK_THAT(text, Catch::StartsWith("green (public.green_tripdata): 2 of 31 published "
                                       "months loaded, 1206603 rows\n"));
    CHECK_THAT(text, Catch::Contains("  2019  ok  ok  !!  --  --"));
    CHECK_THAT(text, Catch::Contains("  2021  --  --  --  --  --  --  --\n"));
    CHECK_THAT(text, Catch::Contains("  missing: 2019-03..2021-07\n"));
    CHECK_THAT(text, Catch::Contains("  also loaded: 2022-01\n"));
}
