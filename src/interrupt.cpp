#include "taxi_etl/interrupt.hpp"

#include <pthread.h>
#include <signal.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace taxi_etl::interrupt {

struct cancel_slot
{
    explicit cancel_slot(PGconn *conn) noexcept : cancel(PQgetCancel(conn)) {}
    ~cancel_slot() { PQfreeCancel(cancel); }
    cancel_slot(cancel_slot const &) = delete;
    cancel_slot &operator=(cancel_slot const &) = delete;

    PGcancel *cancel;
    std::atomic<bool> wanted{false};
    // Held while a cancel is sent, so that one can be waited for.
    std::mutex sending;
};

namespace {

// Allocated once and never freed: the detached watcher may still use them
// while static destructors run after main returns.
std::mutex &g_mutex = *new std::mutex;
std::condition_variable &g_woken = *new std::condition_variable;
auto &g_slots = *new std::set<std::shared_ptr<cancel_slot>>; // guarded by g_mutex
bool g_requested = false; // a slot wants a cancel sent now; guarded by g_mutex

std::atomic<int> g_signal{0};

// How often a cancel that a waiting thread still wants is sent again.
constexpr auto resend_interval = std::chrono::milliseconds{250};

sigset_t stop_signals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

// The slots that want a cancel, copied so that no lock is held while
// PQcancel() waits for the server; a slot stays alive until its cancel is
// sent.
std::vector<std::shared_ptr<cancel_slot>> wanted_slots()
{
    std::vector<std::shared_ptr<cancel_slot>> slots;
    for (auto const &slot : g_slots) {
        if (slot->wanted) {
            slots.push_back(slot);
        }
    }
    return slots;
}

void send_cancels(std::vector<std::shared_ptr<cancel_slot>> const &slots)
{
    for (auto const &slot : slots) {
        std::lock_guard sending{slot->sending};
        if (slot->wanted) { // not if the wait ended meanwhile
            std::array<char, 256> error{};
            PQcancel(slot->cancel, error.data(), static_cast<int>(error.size()));
        }
    }
}

// Only the statements whose wait asks for it are cancelled: at once
// outside a cleaning-up block, after its grace inside one (see pg.cpp).
void wait_for_signal()
{
    auto const set = stop_signals();
    int signal = 0;
    while (sigwait(&set, &signal) != 0) {
    }
    std::unique_lock lock{g_mutex};
    g_signal = signal;
    g_woken.notify_all();
    while (true) {
        g_woken.wait_for(lock, resend_interval, [] { return g_requested; });
        g_requested = false;
        auto const slots = wanted_slots();
        lock.unlock();
        send_cancels(slots);
        lock.lock();
    }
}

} // namespace

void watch_signals()
{
    auto const set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    // Lives as long as the process; it only waits, and cancels.
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

int exit_status(exit_code code) noexcept
{
    int const signal = received();
    if (code == exit_code::interrupted && signal != 0) {
        return 128 + signal;
    }
    return static_cast<int>(code);
}

bool sleep_for(std::chrono::duration<double> duration)
{
    std::unique_lock lock{g_mutex};
    return !g_woken.wait_for(lock, duration, [] { return g_signal.load() != 0; });
}

cancel_on_signal::cancel_on_signal(PGconn *conn)
: m_slot(std::make_shared<cancel_slot>(conn))
{
    if (m_slot->cancel == nullptr) {
        m_slot.reset();
        return;
    }
    std::lock_guard lock{g_mutex};
    g_slots.insert(m_slot);
}

cancel_on_signal::~cancel_on_signal()
{
    if (m_slot) {
        std::lock_guard lock{g_mutex};
        g_slots.erase(m_slot);
    }
}

void cancel_on_signal::request_cancel(bool wanted) noexcept
{
    if (!m_slot) {
        return;
    }
    m_slot->wanted = wanted;
    if (wanted) {
        std::lock_guard lock{g_mutex};
        g_requested = true;
        g_woken.notify_all();
    } else {
        // A cancel on its way could still cancel the next statement.
        std::lock_guard sending{m_slot->sending};
    }
}

} // namespace taxi_etl::interrupt
