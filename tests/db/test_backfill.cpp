// run_backfill against a real server: an exception that is no etl_error (a
// bug, std::bad_alloc) fails its month with exit code 1 and is recorded,
// instead of escaping the worker (std::terminate, the run left "running").

#include "tempdb.hpp"

#include "taxi_etl/backfill.hpp"
#include "taxi_etl/history.hpp"
#include "taxi_etl/source.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace taxi_etl;

namespace {

// A plain CSV of green 2019-01: the header, and `rows` trips on its first
// day (the other columns empty).
std::filesystem::path write_month(std::filesystem::path const &directory, int rows)
{
    auto const &kind = find_taxi_kind("green");
    std::filesystem::create_directories(directory / "green");
    auto const path = directory / "green" / "green_tripdata_2019-01.csv";
    std::ofstream out{path};
    std::vector<std::string> header;
    for (auto const &column : kind.columns) {
        header.emplace_back(column.header_name);
    }
    out << fmt::format("{}\n", fmt::join(header, ","));
    for (int i = 0; i < rows; ++i) {
        for (auto const &column : kind.columns) {
            if (column.header_name != kind.columns.front().header_name) {
                out << ',';
            }
            if (column.header_name == kind.pickup_column ||
                column.header_name == kind.dropoff_column) {
                out << fmt::format("2019-01-01 00:{:02}:{:02}", i / 60, i % 60);
            }
        }
        out << '\n';
    }
    return path;
}

backfill_request january(std::string const &schema, std::filesystem::path const &directory)
{
    backfill_request request;
    request.base.kind = &find_taxi_kind("green");
    request.base.conninfo = testing::conninfo();
    request.base.schema = schema;
    request.url_template = fmt::format(
        "file://{}/{{taxi}}/{{taxi}}_tripdata_{{year}}-{{month}}.csv", directory.string());
    request.months = {{2019, 1}};
    request.force = true;
    return request;
}

} // namespace

TEST_CASE("an exception that is no etl_error fails its month with exit code 1, recorded")
{
    auto db = testing::connect();
    testing::drop_history(db);
    auto const schema = testing::fresh_schema(db, "backfill_internal");
    auto const directory = std::filesystem::temp_directory_path() /
                           fmt::format("taxi_etl_test_backfill_{}", ::getpid());
    write_month(directory, 10);
    auto request = january(schema, directory);
    auto const ignore = [](month_outcome const &) {};
    REQUIRE(run_backfill(request, ignore).front().status == month_status::loaded);

    // A row gone: the reload says so through notify, which throws here.
    db.exec(fmt::format("DELETE FROM {}.green_tripdata WHERE ctid IN (SELECT ctid FROM "
                        "{}.green_tripdata LIMIT 1)",
                        schema, schema));
    request.base.notify = [](std::string const &) {
        throw std::runtime_error{"notify broke\non two lines"};
    };
    // As printed and recorded: one line.
    auto const reason = one_line_message("internal error: notify broke\non two lines");
    CHECK(reason.find('\n') == std::string::npos);
    std::vector<month_outcome> outcomes;
    REQUIRE_NOTHROW(outcomes = run_backfill(request, ignore));
    REQUIRE(outcomes.size() == 1);
    CHECK(outcomes[0].status == month_status::failed);
    CHECK(outcomes[0].code == exit_code::internal);
    CHECK(outcomes[0].reason == reason);
    CHECK(backfill_exit_code(outcomes) == exit_code::internal);
    CHECK(testing::value(db, "SELECT status || ' ' || exit_code || ' ' || error FROM "
                             "taxi_etl.runs ORDER BY run_id DESC LIMIT 1") ==
          "failed 1 " + reason);
    CHECK(testing::value(
              db, fmt::format("SELECT count(*) FROM {}.green_tripdata", schema)) == "9");
    std::filesystem::remove_all(directory);
}
