#include "taxi_etl/backfill.hpp"

#include "taxi_etl/db_errors.hpp"
#include "taxi_etl/history.hpp"
#include "taxi_etl/interrupt.hpp"
#include "taxi_etl/loaded_months.hpp"
#include "taxi_etl/lock_wait.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/progress.hpp"
#include "taxi_etl/sql.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace taxi_etl {

namespace {

void set_failure(month_outcome &outcome, etl_error const &e)
{
    outcome.code = e.code();
    outcome.status = e.code() == exit_code::not_found ? month_status::not_published
                                                      : month_status::failed;
    outcome.reason = e.what();
}

month_outcome load_one(backfill_request const &request, year_month month)
{
    month_outcome outcome;
    outcome.month = month;
    auto load = request.base;
    load.source = month_source(request.url_template, load.kind->name, month);
    load.backfill = true;
    try {
        outcome.result = load_month(load);
        outcome.status = (outcome.result.rows_inserted == 0 && outcome.result.rows_read > 0)
                             ? month_status::already_loaded
                             : month_status::loaded;
    } catch (etl_error const &failure) {
        set_failure(outcome, db_errors::reported(failure));
    } catch (std::exception const &failure) {
        // Not out of a worker thread, where it would end the process
        // (std::terminate) without a word: the month fails, exit code 1.
        set_failure(outcome, etl_error{exit_code::internal,
                                       fmt::format("internal error: {}", failure.what())});
    }
    return outcome;
}

// Months the table still holds (loaded_months) are not loaded again unless
// forced (or to be verified); a month a run loaded that the table does not
// hold any more is loaded again, saying why.
void mark_skipped(backfill_request const &request, std::vector<month_outcome> &outcomes)
{
    if (request.force || request.base.verify) {
        return;
    }
    pg::connection db{request.base.conninfo};
    set_lock_timeout(db, request.base.lock_timeout_seconds);
    auto const taxi = std::string{request.base.kind->name};
    lock_wait::watch const watching{db, request.base.lock_timeout_seconds,
                                    request.base.notify};
    lock_wait::giving_up_on_lock_timeout(db, history::lock_name,
                                         request.base.lock_timeout_seconds,
                                         [&] { history::prepare(db); });
    std::set<std::string> names; // the table is read for these alone
    for (auto const &outcome : outcomes) {
        names.insert(month_file_name(taxi, outcome.month.year, outcome.month.month));
    }
    std::map<std::string, loaded::file_state> files;
    auto held = lock_wait::giving_up_on_lock_timeout(
        db, fmt::format("{}.{}", request.base.schema, trip_table_name(*request.base.kind)),
        request.base.lock_timeout_seconds, [&] {
            return loaded::held_files(db, *request.base.kind, request.base.schema, false,
                                      names);
        });
    for (auto &file : held) {
        files.emplace(file.file_name, std::move(file));
    }
    for (auto &outcome : outcomes) {
        auto const it =
            files.find(month_file_name(taxi, outcome.month.year, outcome.month.month));
        if (it == files.end()) {
            continue;
        }
        if (it->second.held) {
            outcome.status = month_status::skipped;
            outcome.reason = fmt::format("loaded by run {} at {}", it->second.run_id,
                                         it->second.finished);
        } else {
            request.base.notify(fmt::format("{}: loading again: {} (run {})",
                                            outcome.month.to_string(), it->second.reason,
                                            it->second.run_id));
        }
    }
}

} // namespace

std::vector<month_outcome> outcomes_skipping_held(backfill_request const &request)
{
    std::vector<month_outcome> outcomes;
    for (auto const &month : request.months) {
        outcomes.emplace_back().month = month;
    }
    mark_skipped(request, outcomes);
    return outcomes;
}

std::string_view month_status_name(month_status status) noexcept
{
    switch (status) {
    case month_status::loaded:
        return "loaded";
    case month_status::already_loaded:
        return "already loaded";
    case month_status::skipped:
        return "skipped";
    case month_status::not_published:
        return "not published";
    case month_status::failed:
        return "failed";
    case month_status::not_attempted:
        return "not attempted";
    }
    return "unknown";
}

std::vector<month_outcome>
run_backfill(backfill_request const &request,
             std::function<void(month_outcome const &)> const &on_done)
{
    auto outcomes = outcomes_skipping_held(request);
    for (auto const &outcome : outcomes) {
        if (outcome.status == month_status::skipped) {
            on_done(outcome);
        }
    }
    // The months to load, not those skipped: they take no time.
    range_progress progress{
        request.base.show_progress,
        static_cast<std::size_t>(std::ranges::count_if(outcomes, [](auto const &outcome) {
            return outcome.status != month_status::skipped;
        }))};

    // Workers take the next month to load; each load has its own connection
    // and transaction, and the table lock orders their merges.
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex report_mutex;
    auto const work = [&] {
        while (!stop && interrupt::received() == 0) {
            auto const index = next++;
            if (index >= outcomes.size()) {
                return;
            }
            if (outcomes[index].status == month_status::skipped) {
                continue;
            }
            auto const month = outcomes[index].month;
            auto const file_name =
                month_file_name(request.base.kind->name, month.year, month.month);
            progress.started(file_name, month.to_string());
            auto outcome = load_one(request, month);
            if (outcome.status == month_status::failed && request.fail_fast) {
                stop = true;
            }
            std::lock_guard lock{report_mutex};
            outcomes[index] = outcome;
            progress.done(file_name);
            on_done(outcome);
        }
    };
    auto const workers = std::clamp<std::size_t>(request.jobs, 1, outcomes.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < workers; ++i) {
        threads.emplace_back(work);
    }
    work();
    for (auto &thread : threads) {
        thread.join();
    }
    return outcomes;
}

exit_code backfill_exit_code(std::vector<month_outcome> const &outcomes) noexcept
{
    auto const failed =
        std::ranges::find(outcomes, month_status::failed, &month_outcome::status);
    if (failed != outcomes.end()) {
        return failed->code;
    }
    auto const missing =
        std::ranges::find(outcomes, month_status::not_published, &month_outcome::status);
    return missing != outcomes.end() ? exit_code::not_found : exit_code::success;
}

std::string format_backfill_table(std::vector<month_outcome> const &outcomes)
{
    std::string table = fmt::format("{:<8}  {:<14}  {:>10}  {:>10}  {:>8}  {}\n", "month",
                                    "status", "rows read", "inserted", "seconds", "note");
    for (auto const &outcome : outcomes) {
        bool const ran = outcome.status == month_status::loaded ||
                         outcome.status == month_status::already_loaded;
        auto const number = [&](auto value) {
            return ran ? fmt::format("{}", value) : std::string{"-"};
        };
        table += fmt::format(
            "{:<8}  {:<14}  {:>10}  {:>10}  {:>8}  {}\n", outcome.month.to_string(),
            month_status_name(outcome.status), number(outcome.result.rows_read),
            number(outcome.result.rows_inserted),
            ran ? fmt::format("{:.1f}", outcome.result.seconds) : "-", outcome.reason);
    }
    return table;
}

} // namespace taxi_etl
