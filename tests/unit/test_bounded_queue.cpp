#include "taxi_etl/bounded_queue.hpp"

#include <catch2/catch.hpp>

#include <thread>
#include <vector>

using taxi_etl::bounded_queue;

TEST_CASE("items arrive in order and the queue ends when closed")
{
    bounded_queue<int> queue{2};
    std::thread producer{[&] {
        for (int i = 0; i < 1000; ++i) {
            REQUIRE(queue.push(i));
        }
        queue.close();
    }};
    std::vector<int> received;
    while (auto item = queue.pop()) {
        received.push_back(*item);
    }
    producer.join();
    REQUIRE(received.size() == 1000);
    for (int i = 0; i < 1000; ++i) {
        CHECK(received[static_cast<std::size_t>(i)] == i);
    }
}

TEST_CASE("abort releases a producer blocked on a full queue")
{
    bounded_queue<int> queue{1};
    REQUIRE(queue.push(1));
    bool pushed = true;
    std::thread producer{[&] { pushed = queue.push(2); }};
    queue.abort();
    producer.join();
    CHECK_FALSE(pushed);
    CHECK_FALSE(queue.pop());
}

TEST_CASE("abort releases a consumer waiting on an empty queue")
{
    bounded_queue<int> queue{1};
    std::optional<int> got = 7;
    std::thread consumer{[&] { got = queue.pop(); }};
    queue.abort();
    consumer.join();
    CHECK_FALSE(got);
}
