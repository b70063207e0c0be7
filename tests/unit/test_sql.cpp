#include "taxi_etl/error.hpp"
#include "taxi_etl/sql.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

TEST_CASE("the sql/ files are compiled in")
{
    CHECK_THAT(std::string{sql::text("merge_staging")}, Catch::Contains("NOT EXISTS"));
    CHECK_THROWS_AS(sql::text("no_such_file"), etl_error);
}

TEST_CASE("templates take named fields")
{
    CHECK(sql::render("create_schema", fmt::arg("schema", "\"s\"")) ==
          "CREATE SCHEMA \"s\";\n");
}

TEST_CASE("every embedded file is a statement, a model's query or an expression")
{
    for (auto const &file : sql::embedded_files()) {
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
