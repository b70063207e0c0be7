#include "taxi_etl/sync.hpp"

#include "taxi_etl/interrupt.hpp"
#include "taxi_etl/source_check.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace taxi_etl {

namespace {

// A month of the range that the probe and the load ask for alike.
load_request month_request(backfill_request const &request, year_month month)
{
    auto load = request.base;
    load.source = month_source(request.url_template, load.kind->name, month);
    return load;
}

// Asks the source whether it publishes the month: not_published (with why)
// when it does not; failed, as its load would, when the question fails
// (HTTP 403, the network); else left as it is, to be loaded.
void ask_source(backfill_request const &request, month_outcome &outcome)
{
    auto const month = month_request(request, outcome.month);
    try {
        if (auto why = why_not_published(month.source, month.transfer, month.retry,
                                         month.notify)) {
            outcome.status = month_status::not_published;
            outcome.reason = std::move(*why);
        }
    } catch (etl_error const &error) {
        if (error.code() == exit_code::interrupted) {
            throw;
        }
        outcome.status = month_status::failed;
        outcome.code = error.code();
        outcome.reason = error.what();
    }
}

// A month the source has (or had: the table holds it).
bool available(month_outcome const &outcome)
{
    return outcome.status != month_status::not_published;
}

// The months not published between first and last (indexes), as spans.
std::vector<month_span> missing_spans(std::vector<month_outcome> const &outcomes,
                                      std::size_t first, std::size_t last)
{
    std::vector<month_span> spans;
    for (auto i = first; i < last; ++i) {
        if (available(outcomes[i])) {
            continue;
        }
        if (!spans.empty() && spans.back().last.next() == outcomes[i].month) {
            spans.back().last = outcomes[i].month;
        } else {
            spans.push_back({outcomes[i].month, outcomes[i].month});
        }
    }
    return spans;
}

std::size_t count_status(std::vector<month_outcome> const &outcomes,
                         std::initializer_list<month_status> statuses)
{
    return static_cast<std::size_t>(std::ranges::count_if(outcomes, [&](auto const &o) {
        return std::ranges::find(statuses, o.status) != statuses.end();
    }));
}

} // namespace

backfill_request make_sync_request(sync_options const &options)
{
    backfill_options backfill;
    backfill.taxi = options.taxi;
    backfill.from = options.from.empty()
                        ? find_taxi_kind(options.taxi).first_published.to_string()
                        : options.from;
    backfill.to = options.to.empty() ? month_of_date("today").to_string() : options.to;
    backfill.jobs = options.jobs;
    backfill.fail_fast = options.fail_fast;
    backfill.keep_going = options.keep_going;
    backfill.source = options.source;
    return make_backfill_request(backfill);
}

std::vector<month_outcome>
run_sync(backfill_request const &request,
         std::function<void(month_outcome const &)> const &on_done)
{
    auto outcomes = outcomes_skipping_held(request);
    auto loads = request;
    loads.months.clear();
    // The held months are known: the backfill below need not ask again.
    loads.force = true;
    for (auto &outcome : outcomes) {
        if (outcome.status == month_status::skipped) {
            continue;
        }
        interrupt::throw_if_received();
        ask_source(request, outcome);
        if (outcome.status == month_status::failed) {
            on_done(outcome);
            if (request.fail_fast) {
                break; // the months after it stay not attempted
            }
        } else if (outcome.status != month_status::not_published) {
            loads.months.push_back(outcome.month);
        }
    }
    if (loads.months.empty()) {
        return outcomes;
    }
    for (auto const &loaded : run_backfill(loads, on_done)) {
        auto const it = std::ranges::find(outcomes, loaded.month, &month_outcome::month);
        *it = loaded;
    }
    return outcomes;
}

std::string month_span::to_string() const
{
    return first == last ? first.to_string()
                         : fmt::format("{}..{}", first.to_string(), last.to_string());
}

sync_findings find_gaps(std::vector<month_outcome> const &outcomes)
{
    sync_findings findings;
    auto const newest = std::ranges::find_if(outcomes.rbegin(), outcomes.rend(), available);
    if (newest == outcomes.rend()) {
        findings.nothing_published = !outcomes.empty();
        return findings;
    }
    auto const end = static_cast<std::size_t>(outcomes.rend() - newest); // past newest
    if (end < outcomes.size()) {
        findings.not_yet = month_span{outcomes[end].month, outcomes.back().month};
    }
    for (auto const &span : missing_spans(outcomes, 0, end)) {
        auto const after = std::ranges::find_if(
            outcomes, [&](auto const &o) { return o.month > span.last && available(o); });
        findings.gaps.emplace_back(span, after->month);
    }
    return findings;
}

std::string format_sync_summary(std::string_view taxi,
                                std::vector<month_outcome> const &outcomes,
                                sync_findings const &findings)
{
    using enum month_status;
    std::vector<std::string> parts{
        fmt::format("{} loaded", count_status(outcomes, {loaded, already_loaded})),
        fmt::format("{} held", count_status(outcomes, {skipped}))};
    for (auto const status : {failed, not_attempted}) {
        if (auto const n = count_status(outcomes, {status}); n > 0) {
            parts.push_back(fmt::format("{} {}", n, month_status_name(status)));
        }
    }
    for (auto const &[span, after] : findings.gaps) {
        parts.push_back(fmt::format("not published: {}", span.to_string()));
    }
    if (findings.not_yet) {
        parts.push_back(
            fmt::format("not published yet: {}", findings.not_yet->to_string()));
    }
    auto const range =
        outcomes.empty()
            ? std::string{}
            : month_span{outcomes.front().month, outcomes.back().month}.to_string();
    return fmt::format("sync {} {}: {}", taxi, range, fmt::join(parts, ", "));
}

std::string format_sync_problem(std::string_view taxi,
                                std::vector<month_outcome> const &outcomes,
                                sync_findings const &findings)
{
    if (findings.nothing_published) {
        return fmt::format(
            "sync {}: none of {} is published ({}): check --source-url "
            "and --from",
            taxi, month_span{outcomes.front().month, outcomes.back().month}.to_string(),
            outcomes.front().reason);
    }
    if (findings.gaps.empty()) {
        return {};
    }
    std::vector<std::string> spans;
    for (auto const &[span, after] : findings.gaps) {
        spans.push_back(fmt::format("{} not published, but {} is", span.to_string(),
                                    after.to_string()));
    }
    auto const first = std::ranges::find(outcomes, findings.gaps.front().first.first,
                                         &month_outcome::month);
    return fmt::format("sync {}: a gap in the source: {} ({})", taxi,
                       fmt::join(spans, "; "), first->reason);
}

exit_code sync_exit_code(std::vector<month_outcome> const &outcomes,
                         sync_findings const &findings) noexcept
{
    auto const failed =
        std::ranges::find(outcomes, month_status::failed, &month_outcome::status);
    if (failed != outcomes.end()) {
        return failed->code;
    }
    return findings.nothing_published || !findings.gaps.empty() ? exit_code::not_found
                                                                : exit_code::success;
}

} // namespace taxi_etl
