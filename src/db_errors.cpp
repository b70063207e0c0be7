#include "taxi_etl/db_errors.hpp"

#include "taxi_etl/pg.hpp"

#include <algorithm>
#include <array>

namespace taxi_etl::db_errors {

namespace {

pg::error const *database_failure(etl_error const &error) noexcept
{
    return dynamic_cast<pg::error const *>(&error);
}

} // namespace

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
    auto const *failure = database_failure(error);
    return failure == nullptr ? std::string_view{} : failure->sqlstate();
}

bool is_lock_timeout(etl_error const &error) noexcept
{
    return sqlstate_of(error) == "55P03";
}

bool is_data_sqlstate(std::string_view sqlstate) noexcept
{
    return sqlstate.size() == 5 && sqlstate.starts_with("22");
}

exit_code exit_code_for(std::string_view sqlstate) noexcept
{
    return is_data_sqlstate(sqlstate) ? exit_code::bad_data : exit_code::database;
}

std::optional<std::string> data_problem(etl_error const &error)
{
    auto const *failure = database_failure(error);
    if (failure == nullptr || exit_code_for(failure->sqlstate()) != exit_code::bad_data) {
        return std::nullopt;
    }
    return failure->description();
}

etl_error reported(etl_error const &error)
{
    if (auto problem = data_problem(error)) {
        return etl_error{exit_code::bad_data, *problem};
    }
    return error;
}

void rethrow_naming_file(std::string_view file_name)
{
    try {
        throw;
    } catch (etl_error const &e) {
        if (auto const problem = data_problem(e)) {
            fail(exit_code::bad_data, "bad row in {}: {}", file_name, *problem);
        }
        throw;
    }
}

} // namespace taxi_etl::db_errors
