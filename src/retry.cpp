#include "taxi_etl/retry.hpp"

#include "taxi_etl/interrupt.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace taxi_etl {

double retry_delay_seconds(retry_policy const &policy, unsigned retry,
                           std::chrono::seconds retry_after)
{
    double const doubling = policy.first_delay_seconds * std::pow(2.0, retry - 1.0);
    return std::min(std::max(doubling, static_cast<double>(retry_after.count())),
                    policy.max_delay_seconds);
}

void wait_to_retry(retry_policy const &policy, unsigned retry, etl_error const &error,
                   std::string_view why,
                   std::function<void(std::string const &)> const &notify)
{
    auto const delay = retry_delay_seconds(policy, retry, error.retry_after());
    notify(fmt::format("{} retrying in {:.1f} s (retry {} of {})", why, delay, retry,
                       policy.retries));
    if (!interrupt::sleep_for(std::chrono::duration<double>{delay})) {
        interrupt::throw_if_received();
    }
}

} // namespace taxi_etl
