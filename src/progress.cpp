#include "taxi_etl/progress.hpp"

#include "taxi_etl/printable.hpp"
#include "taxi_etl/progress_text.hpp"

#include <fmt/format.h>

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace taxi_etl {

namespace {

// A few times a second: the rate and the time left move, the line does
// not flicker.
constexpr auto draw_interval = std::chrono::milliseconds{200};

} // namespace

std::size_t terminal_columns()
{
    winsize size{};
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        return size.ws_col;
    }
    if (char const *columns = std::getenv("COLUMNS")) {
        char *end = nullptr;
        auto const value = std::strtoul(columns, &end, 10);
        if (end != columns && *end == '\0' && value > 0) {
            return value;
        }
    }
    return 80;
}

progress_board &progress_board::console()
{
    static progress_board board;
    return board;
}

progress_board::~progress_board()
{
    if (m_ticker.joinable()) {
        {
            std::lock_guard lock{m_mutex};
            m_active = false;
        }
        m_wake.notify_all();
        m_ticker.join();
    }
}

void progress_board::print_line(std::string_view message)
{
    std::lock_guard lock{m_mutex};
    clear_locked();
    fmt::print(stderr, "taxi-etl: {}\n", one_line_message(message));
    if (m_active) {
        draw_locked();
    }
    std::fflush(stderr);
}

read_figures progress_board::figures(read_entry const &read, clock::time_point now) const
{
    auto const lines = read.counters.lines->load(std::memory_order_relaxed);
    return {read.counters.bytes->load(std::memory_order_relaxed),
            read.counters.total->load(std::memory_order_relaxed), lines > 0 ? lines - 1 : 0,
            std::chrono::duration<double>{now - read.started}.count()};
}

std::string progress_board::render(clock::time_point now)
{
    std::lock_guard lock{m_mutex};
    return render_locked(now);
}

std::string progress_board::render_locked(clock::time_point now)
{
    if (m_range_started) {
        range_figures range{m_range_done,
                            m_range_total,
                            std::chrono::duration<double>{now - *m_range_started}.count(),
                            {},
                            m_range_months_read,
                            m_range_read};
        for (auto const &month : m_months) {
            auto &running = range.running.emplace_back(
                running_month{month.label, "", {}, month.earlier});
            // The month's latest read: the load's, after a comparison's.
            auto const read = std::ranges::find(m_reads.rbegin(), m_reads.rend(),
                                                month.file_name, &read_entry::file_name);
            if (read != m_reads.rend()) {
                running.phase = read->phase;
                running.read = figures(*read, now);
            }
        }
        auto const line = format_range_progress(range);
        return line.empty() ? line : "taxi-etl: " + line;
    }
    if (m_reads.empty()) {
        return {};
    }
    auto const &read = m_reads.back();
    auto const phase = read.phase.empty() ? std::string{} : read.phase + ", ";
    return fmt::format("taxi-etl: {}: {}{}", printable(read.file_name), phase,
                       format_read_progress(figures(read, now)));
}

void progress_board::draw_locked()
{
    auto const line = render_locked(clock::now());
    if (line.empty()) {
        clear_locked();
        return;
    }
    // \33[K clears what a longer previous line left behind.
    fmt::print(stderr, "\r{}\33[K", fit_width(line, terminal_columns()));
    std::fflush(stderr);
    m_drawn = true;
}

void progress_board::clear_locked()
{
    if (m_drawn) {
        fmt::print(stderr, "\r\33[K");
        std::fflush(stderr);
        m_drawn = false;
    }
}

void progress_board::tick()
{
    std::unique_lock lock{m_mutex};
    while (m_active) {
        draw_locked();
        m_wake.wait_for(lock, draw_interval, [&] { return !m_active; });
    }
}

