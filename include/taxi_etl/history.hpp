#pragma once

// The history of runs in the database (schema taxi_etl, created by the
// first run that writes): what an orchestrator's execution list gives the course's flow.

#include "taxi_etl/error.hpp"
#include "taxi_etl/load_result.hpp"
#include "taxi_etl/pg.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace taxi_etl::history {

// What a run waits for when another session holds the history's locks.
inline constexpr std::string_view lock_name = "the run history (taxi_etl.runs)";

// The version of the taxi_etl schema; 0 when it does not exist. Reads only:
// the reading commands (history, status) work with what exists.
int schema_version(pg::connection &db);

// Creates or upgrades the taxi_etl schema when needed, then marks runs
// left 'running' by a process that is gone as 'interrupted'.
void prepare(pg::connection &db);

struct run_info
{
    std::string taxi;
    std::string target_schema;
    std::string file_name;
    std::string source; // shown form: no secrets
    bool backfill = false;
};

// Records a run as 'running' and returns its id.
std::int64_t start_run(pg::connection &db, run_info const &run);

void finish_run(pg::connection &db, std::int64_t run_id, load_result const &result);

// Records the run as 'interrupted' for exit_code::interrupted, else 'failed',
// with the message and the code the process exits with (143 after SIGTERM),
// as the command line reports them (db_errors::reported).
void fail_run(pg::connection &db, std::int64_t run_id, etl_error const &error);

// Ties the run's history row to `db`'s backend, and marks it 'running'
// again: a run whose connection was replaced is not one that was killed,
// and another run must not mark it interrupted (runs_mark_interrupted in sql/history.sql).
void reattach_run(pg::connection &db, std::int64_t run_id);

// Which runs list_runs returns (history_filter.hpp reads it from the
// command line).
struct run_filter
{
    std::string taxi;                          // "": every kind
    std::string statuses;                      // comma separated; "": every status
    std::string schema;                        // "": every schema
    std::string file_like;                     // a LIKE pattern; "": every file
    std::optional<std::string> since_date;     // YYYY-MM-DD, from its midnight
    std::optional<std::int64_t> since_seconds; // or started this long ago at most
    std::optional<std::int64_t> limit;         // none: every run
};

// The newest runs first, those the filter lets through, with the columns
// of runs_list in sql/history.sql: none where the taxi_etl schema does not
// exist. Reads only (no prepare): a role with SELECT only, a read-only
// session and a standby can look, and nothing is created.
pg::result list_runs(pg::connection &db, run_filter const &filter);

// Whether a successful run has loaded this file into this schema.
bool loaded_before(pg::connection &db, std::string_view taxi, std::string_view schema,
                   std::string_view file_name);

} // namespace taxi_etl::history
