#include "taxi_etl/month_load.hpp"

#include "taxi_etl/history.hpp"
#include "taxi_etl/partition.hpp"

namespace taxi_etl {

month_load::month_load(pg::connection &db, load_request const &request)
: m_db(db), m_request(request), m_locks{request.lock_timeout_seconds, request.notify},
  m_table(make_trip_table(db, request.schema, *request.kind)), m_transaction(db)
{
    lock_file(m_db, m_table, file_name(), m_locks);
}

table_layout month_load::layout()
{
    return find_layout(m_db, m_table);
}

std::optional<std::string> month_load::own_partition()
{
    return file_partition(m_db, m_table, file_name());
}

bool month_load::file_in_default_partition()
{
    return taxi_etl::file_in_default_partition(m_db, m_table, file_name(),
                                               m_locks.timeout_seconds);
}

bool month_load::schema_exists()
{
    return taxi_etl::schema_exists(m_db, m_table.schema);
}

void month_load::check_table()
{
    check_trip_table(m_db, m_table);
}

void month_load::lock_or_create_table()
{
    taxi_etl::lock_or_create_table(m_db, m_table, m_locks);
}

// cron loads the same months again and again.
bool month_load::loaded_before()
{
    return lock_wait::giving_up_on_lock_timeout(
        m_db, history::lock_name, m_locks.timeout_seconds, [&] {
            return history::loaded_before(m_db, m_request.kind->name, m_request.schema,
                                          file_name());
        });
}

} // namespace taxi_etl
