#include "taxi_etl/db_retry.hpp"

#include "taxi_etl/sql.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace taxi_etl::db_retry {

bool is_transient_sqlstate(std::string_view sqlstate) noexcept
{
    if (sqlstate.size() != 5) {
        return false;
    }
    constexpr std::array<std::string_view, 5> passing{
        "57P01", // admin_shutdown: pg_terminate_backend, a fast shutdown
        "57P02", // crash_shutdown: another backend crashed
        "57P03", // cannot_connect_now: the server is starting up
        "40001", // serialization_failure
        "40P01", // deadlock_detected
    };
    return sqlstate.starts_with("08") ||
           std::find(passing.begin(), passing.end(), sqlstate) != passing.end();
}

bool is_transient(std::string_view sqlstate, bool connection_lost) noexcept
{
    return connection_lost || is_transient_sqlstate(sqlstate);
}

std::string_view sqlstate_of(etl_error const &error) noexcept
{
    auto const *statement = dynamic_cast<pg::statement_error const *>(&error);
    return statement == nullptr ? std::string_view{} : statement->sqlstate();
}

void reattach_run(pg::connection &db, std::int64_t run_id)
{
    db.exec_params(std::string{sql::text("run_reattach")}, {std::to_string(run_id)});
}

} // namespace taxi_etl::db_retry
