// history against a real server: the taxi_etl schema created from nothing
// and upgraded from each older version, and the record of a run.

#include "tempdb.hpp"

#include "taxi_etl/history.hpp"
#include "taxi_etl/sql.hpp"

#include <catch2/catch.hpp>

#include <charconv>
#include <string>

using namespace taxi_etl;

namespace {

// The newest version: the number of sql/bookkeeping_v<N>.sql files.
int newest_version()
{
    int newest = 0;
    for (auto const &file : sql::embedded_files()) {
        int version = 0;
        if (file.name.starts_with("bookkeeping_v") &&
            std::from_chars(file.name.data() + 13, file.name.data() + file.name.size(),
                            version)
                    .ec == std::errc{}) {
            newest = std::max(newest, version);
        }
    }
    return newest;
}

// The taxi_etl schema as the catalog describes it: tables, columns, types,
// defaults, and indexes.
std::string schema_shape(pg::connection &db)
{
    return testing::value(
        db,
        "SELECT string_agg(line, E'\\n' ORDER BY line) FROM ("
        "  SELECT format('%s.%s %s %s', table_name, column_name, data_type, "
        "                coalesce(column_default, '')) AS line "
        "  FROM information_schema.columns WHERE table_schema = 'taxi_etl' "
        "  UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'taxi_etl') AS s");
}

// The schema as version `version` made it, as an older taxi-etl left it.
void apply_migrations_to(pg::connection &db, int version)
{
    for (int v = 1; v <= version; ++v) {
        db.exec(std::string{sql::text(fmt::format("bookkeeping_v{}", v))});
    }
}

history::run_info a_run(std::string const &file)
{
    return {"green", "public", file, "https://example.invalid/" + file, false};
}

std::string run_row(pg::connection &db, std::int64_t run_id)
{
    return std::string{
        db.exec_params("SELECT concat_ws('|', status, rows_read, rows_inserted, "
                       "rows_present, bytes_downloaded, exit_code, error) "
                       "FROM taxi_etl.runs WHERE run_id = $1::bigint",
                       {std::to_string(run_id)})
            .get(0, 0)};
}

} // namespace

TEST_CASE("prepare creates the history from nothing, once")
{
    auto db = testing::connect();
    testing::drop_history(db);
    CHECK(history::schema_version(db) == 0);
    history::prepare(db);
    CHECK(history::schema_version(db) == newest_version());
    auto const shape = schema_shape(db);
    history::prepare(db); // nothing left to do
    CHECK(history::schema_version(db) == newest_version());
    CHECK(schema_shape(db) == shape);
}

TEST_CASE("prepare upgrades each older version to the newest, keeping its runs")
{
    auto db = testing::connect();
    testing::drop_history(db);
    history::prepare(db);
    auto const created = schema_shape(db);
    REQUIRE(newest_version() > 1);
    for (int version = 1; version < newest_version(); ++version) {
        CAPTURE(version);
        testing::drop_history(db);
        apply_migrations_to(db, version);
        REQUIRE(history::schema_version(db) == version);
        auto const run_id = history::start_run(db, a_run("green_tripdata_2019-01.csv"));
        history::prepare(db);
        CHECK(history::schema_version(db) == newest_version());
        CHECK(schema_shape(db) == created);
        CHECK(run_row(db, run_id) == "running"); // its own backend: still alive
    }
}

TEST_CASE("a run is recorded running, then with its counts")
{
    auto db = testing::connect();
    testing::drop_history(db);
    history::prepare(db);
    auto run = a_run("green_tripdata_2019-02.csv");
    run.backfill = true;
    auto const run_id = history::start_run(db, run);
    CHECK(testing::value(db,
                         "SELECT concat_ws('|', taxi, target_schema, file_name, source, "
                         "labels->>'backfill', backend_pid = pg_backend_pid(), "
                         "finished_at IS NULL) FROM taxi_etl.runs") ==
          "green|public|green_tripdata_2019-02.csv|https://example.invalid/"
          "green_tripdata_2019-02.csv|true|t|t");
    load_result result;
    result.rows_read = 10;
    result.rows_inserted = 7;
    result.rows_present = 3;
    result.bytes_downloaded = 1234;
    history::finish_run(db, run_id, result);
    CHECK(run_row(db, run_id) == "succeeded|10|7|3|1234|0");
    CHECK(testing::value(db, "SELECT finished_at IS NOT NULL FROM taxi_etl.runs") == "t");
}

TEST_CASE("a failed run is recorded with its exit code and error, and no counts")
{
    auto db = testing::connect();
    testing::drop_history(db);
    history::prepare(db);
    auto const failed = history::start_run(db, a_run("green_tripdata_2019-03.csv"));
    history::fail_run(db, failed, etl_error{exit_code::bad_data, "line 5: bad row"});
    CHECK(run_row(db, failed) == "failed|4|line 5: bad row");
    auto const stopped = history::start_run(db, a_run("green_tripdata_2019-04.csv"));
    history::fail_run(db, stopped, etl_error{exit_code::interrupted, "interrupted"});
    CHECK(run_row(db, stopped) == "interrupted|130|interrupted");
}

TEST_CASE("prepare marks a run whose backend is gone as interrupted")
{
    auto db = testing::connect();
    testing::drop_history(db);
    history::prepare(db);
    std::int64_t run_id = 0;
    std::string pid;
    {
        auto other = testing::connect();
        run_id = history::start_run(other, a_run("green_tripdata_2019-05.csv"));
        pid = testing::value(other, "SELECT pg_backend_pid()");
    }
    // Gone once the server has seen the connection end.
    db.exec_params("SELECT pg_terminate_backend($1::int, 10000)", {pid});
    history::prepare(db);
    CHECK(run_row(db, run_id) ==
          "interrupted|the run ended without recording its outcome (killed, or its "
          "connection was lost)");
}

TEST_CASE("loaded_before is true for a file a run loaded, not one that failed")
{
    auto db = testing::connect();
    testing::drop_history(db);
    history::prepare(db);
    auto const first = history::start_run(db, a_run("green_tripdata_2019-06.csv"));
    history::finish_run(db, first, {});
    auto const second = history::start_run(db, a_run("green_tripdata_2019-06.csv"));
    history::finish_run(db, second, {});
    auto const failed = history::start_run(db, a_run("green_tripdata_2019-07.csv"));
    history::fail_run(db, failed, etl_error{exit_code::network, "HTTP 503"});
    CHECK(history::loaded_before(db, "green", "public", "green_tripdata_2019-06.csv"));
    CHECK_FALSE(
        history::loaded_before(db, "green", "public", "green_tripdata_2019-07.csv"));
    CHECK_FALSE(history::loaded_before(db, "green", "other", "green_tripdata_2019-06.csv"));
    CHECK_FALSE(
        history::loaded_before(db, "yellow", "public", "green_tripdata_2019-06.csv"));
}
