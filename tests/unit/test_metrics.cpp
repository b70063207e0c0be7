#include "taxi_etl/metrics.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace taxi_etl;

namespace {

run_metrics a_load()
{
    run_metrics metrics;
    metrics.command = "load";
    metrics.taxi = "green";
    metrics.start_seconds = 1700000000.25;
    metrics.end_seconds = 1700000012.5;
    metrics.duration_seconds = 12.25;
    metrics.exit_code = 0;
    metrics.rows_read = 7000;
    metrics.rows_inserted = 6990;
    metrics.bytes_downloaded = 123456;
    metrics.last_success_seconds = 1700000012.5;
    return metrics;
}

std::string read_all(std::filesystem::path const &path)
{
    std::ifstream in{path};
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A directory of its own, removed at the end of the test.
struct temp_directory
{
    std::filesystem::path path;
    temp_directory()
    {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "taxi-etl-metrics.XXXXXX").string();
        path = ::mkdtemp(pattern.data());
    }
    ~temp_directory() { std::filesystem::remove_all(path); }
    temp_directory(temp_directory const &) = delete;
    temp_directory &operator=(temp_directory const &) = delete;
};

} // namespace

TEST_CASE("label values escape backslash, double quote and line feed")
{
    CHECK(escape_label_value("plain") == "plain");
    CHECK(escape_label_value("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
    CHECK(escape_label_value("tab\tstays") == "tab\tstays");
}

TEST_CASE("a load's metrics: HELP, TYPE and one sample each, labelled")
{
    CHECK(
        render_metrics(a_load()) ==
        R"(# HELP taxi_etl_last_run_start_timestamp_seconds When the last run started (unix time).
# TYPE taxi_etl_last_run_start_timestamp_seconds gauge
taxi_etl_last_run_start_timestamp_seconds{command="load",taxi="green"} 1700000000.250
# HELP taxi_etl_last_run_end_timestamp_seconds When the last run ended (unix time).
# TYPE taxi_etl_last_run_end_timestamp_seconds gauge
taxi_etl_last_run_end_timestamp_seconds{command="load",taxi="green"} 1700000012.500
# HELP taxi_etl_last_run_duration_seconds How long the last run took.
# TYPE taxi_etl_last_run_duration_seconds gauge
taxi_etl_last_run_duration_seconds{command="load",taxi="green"} 12.250
# HELP taxi_etl_last_run_exit_code The exit code of the last run (0: success; see taxi-etl --help).
# TYPE taxi_etl_last_run_exit_code gauge
taxi_etl_last_run_exit_code{command="load",taxi="green"} 0
# HELP taxi_etl_last_run_rows_read Rows the last run read from the files it loaded.
# TYPE taxi_etl_last_run_rows_read gauge
taxi_etl_last_run_rows_read{command="load",taxi="green"} 7000
# HELP taxi_etl_last_run_rows_inserted Rows the last run inserted into the table.
# TYPE taxi_etl_last_run_rows_inserted gauge
taxi_etl_last_run_rows_inserted{command="load",taxi="green"} 6990
# HELP taxi_etl_last_run_downloaded_bytes Bytes the last run read from its sources (compressed; a file read twice counts twice).
# TYPE taxi_etl_last_run_downloaded_bytes gauge
taxi_etl_last_run_downloaded_bytes{command="load",taxi="green"} 123456
# HELP taxi_etl_last_success_timestamp_seconds When a run last succeeded (unix time; 0: none known).
# TYPE taxi_etl_last_success_timestamp_seconds gauge
taxi_etl_last_success_timestamp_seconds{command="load",taxi="green"} 1700000012.500
)");
}

TEST_CASE("a backfill counts its months by outcome, zeros too, and sums the loaded ones")
{
    run_metrics metrics;
    start_run_metrics(metrics, "backfill", "yellow");
    std::vector<month_outcome> outcomes(4);
    outcomes[0].status = month_status::loaded;
    outcomes[0].result.rows_read = 10;
    outcomes[0].result.rows_inserted = 10;
    outcomes[0].result.bytes_downloaded = 100;
    outcomes[1].status = month_status::already_loaded;
    outcomes[1].result.rows_read = 5;
    outcomes[1].result.bytes_downloaded = 50;
    outcomes[2].status = month_status::not_published;
    outcomes[3].status = month_status::skipped;
    add_month_outcomes(metrics, outcomes);
    CHECK(metrics.rows_read == 15);
    CHECK(metrics.rows_inserted == 10);
    CHECK(metrics.bytes_downloaded == 150);
    auto const text = render_metrics(metrics);
    auto const sample = [](std::string_view status, int count) {
        return fmt::format("taxi_etl_last_run_months{{command=\"backfill\",status=\"{}\","
                           "taxi=\"yellow\"}} "
                           "{}\n",
                           status, count);
    };
    CHECK_THAT(text, Catch::Contains(sample("loaded", 1)));
    CHECK_THAT(text, Catch::Contains(sample("already_loaded", 1)));
    CHECK_THAT(text, Catch::Contains(sample("not_published", 1)));
    CHECK_THAT(text, Catch::Contains(sample("skipped", 1)));
    CHECK_THAT(text, Catch::Contains(sample("failed", 0)));
    CHECK_THAT(text, Catch::Contains(sample("not_attempted", 0)));
    CHECK_THAT(text, Catch::Contains("# TYPE taxi_etl_last_run_months gauge\n"));
}

TEST_CASE("a transform has no taxi label and no rows")
{
    run_metrics metrics;
    start_run_metrics(metrics, "transform", "");
    end_run_metrics(metrics, 7);
    auto const text = render_metrics(metrics);
    CHECK_THAT(text,
               Catch::Contains("taxi_etl_last_run_exit_code{command=\"transform\"} 7\n"));
    CHECK_THAT(text, !Catch::Contains("rows_read"));
    CHECK_THAT(text, !Catch::Contains("taxi="));
    CHECK_THAT(
        text,
        Catch::Contains(
            "taxi_etl_last_success_timestamp_seconds{command=\"transform\"} 0.000\n"));
}

TEST_CASE("a run that exits 0 is the last success; one that fails is not")
{
    run_metrics metrics;
    start_run_metrics(metrics, "load", "green");
    end_run_metrics(metrics, 0);
    CHECK(metrics.last_success_seconds == metrics.end_seconds);
    CHECK(metrics.end_seconds >= metrics.start_seconds);
    run_metrics failed;
    start_run_metrics(failed, "load", "green");
    end_run_metrics(failed, 3);
    CHECK(failed.last_success_seconds == 0.0);
}

TEST_CASE("the last success is read back from an earlier file of the same job")
{
    auto const earlier = render_metrics(a_load());
    auto metrics = a_load();
    CHECK(parse_last_success(earlier, metrics) == 1700000012.5);

    SECTION("another taxi kind's or command's line is not ours")
    {
        metrics.taxi = "yellow";
        CHECK(parse_last_success(earlier, metrics) == 0.0);
        metrics.taxi = "green";
        metrics.command = "backfill";
        CHECK(parse_last_success(earlier, metrics) == 0.0);
    }
    SECTION("label values with escapes read back as written")
    {
        auto odd = a_load();
        odd.taxi = "we\"ird\\ta\nxi";
        CHECK(parse_last_success(render_metrics(odd), odd) == 1700000012.5);
    }
    SECTION("labels in another order, a timestamp after the value, CRLF-free lines")
    {
        CHECK(parse_last_success("taxi_etl_last_success_timestamp_seconds{taxi=\"green\","
                                 "command=\"load\",} 1.5e9 1700000000000\n",
                                 metrics) == 1.5e9);
    }
}

TEST_CASE("a garbled earlier file means no earlier success")
{
    auto const metrics = a_load();
    CHECK(parse_last_success("", metrics) == 0.0);
    CHECK(parse_last_success("\x1f\x8b\x08 binary junk \xff\xfe", metrics) == 0.0);
    auto const name = std::string{"taxi_etl_last_success_timestamp_seconds"};
    auto const labels = std::string{R"({command="load",taxi="green"})"};
    for (auto const &line : {
             name + labels + " NaN",
             name + labels + " +Inf",
             name + labels + " -5",
             name + labels + " 12abc",
             name + labels + " ",
             name + labels,
             name + R"({command="load",taxi="green} 1700000000)",
             name + R"({command="load",taxi="green"  1700000000)",
             name + R"({command="load",taxi="green\)",
             name + "_other" + labels + " 1700000000",
             "# " + name + labels + " 1700000000",
         }) {
        CAPTURE(line);
        CHECK(parse_last_success(line, metrics) == 0.0);
    }
    // A garbled line does not hide a good one after it.
    CHECK(parse_last_success(name + labels + " x\n" + name + labels + " 42.5\n", metrics) ==
          42.5);
}

