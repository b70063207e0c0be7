#include "taxi_etl/retry.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

TEST_CASE("retry delays double, yield to Retry-After, and have a ceiling")
{
    retry_policy const policy{5, 1.0, 10.0};
    CHECK(retry_delay_seconds(policy, 1, std::chrono::seconds{0}) == 1.0);
    CHECK(retry_delay_seconds(policy, 2, std::chrono::seconds{0}) == 2.0);
    CHECK(retry_delay_seconds(policy, 3, std::chrono::seconds{0}) == 4.0);
    CHECK(retry_delay_seconds(policy, 5, std::chrono::seconds{0}) == 10.0);
    CHECK(retry_delay_seconds(policy, 1, std::chrono::seconds{7}) == 7.0);
    CHECK(retry_delay_seconds(policy, 1, std::chrono::seconds{3600}) == 10.0);
}
