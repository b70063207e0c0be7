#include "taxi_etl/trip_table.hpp"

#include "taxi_etl/lock_wait.hpp"
#include "taxi_etl/month.hpp"
#include "taxi_etl/sql.hpp"

#include <exception>
#include <vector>

namespace taxi_etl {

namespace {

constexpr std::string_view staging_name = "taxi_etl_staging";

// format_type() spells some types out in full.
std::string_view catalog_type_name(column_type type)
{
    return type == column_type::timestamp ? "timestamp without time zone"
                                          : pg_type_name(type);
}

struct expected_column
{
    std::string name;
    std::string_view type;
};

std::vector<expected_column> expected_columns(taxi_kind const &kind)
{
    std::vector<expected_column> columns{{"unique_row_id", "text"}, {"filename", "text"}};
    for (auto const &column : kind.columns) {
        columns.push_back(
            {db_column_name(column.header_name), catalog_type_name(column.type)});
    }
    return columns;
}

// A table the course's flow created is fine; one that lacks a column or has
// a column of another type would make the merge fail or store wrong values.
void check_columns(trip_table const &table, pg::result const &found)
{
    for (auto const &column : expected_columns(*table.kind)) {
        int row = 0;
        while (row < found.rows() && found.get(row, 0) != column.name) {
            ++row;
        }
        if (row == found.rows()) {
            fail(exit_code::database, "table {} exists but has no column {}", table.display,
                 column.name);
        }
        if (found.get(row, 1) != column.type) {
            fail(exit_code::database, "table {} exists but its column {} is {}, not {}",
                 table.display, column.name, found.get(row, 1), column.type);
        }
    }
}

// The key of the lock that runs creating or merging into one table take,
// until the end of the transaction (named, so it works before the table
// exists).
std::string lock_key(trip_table const &table)
{
    return fmt::format("taxi-etl {}", table.qualified);
}

// Runs `statement`, turning a lock wait that ran out of lock_timeout into
// the error that names the table and --lock-timeout.
template <typename Statement>
void giving_up_on_lock_timeout(pg::connection &db, trip_table const &table,
                               unsigned lock_timeout_seconds, Statement const &statement)
{
    lock_wait::giving_up_on_lock_timeout(db, table.display, lock_timeout_seconds,
                                         statement);
}

// "green_tripdata_pickup_row_id_idx", a plain table's index
std::string pickup_index_name(trip_table const &table)
{
    return table.name + "_pickup_row_id_idx";
}

} // namespace

bool schema_exists(pg::connection &db, std::string const &schema)
{
    return db.exec_named("schema_exists", schema).get_bool(0, 0);
}

table_layout find_layout(pg::connection &db, trip_table const &table)
{
    auto const found = db.exec_named("table_layout", table.schema, table.name);
    if (found.rows() == 0) {
        return table_layout::missing;
    }
    return found.get(0, 0) == "p" ? table_layout::partitioned : table_layout::plain;
}

std::string array_literal(std::set<std::string> const &values)
{
    std::string out = "{";
    for (auto const &value : values) {
        if (out.size() > 1) {
            out += ',';
        }
        out += '"';
        for (char const c : value) {
            if (c == '"' || c == '\\') {
                out += '\\';
            }
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

void advisory_lock(pg::connection &db, std::string const &key)
{
    db.exec_named("advisory_lock", key);
}

bool try_advisory_lock(pg::connection &db, std::string const &key)
{
    return db.exec_named("try_advisory_lock", key).get_bool(0, 0);
}

trip_table make_trip_table(pg::connection &db, std::string const &schema,
                           taxi_kind const &kind)
{
    auto name = trip_table_name(kind);
    auto qualified =
        fmt::format("{}.{}", db.quote_identifier(schema), db.quote_identifier(name));
    auto display = fmt::format("{}.{}", schema, name);
    return {&kind, schema, std::move(name), std::move(qualified), std::move(display)};
}

std::string column_definitions(taxi_kind const &kind)
{
    std::vector<std::string> definitions;
    for (auto const &column : kind.columns) {
        definitions.push_back(fmt::format("{} {}", db_column_name(column.header_name),
                                          pg_type_name(column.type)));
    }
    return fmt::format("{}", fmt::join(definitions, ",\n    "));
}

std::string column_list(taxi_kind const &kind)
{
    std::vector<std::string> names;
    for (auto const &column : kind.columns) {
        names.push_back(db_column_name(column.header_name));
    }
    return fmt::format("{}", fmt::join(names, ", "));
}

std::string row_id_expression(taxi_kind const &kind)
{
    // CAST of a text column to text is the identity, so one form serves all.
    std::vector<std::string> parts;
    for (auto const &column : kind.row_id_columns) {
        parts.push_back(
            fmt::format("COALESCE(CAST({} AS text), '')", db_column_name(column)));
    }
    return fmt::format("md5({})", fmt::join(parts, " || "));
}

staging_table::staging_table(pg::connection &db, taxi_kind const &kind)
: m_db(db), m_kind(kind)
{
    db.exec(sql::render("create_staging", fmt::arg("staging", staging_name),
                        fmt::arg("column_definitions", column_definitions(kind))));
}

copy_target staging_table::target() const
{
    return {std::string{staging_name}, "unique_row_id, " + column_list(m_kind), false};
}

void staging_table::record_pending_months(trip_table const &table,
                                          std::optional<std::set<std::string>> const &days)
{
    taxi_etl::record_pending_months(m_db, table, days, staging_name);
}

probe::probe(pg::connection &db) : m_db(db), m_exceptions(std::uncaught_exceptions())
{
    db.exec_named("create_probe");
}

probe::~probe() noexcept(false)
{
    // On an exception the load's rollback drops it; a statement now would
    // only fail in the failed transaction.
    if (std::uncaught_exceptions() == m_exceptions) {
        m_db.exec_named("drop_probe");
    }
}

copy_target probe::target()
{
    return {"pg_temp.taxi_etl_probe", "pickup, unique_row_id", false};
}

void check_trip_table(pg::connection &db, trip_table const &table)
{
    check_columns(table, db.exec_named("table_columns", table.schema, table.name));
}

std::uint64_t probe::rows_missing(trip_table const &table,
                                  std::set<std::string> const &days,
                                  unsigned lock_timeout_seconds)
{
    auto &db = m_db;
    // A session holding the table exclusively is waited for as long as a
    // merge would wait.
    db.exec(fmt::format("SET LOCAL lock_timeout = {}", lock_timeout_seconds * 1000U));
    std::uint64_t missing = 0;
    giving_up_on_lock_timeout(db, table, lock_timeout_seconds, [&] {
        missing = without_keeping_locks(db, [&] {
            return std::stoull(std::string{
                db.exec_params(
                      sql::render(
                          "probe_missing", fmt::arg("table", table.qualified),
                          fmt::arg("pickup", db_column_name(table.kind->pickup_column))),
                      {array_literal(days)})
                    .get(0, 0)});
        });
    });
    return missing;
}

bool prepare_trip_table(pg::connection &db, trip_table const &table,
                        lock_policy const &locks)
{
    auto const lock_timeout_seconds = locks.timeout_seconds;
    auto const &notify = locks.notify;
    // Lock waits fail after lock_timeout; 0 waits as long as it takes.
    db.exec(fmt::format("SET LOCAL lock_timeout = {}", lock_timeout_seconds * 1000U));
    auto const waiting = [&](auto const &take_lock) {
        giving_up_on_lock_timeout(db, table, lock_timeout_seconds, take_lock);
    };
    if (!try_advisory_lock(db, lock_key(table))) {
        notify(
            fmt::format("waiting for another run that is merging into {}", table.display));
        waiting([&] { advisory_lock(db, lock_key(table)); });
    }
    // Create only what is missing: CREATE ... IF NOT EXISTS would still need
    // the CREATE privilege, which a user loading into an existing table may lack.
    if (!schema_exists(db, table.schema)) {
        db.exec(sql::render("create_schema",
                            fmt::arg("schema", db.quote_identifier(table.schema))));
    }
    auto const found = db.exec_named("table_columns", table.schema, table.name);
    if (found.rows() == 0) {
        return true; // no other session sees it before COMMIT: no lock needed
    }
    check_columns(table, found);
    waiting([&] {
        db.exec(sql::render("lock_target_table", fmt::arg("table", table.qualified)));
    });
    return false;
}

void record_pending_months(pg::connection &db, trip_table const &table,
                           std::optional<std::set<std::string>> const &days,
                           std::string_view rows)
{
    if (days) {
        db.exec_named("record_pending_months_listed", std::string{table.kind->name},
                      table.schema, array_literal(months_of_days(*days)));
        return;
    }
    auto const pickup = db_column_name(table.kind->pickup_column);
    db.exec_params(sql::render("record_pending_months", fmt::arg("pickup", pickup),
                               fmt::arg("rows", rows)),
                   {std::string{table.kind->name}, table.schema});
}

void ensure_indexes(pg::connection &db, trip_table const &table)
{
    // A partitioned table got its index with it, and each partition brings
    // its own; a plain table gets the index it had before partitions.
    if (find_layout(db, table) == table_layout::partitioned) {
        return;
    }
    db.exec(sql::render("create_pickup_index",
                        fmt::arg("index", db.quote_identifier(pickup_index_name(table))),
                        fmt::arg("table", table.qualified),
                        fmt::arg("pickup", db_column_name(table.kind->pickup_column))));
}

std::uint64_t staging_table::merge_into(trip_table const &table,
                                        std::string const &file_name,
                                        std::optional<std::set<std::string>> const &days)
{
    auto &db = m_db;
    auto const pickup = db_column_name(table.kind->pickup_column);
    auto const run = [&](char const *statement, std::vector<std::string> const &params) {
        return db
            .exec_params(sql::render(statement, fmt::arg("table", table.qualified),
                                     fmt::arg("staging", staging_name),
                                     fmt::arg("columns", column_list(*table.kind)),
                                     fmt::arg("row_id", row_id_expression(*table.kind)),
                                     fmt::arg("pickup", pickup)),
                         params)
            .affected_rows();
    };
    db.exec_named("merge_settings");
    // Without the client's days every row is looked up.
    if (!days) {
        return run("merge_staging", {file_name, "{}"});
    }
    auto const all_days = array_literal(*days);
    std::string new_days = "{}";
    if (!days->empty()) {
        new_days =
            std::string{db.exec_params(sql::render("days_without_rows",
                                                   fmt::arg("table", table.qualified),
                                                   fmt::arg("pickup", pickup)),
                                       {all_days})
                            .get(0, 0)};
    }
    std::uint64_t inserted = run("merge_new_days", {file_name, new_days});
    inserted += run("merge_held_days", {file_name, new_days, all_days});
    inserted += run("merge_null_pickups", {file_name});
    return inserted;
}

} // namespace taxi_etl
