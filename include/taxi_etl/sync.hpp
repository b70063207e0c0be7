#pragma once

// `taxi-etl sync`: every month from --from to --to that the source
// publishes and the table does not hold, loaded as a backfill loads it.
// Which months the table holds is backfill's outcomes_skipping_held; which
// the source publishes is asked of the source alone (source_check.hpp), so
// that a run with nothing new writes nothing to the table and records no
// run.

#include "taxi_etl/backfill.hpp"
#include "taxi_etl/options.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace taxi_etl {

// The checked options: a backfill of --from (default: the kind's first
// published month) to --to (default: this month, local time).
backfill_request make_sync_request(sync_options const &options);

// Each month of the request, in order: skipped (the table holds it),
// not_published (the source has no file), or as backfill loaded it. Calls
// on_done as each loaded month ends.
std::vector<month_outcome>
run_sync(backfill_request const &request,
         std::function<void(month_outcome const &)> const &on_done);

// Months not published, between the first and the last of a run.
struct month_span
{
    year_month first;
    year_month last;
    [[nodiscard]] std::string to_string() const; // "2019-02" or "2019-02..2019-04"
};

// What the outcomes of a sync say about the source.
struct sync_findings
{
    // Not published, yet a later month is: each with that later month.
    std::vector<std::pair<month_span, year_month>> gaps;
    // Not published after the newest month published or held: not yet.
    std::optional<month_span> not_yet;
    bool nothing_published = false; // no month published or held at all
};

sync_findings find_gaps(std::vector<month_outcome> const &outcomes);

// "sync green 2019-01..2019-06: 3 loaded, 0 held, not published yet: 2019-04..2019-06"
std::string format_sync_summary(std::string_view taxi,
                                std::vector<month_outcome> const &outcomes,
                                sync_findings const &findings);

// The one line of a sync that found a gap, or nothing at all, in the
// source; empty when it found neither.
std::string format_sync_problem(std::string_view taxi,
                                std::vector<month_outcome> const &outcomes,
                                sync_findings const &findings);

// The first failed month's exit code; else 3 (not found) for a gap or a
// source that publishes nothing; else 0. Months not published yet are no
// failure.
exit_code sync_exit_code(std::vector<month_outcome> const &outcomes,
                         sync_findings const &findings) noexcept;

} // namespace taxi_etl
