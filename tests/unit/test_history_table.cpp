#include "taxi_etl/error.hpp"
#include "taxi_etl/history_filter.hpp"
#include "taxi_etl/history_table.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace taxi_etl;
using namespace taxi_etl::history;

namespace {

std::vector<std::string> lines_of(std::string const &text)
{
    std::vector<std::string> lines;
    std::istringstream in{text};
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

// A table as history's: fixed columns, then a schema, a file and a note
// that give way.
std::vector<table_column> runs(std::string const &schema, std::string const &note)
{
    return {{"id", {"12"}, true},
            {"started", {"2026-12-04 23:10:05+00"}},
            {"took", {"4.8s"}, true},
            {"taxi", {"yellow"}},
            {"schema", {schema}, false, 3, 16, 8},
            {"file", {"2019-01"}, false, 1, 26, 12},
            {"status", {"interrupted"}},
            {"inserted", {"7667792"}, true},
            {"note", {note}, false, 2, 30, 12}};
}

} // namespace

TEST_CASE("a table that fits is shown whole, aligned, with no trailing spaces")
{
    auto const text = fit_table({{"id", {"1", "10"}, true}, {"note", {"", "short"}}}, 120);
    CHECK(text == "id  note\n"
                  " 1\n"
                  "10  short\n");
}

TEST_CASE("long values are cut so that no line is wider than allowed")
{
    std::string const schema(63, 's');
    std::string const error = "not published: HTTP 404 for http://127.0.0.1/" +
                              std::string(300, 'x') + "/green_tripdata_2019-01.csv.gz";
    auto const lines = lines_of(fit_table(runs(schema, error), 120));
    REQUIRE(lines.size() == 2);
    for (auto const &line : lines) {
        CHECK(display_width(line) <= 120);
    }
    CHECK(display_width(lines[1]) == 120); // the room left is the note's
    // The schema gives way first, to 16 columns, then the note to 30, then
    // the schema again: the note says the most.
    CHECK_THAT(lines[1], Catch::Contains("  " + std::string(11, 's') + "...  2019-01"));
    CHECK_THAT(lines[1], Catch::EndsWith("  not published: HTTP 404 for..."));
    CHECK_THAT(lines[1], Catch::StartsWith("12  2026-12-04 23:10:05+00  4.8s  yellow  "));
}

TEST_CASE("when the soft minimums are too wide, the columns give way to their hard ones")
{
    auto columns = runs(std::string(63, 's'), std::string(200, 'e'));
    columns[5].cells = {std::string(100, 'f')}; // a --file load's long name
    auto const lines = lines_of(fit_table(columns, 120));
    CHECK(display_width(lines[1]) <= 120);
    CHECK_THAT(lines[1], Catch::Contains("  " + std::string(23, 'f') + "...  interrupted"));
}

TEST_CASE("the width of text is its characters, two for wide ones")
{
    CHECK(display_width("") == 0);
    CHECK(display_width("abc") == 3);
    CHECK(display_width("caf\xc3\xa9") == 4);              // é: 2 bytes, 1 column
    CHECK(display_width("\xe6\x97\xa5\xe6\x9c\xac") == 4); // 日本
    CHECK(display_width("\xff") == 1); // not UTF-8: one byte, one column
}

TEST_CASE("a value is cut at a character, ending in ...")
{
    CHECK(cut_to_width("abcdef", 6) == "abcdef");
    CHECK(cut_to_width("abcdefg", 6) == "abc...");
    CHECK(cut_to_width("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 4) == "\xc3\xa9...");
    CHECK(cut_to_width("\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5", 6) ==
          "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5");
    CHECK(cut_to_width("\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5", 6) ==
          "\xe6\x97\xa5...");
    CHECK(cut_to_width("\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5", 4) == "...");
}

TEST_CASE("times are shown with their zone's offset, as psql shows them")
{
    CHECK(shown_time("2026-12-04T23:10:05+00:00") == "2026-12-04 23:10:05+00");
    CHECK(shown_time("2026-12-04T23:10:05+05:30") == "2026-12-04 23:10:05+05:30");
    CHECK(shown_time("2026-12-04T23:10:05-08:00") == "2026-12-04 23:10:05-08");
    CHECK(shown_time("") == "");
}

TEST_CASE("a duration is shown in the unit it is read in")
{
    CHECK(shown_duration(std::nullopt) == "");
    CHECK(shown_duration(0.04) == "0.0s");
    CHECK(shown_duration(4.8) == "4.8s");
    CHECK(shown_duration(59.9) == "59.9s");
    CHECK(shown_duration(59.96) == "1m00s");
    CHECK(shown_duration(185) == "3m05s");
    CHECK(shown_duration(7380) == "2h03m");
}

TEST_CASE("a published file is shown as its month, any other name as it is")
{
    CHECK(shown_file("green", "green_tripdata_2019-01.csv") == "2019-01");
    CHECK(shown_file("yellow", "green_tripdata_2019-01.csv") ==
          "green_tripdata_2019-01.csv");
    CHECK(shown_file("green", "green_tripdata_2019-13.csv") ==
          "green_tripdata_2019-13.csv");
    CHECK(shown_file("green", "my_extract.csv") == "my_extract.csv");
}

TEST_CASE("the status filter takes the history's statuses, one or several")
{
    CHECK(parse_statuses("failed") == "failed");
    CHECK(parse_statuses("failed,interrupted") == "failed,interrupted");
    for (auto const *bad :
         {"", "done", "failed,", ",failed", "Failed", "failed, running"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_statuses(bad), etl_error);
    }
}

TEST_CASE(
    "the file filter is a name or a pattern, with LIKE's own characters taken literally")
{
    CHECK(file_like_pattern("green_tripdata_2019-01.csv") ==
          "green\\_tripdata\\_2019-01.csv");
    CHECK(file_like_pattern("*2019-0?.csv") == "%2019-0_.csv");
    CHECK(file_like_pattern("100%\\") == "100\\%\\\\");
}

TEST_CASE("the since filter is a date or a duration")
{
    run_filter filter;
    parse_since("2026-12-01", filter);
    CHECK(filter.since_date == "2026-12-01");
    CHECK_FALSE(filter.since_seconds);
    for (auto [text, seconds] : {std::pair{"90s", 90},
                                 {"30m", 1800},
                                 {"2h", 7200},
                                 {"3d", 259200},
                                 {"1w", 604800}}) {
        run_filter f;
        parse_since(text, f);
        CHECK(f.since_seconds == seconds);
    }
    for (auto const *bad :
         {"", "2h30m", "h", "3y", "-2h", "2026-02-30", "2026-12-1", "1.5h"}) {
        CAPTURE(bad);
        run_filter f;
        CHECK_THROWS_AS(parse_since(bad, f), etl_error);
    }
}

TEST_CASE("a limit of 0 lists every run, and an empty filter value is a mistake")
{
    history_options options;
    CHECK(make_filter(options).limit == 20);
    options.limit = 0;
    CHECK_FALSE(make_filter(options).limit);
    options.schema = "";
    CHECK_THROWS_AS(make_filter(options), etl_error);
    options.schema = "staging";
    options.file = "green_*";
    auto const filter = make_filter(options);
    CHECK(filter.schema == "staging");
    CHECK(filter.file_like == "green\\_%");
}
