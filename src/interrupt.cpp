#include "taxi_etl/interrupt.hpp"

#include "taxi_etl/error.hpp"

#include <pthread.h>
#include <signal.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>

namespace taxi_etl::interrupt {

namespace {

std::atomic<int> g_signal{0};
std::mutex g_mutex;
std::condition_variable g_woken;
std::set<PGcancel *> g_cancels; // guarded by g_mutex

sigset_t stop_signals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

void wait_for_signal()
{
    auto const set = stop_signals();
    int signal = 0;
    while (sigwait(&set, &signal) != 0) {
    }
    std::lock_guard lock{g_mutex};
    g_signal = signal;
    for (auto *cancel : g_cancels) {
        std::array<char, 256> error{};
        PQcancel(cancel, error.data(), static_cast<int>(error.size()));
    }
    g_woken.notify_all();
}

} // namespace

void watch_signals()
{
    auto const set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    // Lives as long as the process; it only waits.
    std::thread{wait_for_signal}.detach();
}

int received() noexcept
{
    return g_signal.load();
}

void throw_if_received()
{
    if (int const signal = received(); signal != 0) {
        fail(exit_code::interrupted, "interrupted by {}: nothing of this run was merged",
             signal == SIGINT ? "SIGINT" : "SIGTERM");
    }
}

bool sleep_for(std::chrono::duration<double> duration)
{
    std::unique_lock lock{g_mutex};
    return !g_woken.wait_for(lock, duration, [] { return g_signal.load() != 0; });
}

cancel_on_signal::cancel_on_signal(PGconn *conn) : m_cancel(PQgetCancel(conn))
{
    if (m_cancel != nullptr) {
        std::lock_guard lock{g_mutex};
        g_cancels.insert(m_cancel);
    }
}

cancel_on_signal::~cancel_on_signal()
{
    if (m_cancel != nullptr) {
        std::lock_guard lock{g_mutex};
        g_cancels.erase(m_cancel);
        PQfreeCancel(m_cancel);
    }
}

} // namespace taxi_etl::interrupt
