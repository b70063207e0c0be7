#include "taxi_etl/partition.hpp"

#include "taxi_etl/lock_wait.hpp"
#include "taxi_etl/sql.hpp"

#include <algorithm>

namespace taxi_etl {

namespace {

constexpr std::size_t max_identifier_bytes = 63; // NAMEDATALEN - 1

std::string_view without_suffix(std::string_view name, std::string_view suffix)
{
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
        name.remove_suffix(suffix.size());
    }
    return name;
}

std::string lock_key(trip_table const &table, std::string const &file_name)
{
    return fmt::format("taxi-etl {} {}", table.qualified, file_name);
}

bool relation_exists(pg::connection &db, std::string const &schema, std::string const &name)
{
    return db.exec_named("relation_exists", schema, name).get_bool(0, 0);
}

// partition_name(), or, if a relation has that name already (a table of the
// user's, or a partition of a file whose name differs only in odd
// characters), the same followed by the first hex digits of the file's md5.
std::string free_partition_name(pg::connection &db, trip_table const &table,
                                std::string const &file_name)
{
    auto name = partition_name(table.name, file_name);
    // Two files whose names make the same partition name: a run loading
    // the other waits here to the end of its transaction, then finds the
    // name taken, instead of failing on its CREATE TABLE.
    advisory_lock(db, fmt::format("taxi-etl {}.{}", table.schema, name));
    if (!relation_exists(db, table.schema, name)) {
        return name;
    }
    auto const hash =
        std::string{db.exec_named("partition_name_hash", file_name).get(0, 0)};
    name = partition_name(table.name, file_name, hash);
    if (relation_exists(db, table.schema, name)) {
        fail(exit_code::database, "cannot name the partition of {} in {}: {} exists",
             file_name, table.display, name);
    }
    return name;
}

trip_table partition_of(pg::connection &db, trip_table const &table, std::string name)
{
    auto qualified =
        fmt::format("{}.{}", db.quote_identifier(table.schema), db.quote_identifier(name));
    auto display = fmt::format("{}.{}", table.schema, name);
    return {table.kind, table.schema, std::move(name), std::move(qualified),
            std::move(display)};
}

// The name create_trip_table in sql/partition.sql gives the DEFAULT partition: a free one.
std::string default_partition_name(pg::connection &db, trip_table const &table)
{
    return free_partition_name(db, table, "default");
}

// "green_tripdata_pickup_idx", a partitioned table's index
std::string partitioned_index_name(trip_table const &table)
{
    return table.name + "_pickup_idx";
}

// Creates the table partitioned by file, with its DEFAULT partition and
// the partitioned index on the pickup (create_trip_table in sql/partition.sql).
void create_partitioned_table(pg::connection &db, trip_table const &table)
{
    db.exec(sql::render(
        "create_trip_table", fmt::arg("table", table.qualified),
        fmt::arg("column_definitions", column_definitions(*table.kind)),
        fmt::arg("default_partition",
                 fmt::format("{}.{}", db.quote_identifier(table.schema),
                             db.quote_identifier(default_partition_name(db, table)))),
        fmt::arg("index", db.quote_identifier(partitioned_index_name(table))),
        fmt::arg("pickup", db_column_name(table.kind->pickup_column))));
}

// The partition's pickup days, when the client was not sure of them.
std::string days_in(pg::connection &db, trip_table const &partition,
                    std::string const &pickup)
{
    return std::string{
        db.exec(sql::render("partition_days", fmt::arg("partition", partition.qualified),
                            fmt::arg("pickup", pickup)))
            .get(0, 0)};
}

} // namespace

std::string partition_name(std::string_view table_name, std::string_view file_name,
                           std::string_view suffix)
{
    std::string name;
    for (char const c : without_suffix(without_suffix(file_name, ".gz"), ".csv")) {
        bool const plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        bool const upper = c >= 'A' && c <= 'Z';
        name += plain ? c : upper ? static_cast<char>(c - 'A' + 'a') : '_';
    }
    if (!name.starts_with(table_name)) {
        name = fmt::format("{}_{}", table_name, name);
    }
    auto const room = max_identifier_bytes - (suffix.empty() ? 0 : suffix.size() + 1);
    name.resize(std::min(name.size(), room));
    if (!suffix.empty()) {
        name = fmt::format("{}_{}", name, suffix);
    }
    return name;
}

