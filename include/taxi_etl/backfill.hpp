#pragma once

// A range of months, each loaded (and committed) on its own, in order or
// several at once, skipping those the history shows as loaded.

#include "taxi_etl/error.hpp"
#include "taxi_etl/load.hpp"
#include "taxi_etl/month.hpp"

#include <functional>
#include <string>
#include <vector>

namespace taxi_etl {

struct backfill_request
{
    load_request base;        // kind, connection, schema, transfer options
    std::string url_template; // with {taxi}, {year}, {month}
    std::vector<year_month> months;
    unsigned jobs = 1;
    bool fail_fast = false; // stop starting months after the first failure
    bool force = false;     // load months the history shows as loaded, too
};

enum class month_status
{
    loaded,         // rows were inserted
    already_loaded, // loaded now, but every row was there already
    skipped,        // a run loaded it before (see --force)
    not_published,  // HTTP 404 or no such file
    failed,
    not_attempted, // after a failure with --fail-fast
};

std::string_view month_status_name(month_status status) noexcept;

struct month_outcome
{
    year_month month;
    month_status status = month_status::not_attempted;
    load_result result;
    exit_code code = exit_code::success;
    std::string reason; // why it failed or was skipped
};

// An outcome for each month of the request, in order: skipped, with the
// reason, where the table holds the month (loaded_months.hpp) unless the
// request is forced or verifies; not attempted yet otherwise.
std::vector<month_outcome> outcomes_skipping_held(backfill_request const &request);

// Loads the months; calls on_done (from the worker's thread, one call at a
// time) as each month ends. Returns the outcomes in month order.
std::vector<month_outcome>
run_backfill(backfill_request const &request,
             std::function<void(month_outcome const &)> const &on_done);

// 0 if every month loaded or was already loaded; else the exit code of the
// first failed month; else 3 (not found) if some months are not published.
exit_code backfill_exit_code(std::vector<month_outcome> const &outcomes) noexcept;

// The table printed at the end: month, status, rows read, inserted, seconds.
std::string format_backfill_table(std::vector<month_outcome> const &outcomes);

} // namespace taxi_etl
