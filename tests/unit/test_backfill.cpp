#include "taxi_etl/backfill.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

namespace {

month_outcome outcome(int month, month_status status, exit_code code = exit_code::success)
{
    month_outcome result;
    result.month = {2019, month};
    result.status = status;
    result.code = code;
    return result;
}

} // namespace

TEST_CASE("a backfill succeeds only if every month is loaded or was before")
{
    CHECK(backfill_exit_code({outcome(1, month_status::loaded),
                              outcome(2, month_status::already_loaded),
                              outcome(3, month_status::skipped)}) == exit_code::success);
}

TEST_CASE("the first failed month decides the exit code, then missing months")
{
    CHECK(backfill_exit_code({outcome(1, month_status::not_published, exit_code::not_found),
                              outcome(2, month_status::failed, exit_code::network),
                              outcome(3, month_status::failed, exit_code::bad_data)}) ==
          exit_code::network);
    CHECK(backfill_exit_code({outcome(1, month_status::loaded),
                              outcome(2, month_status::not_published,
                                      exit_code::not_found)}) == exit_code::not_found);
}

TEST_CASE("the final table shows counts only for months that ran")
{
    auto loaded = outcome(1, month_status::loaded);
    loaded.result = {"green_tripdata_2019-01.csv", 630918, 630918, 0, 1000, 9.56};
    auto missing = outcome(2, month_status::not_published, exit_code::not_found);
    missing.reason = "not published: HTTP 404 for http://x";
    auto const table = format_backfill_table({loaded, missing});
    CHECK(table ==
          "month     status           rows read    inserted   seconds  note\n"
          "2019-01   loaded              630918      630918       9.6  \n"
          "2019-02   not published            -           -         -  not published: "
          "HTTP 404 for http://x\n");
}