void lock_file(pg::connection &db, trip_table const &table, std::string const &file_name,
               lock_policy const &locks)
{
    auto const lock_timeout_seconds = locks.timeout_seconds;
    auto const key = lock_key(table, file_name);
    if (try_advisory_lock(db, key)) {
        return;
    }
    locks.notify(fmt::format("waiting for another run that is loading {} into {}",
                             file_name, table.display));
    db.exec(fmt::format("SET LOCAL lock_timeout = {}", lock_timeout_seconds * 1000U));
    lock_wait::giving_up_on_lock_timeout(db, table.display, lock_timeout_seconds,
                                         [&] { advisory_lock(db, key); });
}

bool file_in_default_partition(pg::connection &db, trip_table const &table,
                               std::string const &file_name, unsigned lock_timeout_seconds)
{
    bool has_rows = false;
    lock_wait::giving_up_on_lock_timeout(db, table.display, lock_timeout_seconds, [&] {
        has_rows = without_keeping_locks(db, [&] {
            return db
                .exec_params(
                    sql::render("file_has_rows", fmt::arg("table", table.qualified)),
                    {file_name})
                .get_bool(0, 0);
        });
    });
    return has_rows;
}

day_split split_days(day_rows const &days)
{
    std::uint64_t total = 0;
    for (auto const &[day, rows] : days) {
        total += rows;
    }
    day_split split;
    for (auto const &[day, rows] : days) {
        (rows * 100 < total ? split.quiet : split.busy).insert(day);
    }
    return split;
}

std::optional<std::string> file_partition(pg::connection &db, trip_table const &table,
                                          std::string const &file_name)
{
    auto const found = db.exec_named("file_partition", table.schema, table.name, file_name);
    if (found.rows() == 0) {
        return std::nullopt;
    }
    return std::string{found.get(0, 0)};
}

new_partition::new_partition(pg::connection &db, trip_table const &table,
                             std::string file_name)
: m_db(db), m_table(table), m_file_name(std::move(file_name)),
  m_partition(partition_of(db, table, free_partition_name(db, table, m_file_name)))
{
    db.exec(sql::render("partition_create", fmt::arg("partition", m_partition.qualified),
                        fmt::arg("file", db.quote_literal(m_file_name)),
                        fmt::arg("column_definitions", column_definitions(*table.kind))));
}

copy_target new_partition::target() const
{
    return {m_partition.qualified, "unique_row_id, " + column_list(*m_table.kind), true};
}

void new_partition::finish(std::uint64_t rows_without_id)
{
    auto const &partition = m_partition.qualified;
    m_db.exec(sql::render("filename_default_drop", fmt::arg("table", partition)));
    if (rows_without_id > 0) {
        m_db.exec(sql::render("fill_row_ids", fmt::arg("table", partition),
                              fmt::arg("row_id", row_id_expression(*m_table.kind))));
    }
    m_db.exec(sql::render("partition_index", fmt::arg("partition", partition),
                          fmt::arg("pickup", db_column_name(m_table.kind->pickup_column))));
}

std::uint64_t new_partition::attach(std::optional<day_rows> const &days,
                                    unsigned lock_timeout_seconds)
{
    auto &db = m_db;
    auto const &table = m_table;
    auto const &partition = m_partition;
    auto const &file_name = m_file_name;
    auto const pickup = db_column_name(table.kind->pickup_column);
    // Without the client's counts, every day is read as a busy one.
    std::string busy_days;
    std::string quiet_days = "{}";
    if (days) {
        auto const split = split_days(*days);
        busy_days = array_literal(split.busy);
        quiet_days = array_literal(split.quiet);
    } else {
        busy_days = days_in(db, partition, pickup);
    }
    db.exec_named("merge_settings");
    auto const render = [&](char const *statement) {
        return sql::render(statement, fmt::arg("table", table.qualified),
                           fmt::arg("partition", partition.qualified),
                           fmt::arg("pickup", pickup));
    };
    std::uint64_t deleted = 0;
    deleted += db.exec_params(render("partition_drop_held"), {busy_days}).affected_rows();
    deleted +=
        db.exec_params(render("partition_drop_held_quiet"), {quiet_days}).affected_rows();
    deleted += db.exec(render("partition_drop_held_null")).affected_rows();
    lock_wait::giving_up_on_lock_timeout(db, table.display, lock_timeout_seconds, [&] {
        db.exec(sql::render("partition_attach", fmt::arg("table", table.qualified),
                            fmt::arg("partition", partition.qualified),
                            fmt::arg("file", db.quote_literal(file_name))));
    });
    return deleted;
}

bool lock_or_create_table(pg::connection &db, trip_table const &table,
                          lock_policy const &locks)
{
    if (!prepare_trip_table(db, table, locks)) {
        return false;
    }
    create_partitioned_table(db, table);
    return true;
}

} // namespace taxi_etl
