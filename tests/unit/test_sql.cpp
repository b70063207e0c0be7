#include "taxi_etl/error.hpp"
#include "taxi_etl/sql.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace taxi_etl;

TEST_CASE("the sql/ files are compiled in")
{
    CHECK_THAT(std::string{sql::text("merge_staging")}, Catch::Contains("NOT EXISTS"));
    CHECK_THROWS_AS(sql::text("no_such_file"), etl_error);
}

TEST_CASE("a file's sections are statements named by their `-- name:` lines")
{
    auto const text = "-- The module's statements.\n"
                      "\n"
                      "-- name: first\n"
                      "-- What the first does.\n"
                      "SELECT 1;\n"
                      "\n"
                      "\n"
                      "-- name:  second \r\n"
                      "SELECT 2;\n";
    auto const found = sql::split_sections("module", text);
    REQUIRE(found.size() == 2);
    CHECK(found[0].name == "first");
    CHECK(found[0].text == "-- What the first does.\nSELECT 1;\n");
    CHECK(found[1].name == "second");
    CHECK(found[1].text == "SELECT 2;\n");
}

TEST_CASE("a file without sections is one statement named after the file")
{
    auto const found = sql::split_sections("bookkeeping_v1", "CREATE SCHEMA x;\n");
    REQUIRE(found.size() == 1);
    CHECK(found[0].name == "bookkeeping_v1");
    CHECK(found[0].text == "CREATE SCHEMA x;\n");
}

TEST_CASE("every statement compiled in has a name of its own and a text")
{
    std::set<std::string_view> names;
    for (auto const &statement : sql::statements()) {
        INFO(statement.name);
        CHECK(names.insert(statement.name).second);
        CHECK_FALSE(statement.text.empty());
        CHECK(statement.name.find_first_of(" \t-") == std::string_view::npos);
    }
    CHECK(names.size() >= sql::embedded_files().size());
}

TEST_CASE("templates take named fields")
{
    CHECK(sql::render("create_schema", fmt::arg("schema", "\"s\"")) ==
          "CREATE SCHEMA \"s\";\n");
}

TEST_CASE("every embedded statement is a statement, a model's query or an expression")
{
    for (auto const &file : sql::statements()) {
        INFO(file.name);
        CHECK_FALSE(file.text.empty());
        if (file.name.starts_with("expr_")) {
            // Expressions go into other statements' select lists.
            CHECK(file.text.find("SELECT") == std::string_view::npos);
            CHECK(file.text.find(';') == std::string_view::npos);
        } else if (file.name.starts_with("model_")) {
            // The models are SELECTs that other statements wrap (CREATE ... AS).
            CHECK(file.text.find("SELECT") != std::string_view::npos);
            CHECK(file.text.find(';') == std::string_view::npos);
        } else {
            CHECK(file.text.find(';') != std::string_view::npos);
        }
    }
}
