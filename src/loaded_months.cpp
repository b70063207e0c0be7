#include "taxi_etl/loaded_months.hpp"

#include "taxi_etl/history.hpp"
#include "taxi_etl/partition.hpp"
#include "taxi_etl/sql.hpp"
#include "taxi_etl/trip_table.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

namespace taxi_etl::loaded {

namespace {

bool truncated(file_facts const &file)
{
    return file.record && file.record->relfilenode &&
           file.relfilenode != file.record->relfilenode;
}

// loaded_files, by file name (version 3 on; its relfilenode version 4 on).
std::map<std::string, load_record> load_records(pg::connection &db, taxi_kind const &kind,
                                                std::string const &schema, int version)
{
    std::map<std::string, load_record> records;
    if (version < 3) {
        return records;
    }
    auto const res = db.exec_params(
        sql::render("loaded_files_read",
                    fmt::arg("relfilenode", version >= 4 ? "relfilenode" : "NULL::oid")),
        kind.name, schema);
    for (int row = 0; row < res.rows(); ++row) {
        records.emplace(res.get<std::string>(row, 0),
                        load_record{res.get<std::uint32_t>(row, 1),
                                    res.get_optional<std::uint32_t>(row, 2),
                                    res.get_optional<std::uint64_t>(row, 3),
                                    res.get<std::uint64_t>(row, 4)});
    }
    return records;
}

table_now find_table(pg::connection &db, std::string const &schema, taxi_kind const &kind)
{
    auto const res = db.exec_named("table_now", schema, trip_table_name(kind));
    if (res.rows() == 0) {
        return {};
    }
    return {true, res.get<std::uint32_t>(0, 0)};
}

// The relfilenode of each file's relation now, by file name.
void find_relations(pg::connection &db, table_now const &table,
                    std::map<std::string, file_facts> &facts)
{
    std::set<std::string> names;
    for (auto const &[name, file] : facts) {
        names.insert(name);
    }
    auto const res = db.exec_named("file_relations", table.oid, array_literal(names));
    for (int row = 0; row < res.rows(); ++row) {
        facts[res.get<std::string>(row, 0)].relfilenode =
            res.get_optional<std::uint32_t>(row, 1);
    }
}

// Counts the rows of the files that need it, in one query.
void count_rows(pg::connection &db, std::string const &qualified, table_now const &table,
                std::map<std::string, file_facts> &facts, bool verify)
{
    std::set<std::string> names;
    for (auto &[name, file] : facts) {
        if (needs_count(table, file, verify)) {
            names.insert(name);
            file.rows = 0; // absent from the answer: none
        }
    }
    if (names.empty()) {
        return;
    }
    auto const res = db.exec_params(
        sql::render("file_row_counts", fmt::arg("table", qualified)), array_literal(names));
    for (int row = 0; row < res.rows(); ++row) {
        facts[res.get<std::string>(row, 0)].rows = res.get_optional<std::uint64_t>(row, 1);
    }
}

} // namespace

bool needs_count(table_now const &table, file_facts const &file, bool verify)
{
    if (!table.exists || (file.record && file.record->table_oid != table.oid)) {
        return false;
    }
    if (verify || !file.record || file.record->partition_rows) {
        return true;
    }
    return !file.record->relfilenode || file.relfilenode != file.record->relfilenode;
}

verdict decide(table_now const &table, file_facts const &file, bool verify)
{
    if (!table.exists) {
        return {false, "table dropped since it was loaded"};
    }
    if (file.record && file.record->table_oid != table.oid) {
        return {false, "table created again since it was loaded"};
    }
    if (!file.rows) { // not counted: the same relation as at the load
        return {true, {}};
    }
    std::optional<std::uint64_t> expected;
    if (file.record) {
        expected = file.record->partition_rows;
        if (!expected && verify) {
            expected = file.record->file_rows;
        }
    }
    auto const rows = *file.rows;
    if (rows == 0 && truncated(file)) {
        return {false, "table truncated since it was loaded"};
    }
    if (!expected) {
        return rows > 0 ? verdict{true, {}}
                        : verdict{false, "no rows of the file in the table"};
    }
    if (rows < *expected) {
        return {false, fmt::format("rows missing: {} of {}", *expected - rows, *expected)};
    }
    return {true, {}};
}

std::vector<file_state> held_files(pg::connection &db, taxi_kind const &kind,
                                   std::string const &schema, bool verify,
                                   std::set<std::string> const &only)
{
    auto const version = history::schema_version(db);
    auto const records = load_records(db, kind, schema, version);
    auto const runs = db.exec_named("runs_loaded_files", kind.name, schema);
    std::vector<file_state> files;
    std::map<std::string, file_facts> facts;
    for (int row = 0; row < runs.rows(); ++row) {
        auto const name = runs.get<std::string>(row, 0);
        if (!only.empty() && !only.contains(name)) {
            continue;
        }
        auto &file = files.emplace_back();
        file.file_name = name;
        file.run_id = runs.get<std::int64_t>(row, 1);
        file.finished = runs.get<std::string>(row, 2);
        file.rows = runs.get<std::uint64_t>(row, 3);
        auto const record = records.find(file.file_name);
        facts[file.file_name].record =
            record == records.end() ? std::nullopt : std::optional{record->second};
    }
    auto const table = find_table(db, schema, kind);
    if (table.exists && !facts.empty()) {
        find_relations(db, table, facts);
        count_rows(db,
                   fmt::format("{}.{}", db.quote_identifier(schema),
                               db.quote_identifier(trip_table_name(kind))),
                   table, facts, verify);
    }
    for (auto &file : files) {
        auto const &fact = facts[file.file_name];
        auto const found = decide(table, fact, verify);
        file.held = found.held;
        file.reason = found.reason;
        if (fact.rows) {
            file.rows = *fact.rows;
        } else if (fact.record) {
            file.rows = fact.record->partition_rows.value_or(fact.record->file_rows);
        }
    }
    return files;
}

} // namespace taxi_etl::loaded
