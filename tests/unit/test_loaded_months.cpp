#include "taxi_etl/loaded_months.hpp"
#include "taxi_etl/status.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;
using namespace taxi_etl::loaded;

namespace {

table_now const table{true, 100};

file_facts partition_file(std::uint64_t rows_now, std::uint32_t relfilenode_now)
{
    return {load_record{100, 500, 2000, 2000}, relfilenode_now, rows_now};
}

file_facts plain_file(std::optional<std::uint32_t> relfilenode_now)
{
    return {load_record{100, 600, std::nullopt, 2000}, relfilenode_now, std::nullopt};
}

} // namespace

TEST_CASE("a file is not held once its table is dropped or created again")
{
    auto file = plain_file(600);
    CHECK(decide(table_now{}, file, false).reason == "table dropped since it was loaded");
    CHECK(decide(table_now{true, 101}, file, false).reason ==
          "table created again since it was loaded");
    CHECK_FALSE(needs_count(table_now{true, 101}, file, true));
}

TEST_CASE("a plain table is looked into only when its relfilenode changed")
{
    auto file = plain_file(600);
    CHECK_FALSE(needs_count(table, file, false));
    CHECK(decide(table, file, false).held);
    CHECK(needs_count(table, file, true)); // --verify counts every file

    file = plain_file(601); // TRUNCATE, or VACUUM FULL which keeps the rows
    CHECK(needs_count(table, file, false));
    file.rows = 0;
    CHECK(decide(table, file, false).reason == "table truncated since it was loaded");
    file.rows = 1995;
    CHECK(decide(table, file, false).held);
    CHECK(decide(table, file, true).reason == "rows missing: 5 of 2000");
}

TEST_CASE("a file's own partition is counted and compared with its load")
{
    CHECK(needs_count(table, partition_file(2000, 500), false));
    CHECK(decide(table, partition_file(2000, 500), false).held);
    CHECK(decide(table, partition_file(1993, 500), false).reason ==
          "rows missing: 7 of 2000");
    CHECK(decide(table, partition_file(0, 501), false).reason ==
          "table truncated since it was loaded");
    CHECK(decide(table, partition_file(2000, 501), false).held);
}

TEST_CASE("a file only the history knows is looked for")
{
    file_facts file;
    CHECK(needs_count(table, file, false));
    file.rows = 0;
    CHECK(decide(table, file, false).reason == "no rows of the file in the table");
    file.rows = 3;
    CHECK(decide(table, file, false).held);
    CHECK(decide(table_now{}, file, false).reason == "table dropped since it was loaded");
}

TEST_CASE("status shows months a run loaded but the table does not hold, with why")
{
    std::vector<month_state> const months{
        {{2019, 1}, false, 0, "succeeded", "table truncated since it was loaded"},
        {{2019, 2}, false, 0, "succeeded", "table truncated since it was loaded"},
        {{2019, 3}, true, 100, "succeeded", {}},
        {{2019, 4}, false, 0, "succeeded", "rows missing: 7 of 2000"},
    };
    auto const &kind = find_taxi_kind("green");
    auto const text = format_status(kind, "public.green_tripdata", months);
    CHECK_THAT(text, Catch::StartsWith("green (public.green_tripdata): 1 of 31 published "
                                       "months loaded, 100 rows\n"));
    CHECK_THAT(text, Catch::Contains("  2019  --  --  ok  --  --"));
    CHECK_THAT(text,
               Catch::Contains(
                   "  not held: 2019-01..2019-02 (table truncated since it was loaded)\n"
                   "  not held: 2019-04 (rows missing: 7 of 2000)\n"));
    auto const json = format_status_json(kind, "public.green_tripdata", months);
    CHECK_THAT(json,
               Catch::Contains(R"({"month": "2019-01", "state": "not loaded", "rows": 0, )"
                               R"("reason": "table truncated since it was loaded"})"));
    CHECK_THAT(json,
               Catch::Contains(R"({"month": "2019-03", "state": "loaded", "rows": 100})"));
}

TEST_CASE("the month of a file name")
{
    CHECK(month_of_file("green_tripdata_2019-01.csv") == year_month{2019, 1});
    CHECK_FALSE(month_of_file("green_tripdata_2019-13.csv"));
    CHECK_FALSE(month_of_file("green_tripdata_2019_01.csv"));
    CHECK_FALSE(month_of_file("x.csv"));
}
