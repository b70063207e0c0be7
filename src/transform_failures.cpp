#include "taxi_etl/transform_failures.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/sql.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace taxi_etl {

namespace {

// A check's statement, without its ';', ending with a LIMIT.
std::string limited(check_result const &check, int limit)
{
    auto sql = check.rows_sql;
    while (!sql.empty() && (sql.back() == ';' || sql.back() == '\n' || sql.back() == ' ')) {
        sql.pop_back();
    }
    return fmt::format("{}\nLIMIT {}", sql, limit);
}

// "col=value  col=NULL" for one row.
std::string format_row(pg::result const &rows, int row)
{
    std::string out;
    for (int column = 0; column < PQnfields(rows.handle()); ++column) {
        out +=
            fmt::format("{}{}={}", column == 0 ? "" : "  ", PQfname(rows.handle(), column),
                        rows.is_null(row, column) ? "NULL" : rows.get(row, column));
    }
    return out;
}

// One row as a line of CSV for COPY: every value quoted, NULL as nothing.
std::string csv_line(pg::result const &rows, int row)
{
    std::string out;
    for (int column = 0; column < PQnfields(rows.handle()); ++column) {
        if (column > 0) {
            out += ',';
        }
        if (rows.is_null(row, column)) {
            continue;
        }
        out += '"';
        for (char const c : rows.get(row, column)) {
            out += c == '"' ? std::string_view{"\"\""} : std::string_view{&c, 1};
        }
        out += '"';
    }
    return out + '\n';
}

// The column list of a table to hold these rows, with their types.
std::string column_definitions(pg::connection &db, pg::result const &rows)
{
    std::string out;
    for (int column = 0; column < PQnfields(rows.handle()); ++column) {
        auto const type = db.exec_named(
            "audit_column_type", static_cast<std::int64_t>(PQftype(rows.handle(), column)),
            static_cast<std::int64_t>(PQfmod(rows.handle(), column)));
        out += fmt::format("{}{} {}", column == 0 ? "" : ", ",
                           db.quote_identifier(PQfname(rows.handle(), column)),
                           type.get(0, 0));
    }
    return out;
}

} // namespace

void sample_failures(pg::connection &db, std::vector<check_result> &checks)
{
    for (auto &check : checks) {
        if (check.severity != "error" || check.failing == 0) {
            continue;
        }
        auto const rows =
            db.exec_params(limited(check, failing_rows_shown), check.rows_params);
        for (int row = 0; row < rows.rows(); ++row) {
            check.sample.push_back(format_row(rows, row));
        }
    }
}

std::string audit_schema_name(std::string const &schema)
{
    auto audit = fmt::format("{}_dbt_test__audit", schema);
    if (audit.size() > max_identifier_bytes) {
        fail(exit_code::usage,
             "--store-failures: the audit schema {} is {} bytes, longer than PostgreSQL's "
             "{}: give a --schema of at most {} bytes",
             audit, audit.size(), max_identifier_bytes,
             max_identifier_bytes - (audit.size() - schema.size()));
    }
    return audit;
}

std::vector<check_failures>
read_failures(pg::connection &db, std::vector<check_result> const &checks, int limit)
{
    std::vector<check_failures> failures;
    for (auto const &check : checks) {
        // A check that passed has no rows to look for: only their columns.
        // One row past the limit tells whether there were more.
        auto const sql = limited(check, check.failing == 0 ? 0 : limit + 1);
        auto rows = db.exec_params(sql, check.rows_params);
        auto const kept = std::min(rows.rows(), limit);
        auto const more = rows.rows() > limit;
        failures.push_back({check.test_name, std::move(rows), kept, more});
    }
    return failures;
}

std::string store_failures(pg::connection &db, std::string const &schema,
                           std::vector<check_failures> const &failures)
{
    auto const audit = audit_schema_name(schema);
    pg::transaction store{db};
    db.exec_named("transform_lock", schema);
    db.exec(sql::render("audit_schema", fmt::arg("audit", db.quote_identifier(audit))));
    for (auto const &failure : failures) {
        auto const table = fmt::format("{}.{}", db.quote_identifier(audit),
                                       db.quote_identifier(failure.table));
        db.exec(sql::render("audit_table_replace", fmt::arg("table", table),
                            fmt::arg("columns", column_definitions(db, failure.rows))));
        db.copy_start(sql::render("audit_copy", fmt::arg("table", table)));
        for (int row = 0; row < failure.kept; ++row) {
            db.copy_send(csv_line(failure.rows, row));
        }
        db.copy_end();
    }
    store.commit();
    return audit;
}

std::vector<std::string> format_stored_failures(std::vector<check_result> const &checks,
                                                std::vector<check_failures> const &failures)
{
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < checks.size() && i < failures.size(); ++i) {
        if (failures[i].more) {
            lines.push_back(fmt::format(
                "stored the first {} rows of check '{}' (failing for {} rows): "
                "--store-failures keeps at most {} of each check",
                failures[i].kept, checks[i].name, checks[i].failing, failures[i].kept));
        }
    }
    return lines;
}

std::vector<std::string> format_check_failures(transform_result const &result)
{
    std::vector<std::string> lines;
    for (auto const &check : result.checks) {
        if (check.sample.empty()) {
            continue;
        }
        lines.push_back(fmt::format("check '{}' failed for {} rows{}:", check.name,
                                    check.failing,
                                    check.failing > check.sample.size()
                                        ? fmt::format(", the first {}", check.sample.size())
                                        : ""));
        for (auto const &row : check.sample) {
            lines.push_back(fmt::format("  {}", row));
        }
    }
    return lines;
}

} // namespace taxi_etl
