#include "taxi_etl/progress.hpp"
#include "taxi_etl/progress_text.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;
using namespace std::chrono_literals;

TEST_CASE("durations read as a person says them")
{
    CHECK(format_duration(0.0) == "0s");
    CHECK(format_duration(44.6) == "45s");
    CHECK(format_duration(80.0) == "1m20s");
    CHECK(format_duration(3599.0) == "59m59s");
    CHECK(format_duration(7500.0) == "2h05m");
    CHECK(format_duration(-3.0) == "0s");
}

TEST_CASE("a read of known size shows its share, rates and the time left")
{
    // 9.46 MB of 21 MB in 1 s: 45%, and 11.54 MB to go at that pace.
    read_figures const read{9'460'000, 21'000'000, 284'512, 1.0};
    CHECK(format_read_progress(read) ==
          "45% of 21.0 MB, 284512 rows, 9.5 MB/s, 284512 rows/s, about 1s left");

    read_figures const slow{2'100'000, 21'000'000, 30'000, 10.0};
    CHECK(format_read_progress(slow) ==
          "10% of 21.0 MB, 30000 rows, 0.2 MB/s, 3000 rows/s, about 1m30s left");
}

TEST_CASE("a read of unknown size shows what it read, its rates and the time so far")
{
    read_figures const read{3'200'000, 0, 40'000, 12.0};
    CHECK(format_read_progress(read) ==
          "3.2 MB, 40000 rows, 0.3 MB/s, 3333 rows/s, 12s elapsed");
}

TEST_CASE("a read that has not started has no rate and no time left")
{
    CHECK(format_read_progress({0, 21'000'000, 0, 0.0}) ==
          "0% of 21.0 MB, 0 rows, 0s elapsed");
    CHECK(format_read_progress({0, 21'000'000, 0, 2.0}) ==
          "0% of 21.0 MB, 0 rows, 0.0 MB/s, 0 rows/s, 2s elapsed");
}

TEST_CASE("more bytes than announced stay at 100%")
{
    CHECK_THAT(format_read_progress({25, 20, 1, 1.0}),
               Catch::StartsWith("100% of 0.0 MB") && Catch::EndsWith("about 0s left"));
}

TEST_CASE("a range shows months done, those running and the time left for all")
{
    range_figures range;
    range.done = 3;
    range.total = 12;
    range.seconds = 30.0;
    range.running.push_back({"2019-04", "", read_figures{4'500'000, 10'000'000, 1, 0.5}});
    range.running.push_back({"2019-05", "", read_figures{1'000'000, 10'000'000, 1, 0.5}});
    range.months_read = 3;
    range.read = {30'000'000, 6.0};
    // 35.5 MB in 7 s of reading, two at once: 10.14 MB/s. Left: 5.5 + 9 MB
    // of those running, and 7 months of 10 MB: 84.5 MB.
    CHECK(format_range_progress(range) ==
          "3/12 months done, loading 2019-04 (45%, 9.0 MB/s), 2019-05 (10%, 2.0 MB/s), "
          "about 8s left");
}

TEST_CASE(
    "a range names a month between reads, its phase, or what it read of an unknown size")
{
    range_figures range{0, 4, 5.0, {}};
    range.running.push_back({"2019-01", "", std::nullopt});
    range.running.push_back(
        {"2019-02", "comparing", read_figures{500'000, 1'000'000, 1, 1.0}});
    range.running.push_back({"2019-03", "", read_figures{2'000'000, 0, 1, 1.0}});
    CHECK(format_range_progress(range) ==
          "0/4 months done, loading 2019-01, 2019-02 (comparing, 50%, 0.5 MB/s), 2019-03 "
          "(2.0 MB, 2.0 MB/s), about 1s left");
}

TEST_CASE("a range with nothing measured yet shows the time so far")
{
    CHECK(format_range_progress({0, 12, 3.0, {}}) == "0/12 months done, 3s elapsed");
}

TEST_CASE("the line is cut to the terminal's width, never wrapped")
{
    CHECK(fit_width("abcdef", 80) == "abcdef");
    CHECK(fit_width("abcdef", 6) == "abcde");
    CHECK(fit_width("abcdef", 4) == "abc");
    // é is two bytes: the cut does not split it.
    CHECK(fit_width("ab\xc3\xa9z", 4) == "ab");
    CHECK(fit_width("abcdef", 0) == "abcdef");
}

TEST_CASE("the board draws the latest read of a load, from its counters")
{
    progress_board board;
    auto const start = progress_board::clock::now();
    CHECK(board.render(start).empty());

    std::atomic<std::uint64_t> bytes{5'000'000};
    std::atomic<std::uint64_t> total{20'000'000};
    std::atomic<std::uint64_t> lines{100'001}; // the header and 100000 rows
    auto const id =
        board.add_read("green_tripdata_2019-01.csv", "", {&bytes, &total, &lines}, start);
    CHECK(board.render(start + 2s) ==
          "taxi-etl: green_tripdata_2019-01.csv: 25% of 20.0 MB, 100000 rows, 2.5 MB/s, "
          "50000 rows/s, about 6s left");
    bytes = 10'000'000;
    CHECK_THAT(board.render(start + 4s), Catch::Contains("50% of 20.0 MB"));
    board.remove_read(id, start + 4s);
    CHECK(board.render(start + 4s).empty());
}

TEST_CASE("the board shows a comparison as such")
{
    progress_board board;
    auto const start = progress_board::clock::now();
    std::atomic<std::uint64_t> bytes{0};
    std::atomic<std::uint64_t> total{0};
    std::atomic<std::uint64_t> lines{0};
    board.add_read("x.csv", "comparing", {&bytes, &total, &lines}, start);
    CHECK(board.render(start + 1s) ==
          "taxi-etl: x.csv: comparing, 0.0 MB, 0 rows, 0.0 MB/s, 0 rows/s, 1s elapsed");
}

TEST_CASE("the board shows a range's months with their reads")
{
    progress_board board;
    auto const start = progress_board::clock::now();
    board.begin_range(3, start);
    CHECK(board.render(start) == "taxi-etl: 0/3 months done, 0s elapsed");

    std::atomic<std::uint64_t> bytes{1'000'000};
    std::atomic<std::uint64_t> total{4'000'000};
    std::atomic<std::uint64_t> lines{10};
    board.month_started("green_tripdata_2019-01.csv", "2019-01");
    board.month_started("green_tripdata_2019-02.csv", "2019-02");
    board.add_read("green_tripdata_2019-02.csv", "", {&bytes, &total, &lines}, start + 1s);
    // 1 MB/s, two at once; 3 MB left of 2019-02, and 4 MB (its size) for
    // 2019-01 and for the month not started.
    CHECK(board.render(start + 2s) ==
          "taxi-etl: 0/3 months done, loading 2019-01, 2019-02 (25%, 1.0 MB/s), about 6s "
          "left");

    board.month_done("green_tripdata_2019-01.csv");
    CHECK_THAT(board.render(start + 2s),
               Catch::StartsWith("taxi-etl: 1/3 months done, loading 2019-02 (25%"));
    board.end_range();
}

TEST_CASE("a range's time left comes from the months that read, not from those unchanged")
{
    // One month done that read 6 MB in 3 s, one unchanged; 2019-03 has read
    // 1 MB of an unknown size in 1 s. 7 MB in 4 s; left: 5 MB of 2019-03 and
    // two months of 6 MB.
    range_figures range{2, 5, 100.0, {}, 1, {6'000'000, 3.0}};
    range.running.push_back({"2019-03", "", read_figures{1'000'000, 0, 1, 1.0}});
    CHECK(format_range_progress(range) ==
          "2/5 months done, loading 2019-03 (1.0 MB, 1.0 MB/s), about 10s left");
}

TEST_CASE("a range tells no time left before its reads have read for a second")
{
    range_figures range{0, 3, 0.5, {}};
    range.running.push_back({"2019-01", "", read_figures{200'000, 1'000'000, 1, 0.5}});
    CHECK(format_range_progress(range) ==
          "0/3 months done, loading 2019-01 (20%, 0.4 MB/s), 1s elapsed");
    // Read for a second, but no size known yet.
    range.running.front().read = read_figures{500'000, 0, 1, 1.0};
    CHECK_THAT(format_range_progress(range), Catch::EndsWith(", 1s elapsed"));
}

TEST_CASE("on the board, a month unchanged at the source makes no time left")
{
    progress_board board;
    auto const start = progress_board::clock::now();
    board.begin_range(3, start);
    board.month_started("green_tripdata_2019-01.csv", "2019-01");
    board.month_done("green_tripdata_2019-01.csv"); // unchanged: nothing read

    std::atomic<std::uint64_t> bytes{100'000};
    std::atomic<std::uint64_t> total{4'000'000};
    std::atomic<std::uint64_t> lines{10};
    board.month_started("green_tripdata_2019-02.csv", "2019-02");
    board.add_read("green_tripdata_2019-02.csv", "", {&bytes, &total, &lines},
                   start + 100ms);
    CHECK(board.render(start + 300ms) ==
          "taxi-etl: 1/3 months done, loading 2019-02 (2%, 0.5 MB/s), 0s elapsed");
    // 1 MB in 2 s: 3 MB left of 2019-02, and 4 MB of 2019-03.
    bytes = 1'000'000;
    CHECK(board.render(start + 2100ms) ==
          "taxi-etl: 1/3 months done, loading 2019-02 (25%, 0.5 MB/s), about 14s left");
    board.end_range();
}

TEST_CASE("on the board, a month read and done sizes the months to come")
{
    progress_board board;
    auto const start = progress_board::clock::now();
    board.begin_range(3, start);
    std::atomic<std::uint64_t> bytes{2'000'000};
    std::atomic<std::uint64_t> total{2'000'000};
    std::atomic<std::uint64_t> lines{10};
    board.month_started("green_tripdata_2019-01.csv", "2019-01");
    auto const id =
        board.add_read("green_tripdata_2019-01.csv", "", {&bytes, &total, &lines}, start);
    board.remove_read(id, start + 2s);
    // Read, now merging: nothing left to read of it.
    CHECK(board.render(start + 3s) ==
          "taxi-etl: 0/3 months done, loading 2019-01, about 4s left");
    board.month_done("green_tripdata_2019-01.csv");
    board.month_started("green_tripdata_2019-02.csv", "2019-02");
    // 2 MB in 2 s of reading; two months of 2 MB to go.
    CHECK(board.render(start + 5s) ==
          "taxi-etl: 1/3 months done, loading 2019-02, about 4s left");
    board.end_range();
}

TEST_CASE("a range with no month to load (every month skipped) draws no line")
{
    CHECK(format_range_progress({0, 0, 0.5, {}}).empty());
}
