#pragma once

// old form: migrate (load.cpp): db_errors.hpp decides, and the run's
// history row follows a new connection with history::reattach_run.

#include "taxi_etl/db_errors.hpp"
#include "taxi_etl/history.hpp"

namespace taxi_etl::db_retry {

using db_errors::is_transient;
using db_errors::is_transient_sqlstate;
using db_errors::sqlstate_of;

inline void reattach_run(pg::connection &db, std::int64_t run_id)
{
    history::reattach_run(db, run_id);
}

} // namespace taxi_etl::db_retry