TEST_CASE("the file is replaced whole, readable by others, with nothing left beside it")
{
    temp_directory dir;
    auto const path = dir.path / "taxi.prom";
    replace_file(path.string(), "first\n");
    replace_file(path.string(), "second\n");
    CHECK(read_all(path) == "second\n");
    struct stat info
    {
    };
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0644);
    CHECK(std::distance(std::filesystem::directory_iterator{dir.path},
                        std::filesystem::directory_iterator{}) == 1);
}

TEST_CASE("a file that cannot be written is an error naming it")
{
    temp_directory dir;
    auto const path = (dir.path / "missing" / "taxi.prom").string();
    CHECK_THROWS_WITH(replace_file(path, "x"),
                      Catch::Contains("cannot create a temporary file beside") &&
                          Catch::Contains("missing/taxi.prom") &&
                          Catch::Contains("No such file or directory"));
    CHECK_FALSE(write_run_metrics(path, a_load()));
}

TEST_CASE("a failed run carries the earlier success over; a success replaces it")
{
    temp_directory dir;
    auto const path = (dir.path / "taxi.prom").string();
    auto metrics = a_load();
    REQUIRE(write_run_metrics(path, metrics));

    metrics.exit_code = 3;
    metrics.last_success_seconds = 0.0;
    metrics.end_seconds = 1700001000.0;
    REQUIRE(write_run_metrics(path, metrics));
    auto const text = read_all(path);
    CHECK_THAT(text,
               Catch::Contains(
                   "taxi_etl_last_run_exit_code{command=\"load\",taxi=\"green\"} 3\n"));
    CHECK_THAT(text,
               Catch::Contains("taxi_etl_last_success_timestamp_seconds{command=\"load\","
                               "taxi=\"green\"} 1700000012.500\n"));

    // Twice failed: still the same success.
    REQUIRE(write_run_metrics(path, metrics));
    CHECK(parse_last_success(read_all(path), metrics) == 1700000012.5);

    // A garbled file: no earlier success.
    std::ofstream{path} << "garbage\n";
    REQUIRE(write_run_metrics(path, metrics));
    CHECK(parse_last_success(read_all(path), metrics) == 0.0);
}

TEST_CASE("an earlier file that is not a regular file is not read (a FIFO would block)")
{
    temp_directory dir;
    auto const path = (dir.path / "taxi.prom").string();
    REQUIRE(::mkfifo(path.c_str(), 0644) == 0);
    auto metrics = a_load();
    metrics.exit_code = 5;
    REQUIRE(write_run_metrics(path, metrics));
    CHECK(std::filesystem::is_regular_file(path));
    CHECK(parse_last_success(read_all(path), metrics) == 0.0);
}
