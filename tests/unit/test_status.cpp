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

TEST_CASE("crontab lines follow the course's schedules")
{
    cron_options options;
    auto const text = format_crontab(options, "/usr/local/bin/taxi-etl");
    CHECK_THAT(text,
               Catch::Contains("0 9 1 * *   /usr/local/bin/taxi-etl load --taxi green "
                               "--for-date today --quiet\n"));
    CHECK_THAT(text,
               Catch::Contains("0 10 1 * *  /usr/local/bin/taxi-etl load --taxi yellow "
                               "--for-date today --quiet\n"));

    options.taxis = {"green"};
    options.schema = "it's";
    options.source_url = "http://m/100%/{taxi}";
    auto const quoted = format_crontab(options, "/bin/t");
    CHECK_THAT(quoted, Catch::Contains(
                           "--schema 'it'\\''s' --source-url 'http://m/100\\%/{taxi}'"));
    CHECK_THAT(quoted, !Catch::Contains("yellow"));
}

TEST_CASE("a control character in a crontab value is refused, not written")
{
    cron_options options;
    options.schema = "x\n* * * * * touch /tmp/owned";
    CHECK_THROWS_AS(format_crontab(options, "/bin/t"), etl_error);
    try {
        format_crontab(options, "/bin/t");
    } catch (etl_error const &e) {
        CHECK(e.code() == exit_code::usage);
        CHECK_THAT(std::string{e.what()}, Catch::Contains("--schema 'x\\n* * * * *"));
    }
    options.schema = "public";
    options.source_url = "http://m/\r{taxi}";
    CHECK_THROWS_AS(format_crontab(options, "/bin/t"), etl_error);
    options.source_url.clear();
    CHECK_THROWS_AS(format_crontab(options, "/opt/my\ntaxi-etl"), etl_error);
}

TEST_CASE("the binary's path is quoted for the shell when it needs it")
{
    cron_options options;
    options.taxis = {"green"};
    CHECK_THAT(format_crontab(options, "/opt/my tools/taxi-etl"),
               Catch::Contains("0 9 1 * *   '/opt/my tools/taxi-etl' load --taxi green"));
    CHECK_THAT(format_crontab(options, "/opt/100%/taxi-etl"),
               Catch::Contains("'/opt/100\\%/taxi-etl' load"));
}
