#pragma once

// Trying again after a failure that may pass (etl_error::is_transient, or a
// database failure db_errors.hpp calls so): how often, and how long to wait.
// A load retries its month, sync's probe its question to the source.

#include "taxi_etl/error.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace taxi_etl {

// The wait doubles each time, from first_delay_seconds.
struct retry_policy
{
    unsigned retries = 3;
    double first_delay_seconds = 1.0;
    double max_delay_seconds = 300.0;
};

// The wait before retry number `retry` (1-based): the doubling delay, or
// what the server asked for (Retry-After) if that is longer; never more
// than the maximum.
double retry_delay_seconds(retry_policy const &policy, unsigned retry,
                           std::chrono::seconds retry_after);

// Says "{why} retrying in 2.0 s (retry 2 of 3)" and waits that long; a
// SIGINT or SIGTERM ends the wait with etl_error(interrupted).
void wait_to_retry(retry_policy const &policy, unsigned retry, etl_error const &error,
                   std::string_view why,
                   std::function<void(std::string const &)> const &notify);

} // namespace taxi_etl
