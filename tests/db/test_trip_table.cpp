// trip_table and partition against a real server: names quoted as the
// catalog stores them, the layout found, a file's partition found by its
// bound whatever its name, and an array literal as PostgreSQL reads it.

#include "tempdb.hpp"

#include "taxi_etl/partition.hpp"
#include "taxi_etl/trip_table.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace taxi_etl;

namespace {

taxi_kind const &green()
{
    return find_taxi_kind("green");
}

// The course's table: plain, its columns without constraints.
void create_plain_table(pg::connection &db, trip_table const &table)
{
    db.exec(fmt::format("CREATE TABLE {} (unique_row_id text, filename text, {})",
                        table.qualified, column_definitions(*table.kind)));
}

void insert_row(pg::connection &db, std::string const &relation, std::string const &id,
                std::string const &file, std::string const &pickup, taxi_kind const &kind)
{
    db.exec_params(fmt::format("INSERT INTO {} (unique_row_id, filename, {}) "
                               "VALUES ($1, $2, $3::timestamp)",
                               relation, db_column_name(kind.pickup_column)),
                   {id, file, pickup});
}

// A file's partition, as a load makes it: created, filled, attached.
// Returns its qualified name.
std::string load_partition(pg::connection &db, trip_table const &table,
                           std::string const &file, std::set<std::string> const &ids,
                           std::optional<day_rows> const &days = std::nullopt)
{
    pg::transaction transaction{db};
    new_partition partition{db, table, file};
    for (auto const &id : ids) {
        insert_row(db, partition.qualified(), id, file, "2019-01-05 10:00", *table.kind);
    }
    lock_or_create_table(db, table, {0, [](std::string const &) {}});
    partition.attach(days, 0);
    transaction.commit();
    return partition.qualified();
}

std::set<std::string> ids_in(pg::connection &db, std::string const &relation)
{
    auto const res = db.exec(fmt::format("SELECT unique_row_id FROM {}", relation));
    std::set<std::string> ids;
    for (int row = 0; row < res.rows(); ++row) {
        ids.emplace(res.get(row, 0));
    }
    return ids;
}

// Whether two SQL names of relations name the same one.
bool same_relation(pg::connection &db, std::string const &a, std::string const &b)
{
    return db.exec_params("SELECT $1::regclass = $2::regclass", {a, b}).get(0, 0) == "t";
}

} // namespace

TEST_CASE("a table in an oddly named schema is found, and its layout told")
{
    auto db = testing::connect();
    auto const schema = testing::fresh_schema(db, "Trip \"Odd\" Schema");
    auto const table = make_trip_table(db, schema, green());
    CHECK(table.name == "green_tripdata");
    CHECK(table.display == schema + ".green_tripdata");
    CHECK(schema_exists(db, schema));
    CHECK_FALSE(schema_exists(db, "no such schema"));
    CHECK(find_layout(db, table) == table_layout::missing);
    testing::create_partitioned_table(db, table);
    CHECK(find_layout(db, table) == table_layout::partitioned);
    check_trip_table(db, table);

    auto const plain_schema = testing::fresh_schema(db, "trip plain");
    auto const plain = make_trip_table(db, plain_schema, green());
    create_plain_table(db, plain);
    CHECK(find_layout(db, plain) == table_layout::plain);
    check_trip_table(db, plain);
}

TEST_CASE("a table without a column of the kind, or with another type, is refused")
{
    auto db = testing::connect();
    auto const schema = testing::fresh_schema(db, "trip_check");
    auto const table = make_trip_table(db, schema, green());
    create_plain_table(db, table);
    auto const pickup = db_column_name(green().pickup_column);
    db.exec(
        fmt::format("ALTER TABLE {} ALTER COLUMN {} TYPE text", table.qualified, pickup));
    CHECK_THROWS_WITH(check_trip_table(db, table),
                      Catch::Contains("its column " + pickup + " is text"));
    db.exec(fmt::format("ALTER TABLE {} DROP COLUMN {}", table.qualified, pickup));
    CHECK_THROWS_WITH(check_trip_table(db, table),
                      Catch::Contains("has no column " + pickup));
    try {
        check_trip_table(db, table);
        FAIL("not refused");
    } catch (etl_error const &error) {
        CHECK(error.code() == exit_code::database);
    }
}

TEST_CASE("an array literal reads back in PostgreSQL as the values it lists")
{
    auto db = testing::connect();
    std::set<std::string> const values{
        "",         "NULL",  "a,b",  "say \"hi\"",  "back\\slash",
        "{braces}", " pad ", "it's", "caf\xc3\xa9", "line\nbreak"};
    auto const res = db.exec_params("SELECT v, v IS NULL FROM unnest($1::text[]) AS v",
                                    {array_literal(values)});
    std::set<std::string> read;
    for (int row = 0; row < res.rows(); ++row) {
        CHECK(res.get(row, 1) == "f");
        read.emplace(res.get(row, 0));
    }
    CHECK(res.rows() == static_cast<int>(values.size()));
    CHECK(read == values);
    CHECK(db.exec_params("SELECT cardinality($1::text[])", {array_literal({})}).get(0, 0) ==
          "0");
}

TEST_CASE("a file's partition is found by its bound, whatever the file's name")
{
    auto db = testing::connect();
    auto const schema = testing::fresh_schema(db, "trip_partitions");
    auto const table = make_trip_table(db, schema, green());
    testing::create_partitioned_table(db, table);
    // The second name makes the same partition name as the first: it gets a
    // suffix. The third needs quoting everywhere.
    for (std::string const file :
         {"green_tripdata_2019-01.csv", "Green_TripData_2019-01.csv",
          "it's a \\ \"file\", (1).csv"}) {
        CAPTURE(file);
        auto const partition = load_partition(db, table, file, {file + " row"});
        auto const found = file_partition(db, table, file);
        REQUIRE(found);
        CHECK(same_relation(db, *found, partition));
        CHECK(ids_in(db, partition) == std::set<std::string>{file + " row"});
    }
    CHECK_FALSE(file_partition(db, table, "never_loaded.csv"));

    auto const plain =
        make_trip_table(db, testing::fresh_schema(db, "trip_plain"), green());
    create_plain_table(db, plain);
    insert_row(db, plain.qualified, "x", "green_tripdata_2019-01.csv", "2019-01-05 10:00",
               green());
    CHECK_FALSE(file_partition(db, plain, "green_tripdata_2019-01.csv"));
}

TEST_CASE("attaching a file's partition drops the rows the table holds already")
{
    auto db = testing::connect();
    auto const schema = testing::fresh_schema(db, "trip_attach");
    auto const table = make_trip_table(db, schema, green());
    testing::create_partitioned_table(db, table);
    // The course's MERGE put a row of another file in the DEFAULT partition.
    insert_row(db, table.qualified, "held", "course.csv", "2019-01-05 10:00", green());
    db.exec("BEGIN");
    CHECK(file_in_default_partition(db, table, "course.csv", 0));
    CHECK_FALSE(file_in_default_partition(db, table, "green_tripdata_2019-01.csv", 0));
    db.exec("COMMIT");

    auto const known = load_partition(db, table, "green_tripdata_2019-01.csv",
                                      {"held", "new"}, day_rows{{"2019-01-05", 2}});
    CHECK(ids_in(db, known) == std::set<std::string>{"new"});
    auto const counted =
        load_partition(db, table, "green_tripdata_2019-02.csv", {"held", "new", "other"});
    CHECK(ids_in(db, counted) == std::set<std::string>{"other"});
}