std::size_t progress_board::add_read(std::string file_name, std::string phase,
                                     read_counters counters, clock::time_point now)
{
    std::lock_guard lock{m_mutex};
    auto const id = m_next_id++;
    m_reads.push_back({id, std::move(file_name), std::move(phase), counters, now});
    return id;
}

void progress_board::remove_read(std::size_t id, clock::time_point now)
{
    std::lock_guard lock{m_mutex};
    auto const read = std::ranges::find(m_reads, id, &read_entry::id);
    if (read == m_reads.end()) {
        return;
    }
    // What it read stays with its month, for the range's pace.
    auto const month =
        std::ranges::find(m_months, read->file_name, &month_entry::file_name);
    if (month != m_months.end()) {
        auto const figures_now = figures(*read, now);
        month->earlier.bytes += figures_now.bytes;
        month->earlier.seconds += figures_now.seconds;
    }
    m_reads.erase(read);
}

void progress_board::begin_range(std::size_t total, clock::time_point now)
{
    std::lock_guard lock{m_mutex};
    m_range_started = now;
    m_range_total = total;
    m_range_done = 0;
    m_range_months_read = 0;
    m_range_read = {};
    m_months.clear();
}

void progress_board::end_range()
{
    std::lock_guard lock{m_mutex};
    m_range_started.reset();
    m_months.clear();
}

void progress_board::month_started(std::string file_name, std::string label)
{
    std::lock_guard lock{m_mutex};
    m_months.push_back({std::move(file_name), std::move(label)});
}

void progress_board::month_done(std::string const &file_name)
{
    std::lock_guard lock{m_mutex};
    auto const month = std::ranges::find(m_months, file_name, &month_entry::file_name);
    if (month != m_months.end()) {
        // A month unchanged at the source read nothing: it tells no pace.
        if (month->earlier.bytes > 0) {
            ++m_range_months_read;
            m_range_read.bytes += month->earlier.bytes;
            m_range_read.seconds += month->earlier.seconds;
        }
        m_months.erase(month);
    }
    ++m_range_done;
}

void progress_board::start_drawing()
{
    std::lock_guard lifecycle{m_lifecycle};
    if (m_users++ > 0) {
        return;
    }
    {
        std::lock_guard lock{m_mutex};
        m_active = true;
    }
    m_ticker = std::thread{[this] { tick(); }};
}

void progress_board::stop_drawing()
{
    std::lock_guard lifecycle{m_lifecycle};
    if (--m_users > 0) {
        return;
    }
    {
        std::lock_guard lock{m_mutex};
        m_active = false;
    }
    m_wake.notify_all();
    m_ticker.join();
    std::lock_guard lock{m_mutex};
    clear_locked();
}

progress_line::progress_line(bool enabled, std::string file_name, std::string phase,
                             read_counters counters)
{
    if (enabled) {
        auto &board = progress_board::console();
        m_id = board.add_read(std::move(file_name), std::move(phase), counters,
                              progress_board::clock::now());
        board.start_drawing();
    }
}

progress_line::~progress_line()
{
    if (m_id) {
        auto &board = progress_board::console();
        board.remove_read(*m_id, progress_board::clock::now());
        board.stop_drawing();
    }
}

// Nothing to load (every month skipped): no "0/0 months done" line.
range_progress::range_progress(bool enabled, std::size_t total)
: m_enabled(enabled && total > 0)
{
    if (m_enabled) {
        auto &board = progress_board::console();
        board.begin_range(total, progress_board::clock::now());
        board.start_drawing();
    }
}

range_progress::~range_progress()
{
    if (m_enabled) {
        auto &board = progress_board::console();
        board.end_range();
        board.stop_drawing();
    }
}

void range_progress::started(std::string file_name, std::string label)
{
    if (m_enabled) {
        progress_board::console().month_started(std::move(file_name), std::move(label));
    }
}

void range_progress::done(std::string const &file_name)
{
    if (m_enabled) {
        progress_board::console().month_done(file_name);
    }
}

} // namespace taxi_etl
