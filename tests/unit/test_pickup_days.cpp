#include "taxi_etl/pickup_days.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

using namespace taxi_etl;

TEST_CASE("each day's rows are counted, in runs or not")
{
    pickup_day_counter counter;
    CHECK(counter.day_rows() == std::map<std::string, std::uint64_t>{});
    for (auto const *day : {"2019-01-01", "2019-01-01", "2019-01-02", "2019-01-01",
                            "2018-12-31", "2019-01-02", "2019-01-02"}) {
        counter.add(day);
    }
    auto const expected = std::map<std::string, std::uint64_t>{
        {"2018-12-31", 1}, {"2019-01-01", 3}, {"2019-01-02", 3}};
    CHECK(counter.day_rows() == expected);
    CHECK(counter.days() ==
          std::set<std::string>{"2018-12-31", "2019-01-01", "2019-01-02"});
    // Asking does not count the last run twice.
    CHECK(counter.day_rows() == expected);
}

TEST_CASE("a day not certain leaves the days to the database")
{
    pickup_day_counter counter;
    counter.add("2019-01-01");
    counter.lose_certainty();
    counter.add("2019-01-02");
    CHECK_FALSE(counter.day_rows());
    CHECK_FALSE(counter.days());
}
