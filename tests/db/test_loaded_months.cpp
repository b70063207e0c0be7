// loaded::held_files against a real server: a file a run loaded counts as
// held until its rows go (TRUNCATE, DELETE, DROP, the table created again).

#include "tempdb.hpp"

#include "taxi_etl/history.hpp"
#include "taxi_etl/loaded_months.hpp"
#include "taxi_etl/partition.hpp"
#include "taxi_etl/reload_check.hpp"
#include "taxi_etl/trip_table.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace taxi_etl;

namespace {

std::string const file = "green_tripdata_2019-01.csv";

// What a load leaves: `rows` rows of the file in the table (in the
// relation `rows_in`), its run, and its record.
void load(pg::connection &db, trip_table const &table, std::string const &rows_in, int rows)
{
    db.exec("BEGIN");
    db.exec_params(fmt::format("INSERT INTO {} (unique_row_id, filename, {}) "
                               "SELECT md5(i::text), $1, '2019-01-05' "
                               "FROM generate_series(1, $2::int) AS i",
                               rows_in, db_column_name(table.kind->pickup_column)),
                   {file, std::to_string(rows)});
    record_load(db, table, file, {}, static_cast<std::uint64_t>(rows));
    db.exec("COMMIT");
    auto const run_id = history::start_run(
        db, {std::string{table.kind->name}, table.schema, file, "/data/" + file, false});
    load_result result;
    result.rows_read = result.rows_inserted = static_cast<std::uint64_t>(rows);
    history::finish_run(db, run_id, result);
}

loaded::file_state the_file(pg::connection &db, std::string const &schema,
                            bool verify = false)
{
    auto const files = loaded::held_files(db, find_taxi_kind("green"), schema, verify);
    REQUIRE(files.size() == 1);
    CHECK(files[0].file_name == file);
    return files[0];
}

// A new history, and the green trip table made plain (as the course's
// flow makes it) in a schema of its own.
trip_table plain_table_with_history(pg::connection &db, std::string_view schema_name)
{
    testing::drop_history(db);
    history::prepare(db);
    auto const schema = testing::fresh_schema(db, schema_name);
    auto table = make_trip_table(db, schema, find_taxi_kind("green"));
    db.exec(fmt::format("CREATE TABLE {} (unique_row_id text, filename text, {})",
                        table.qualified, column_definitions(*table.kind)));
    return table;
}

} // namespace

TEST_CASE("a plain table's file is held until TRUNCATE, DROP or a new table")
{
    auto db = testing::connect();
    auto const table = plain_table_with_history(db, "held_plain");
    auto const &schema = table.schema;
    load(db, table, table.qualified, 3);

    auto held = the_file(db, schema);
    CHECK(held.held);
    CHECK(held.rows == 3);
    CHECK(the_file(db, schema, true).held); // with --verify: its 3 rows counted

    db.exec(fmt::format("TRUNCATE {}", table.qualified));
    auto const truncated = the_file(db, schema);
    CHECK_FALSE(truncated.held);
    CHECK(truncated.reason == "table truncated since it was loaded");

    db.exec(fmt::format("DROP TABLE {}", table.qualified));
    CHECK(the_file(db, schema).reason == "table dropped since it was loaded");

    db.exec(fmt::format("CREATE TABLE {} (unique_row_id text, filename text, {})",
                        table.qualified, column_definitions(*table.kind)));
    CHECK(the_file(db, schema).reason == "table created again since it was loaded");
}

TEST_CASE("a file's partition is held while it keeps its rows")
{
    auto db = testing::connect();
    testing::drop_history(db);
    history::prepare(db);
    auto const schema = testing::fresh_schema(db, "held_partitioned");
    auto const table = make_trip_table(db, schema, find_taxi_kind("green"));
    testing::create_partitioned_table(db, table);
    std::string qualified;
    {
        pg::transaction transaction{db};
        new_partition partition{db, table, file};
        partition.attach(day_rows{}, 0);
        transaction.commit();
        qualified = partition.qualified();
    }
    load(db, table, qualified, 4);

    auto const held = the_file(db, schema);
    CHECK(held.held);
    CHECK(held.rows == 4);

    db.exec(fmt::format("DELETE FROM {} WHERE unique_row_id = md5('1')", qualified));
    auto const emptied = the_file(db, schema);
    CHECK_FALSE(emptied.held);
    CHECK(emptied.reason == "rows missing: 1 of 4");
    CHECK(emptied.rows == 3);

    db.exec(fmt::format("TRUNCATE {}", table.qualified));
    CHECK(the_file(db, schema).reason == "table truncated since it was loaded");
}

TEST_CASE("held_files reads only the files asked for, and none of other kinds")
{
    auto db = testing::connect();
    auto const table = plain_table_with_history(db, "held_only");
    auto const &schema = table.schema;
    load(db, table, table.qualified, 2);
    auto const &kind = find_taxi_kind("green");
    CHECK(loaded::held_files(db, kind, schema, false, {file}).size() == 1);
    CHECK(loaded::held_files(db, kind, schema, false, {"other.csv"}).empty());
    CHECK(loaded::held_files(db, find_taxi_kind("yellow"), schema, false).empty());
}
