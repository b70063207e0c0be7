#include "taxi_etl/sync.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

namespace {

std::vector<month_outcome> months_of(std::vector<month_status> const &statuses)
{
    std::vector<month_outcome> outcomes;
    year_month month{2019, 1};
    for (auto const status : statuses) {
        auto &outcome = outcomes.emplace_back();
        outcome.month = month;
        outcome.status = status;
        outcome.reason = fmt::format("not published: HTTP 404 for {}", month.to_string());
        month = month.next();
    }
    return outcomes;
}

} // namespace

using enum month_status;

TEST_CASE("months after the newest published one are not published yet, not a gap")
{
    auto const outcomes = months_of({skipped, loaded, not_published, not_published});
    auto const findings = find_gaps(outcomes);
    CHECK(findings.gaps.empty());
    REQUIRE(findings.not_yet);
    CHECK(findings.not_yet->to_string() == "2019-03..2019-04");
    CHECK(sync_exit_code(outcomes, findings) == exit_code::success);
    CHECK(format_sync_summary("green", outcomes, findings) ==
          "sync green 2019-01..2019-04: 1 loaded, 1 held, not published yet: "
          "2019-03..2019-04");
    CHECK(format_sync_problem("green", outcomes, findings).empty());
}

TEST_CASE("a month missing before a published one is a gap, named with that month")
{
    auto const outcomes = months_of({loaded, not_published, skipped, not_published,
                                     not_published, already_loaded, not_published});
    auto const findings = find_gaps(outcomes);
    REQUIRE(findings.gaps.size() == 2);
    CHECK(findings.gaps[0].first.to_string() == "2019-02");
    CHECK(findings.gaps[0].second == year_month{2019, 3});
    CHECK(findings.gaps[1].first.to_string() == "2019-04..2019-05");
    CHECK(findings.gaps[1].second == year_month{2019, 6});
    CHECK(findings.not_yet->to_string() == "2019-07");
    CHECK(sync_exit_code(outcomes, findings) == exit_code::not_found);
    CHECK(format_sync_problem("green", outcomes, findings) ==
          "sync green: a gap in the source: 2019-02 not published, but 2019-03 is; "
          "2019-04..2019-05 not published, but 2019-06 is (not published: HTTP 404 for "
          "2019-02)");
}

TEST_CASE("a source that publishes nothing of the range is exit 3, a failure its own code")
{
    auto const none = months_of({not_published, not_published});
    auto const findings = find_gaps(none);
    CHECK(findings.nothing_published);
    CHECK(!findings.not_yet);
    CHECK(sync_exit_code(none, findings) == exit_code::not_found);
    CHECK_THAT(format_sync_problem("green", none, findings),
               Catch::StartsWith("sync green: none of 2019-01..2019-02 is published"));

    auto failed_first = months_of({loaded, failed, not_published, loaded});
    failed_first[1].code = exit_code::bad_data;
    auto const gap = find_gaps(failed_first);
    CHECK(gap.gaps.size() == 1); // a failed month was published: no gap there
    CHECK(sync_exit_code(failed_first, gap) == exit_code::bad_data);
    CHECK(
        format_sync_summary("green", failed_first, gap) ==
        "sync green 2019-01..2019-04: 2 loaded, 0 held, 1 failed, not published: 2019-03");
}
