#pragma once

// The progress line on a terminal: one line on stderr, redrawn a few times
// a second by a thread of its own from counters the load keeps anyway, so
// that the rows pay nothing for it. Log lines (log_line) go through the
// same board, which clears the progress line before them and draws it
// again after, from any thread.

#include "taxi_etl/progress_figures.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace taxi_etl {

// The width of the terminal on stderr: TIOCGWINSZ, else $COLUMNS, else 80.
std::size_t terminal_columns();

// The counters a read keeps, which the board reads while it runs.
struct read_counters
{
    std::atomic<std::uint64_t> const *bytes;
    std::atomic<std::uint64_t> const *total;
    std::atomic<std::uint64_t> const *lines; // the header's line included
};

class progress_board
{
public:
    using clock = std::chrono::steady_clock;

    // The process's board, drawing on stderr.
    static progress_board &console();

    progress_board() = default;
    progress_board(progress_board const &) = delete;
    progress_board &operator=(progress_board const &) = delete;
    ~progress_board();

    // Writes "taxi-etl: <message>" on a line of its own.
    void print_line(std::string_view message);

    // The line as it would be drawn at `now` (empty: nothing to show).
    std::string render(clock::time_point now);

    // Used through progress_line and range_progress below.
    std::size_t add_read(std::string file_name, std::string phase, read_counters counters,
                         clock::time_point now);
    void remove_read(std::size_t id, clock::time_point now);
    void begin_range(std::size_t total, clock::time_point now);
    void end_range();
    void month_started(std::string file_name, std::string label);
    void month_done(std::string const &file_name);
    void start_drawing();
    void stop_drawing();

private:
    struct read_entry
    {
        std::size_t id;
        std::string file_name;
        std::string phase;
        read_counters counters;
        clock::time_point started;
    };
    struct month_entry
    {
        std::string file_name;
        std::string label;
        reading earlier{}; // its reads that ended
    };

    read_figures figures(read_entry const &read, clock::time_point now) const;
    std::string render_locked(clock::time_point now);
    void draw_locked();
    void clear_locked();
    void tick();

    std::mutex m_mutex; // the state below and stderr
    std::vector<read_entry> m_reads;
    std::vector<month_entry> m_months;
    std::optional<clock::time_point> m_range_started;
    std::size_t m_range_total = 0;
    std::size_t m_range_done = 0;
    std::size_t m_range_months_read = 0;
    reading m_range_read{};
    std::size_t m_next_id = 0;
    bool m_drawn = false;
    bool m_active = false; // the drawing thread runs
    std::condition_variable m_wake;

    std::mutex m_lifecycle; // the drawing thread: started by the first user
    std::size_t m_users = 0;
    std::thread m_ticker;
};

// One read of a source on the progress line, while it lives. Does nothing
// when disabled (stderr not a terminal, or --quiet).
class progress_line
{
public:
    progress_line(bool enabled, std::string file_name, std::string phase,
                  read_counters counters);
    ~progress_line();
    progress_line(progress_line const &) = delete;
    progress_line &operator=(progress_line const &) = delete;

private:
    std::optional<std::size_t> m_id;
};

// A range of months (backfill, sync) on the progress line, while it lives.
class range_progress
{
public:
    range_progress(bool enabled, std::size_t total);
    ~range_progress();
    range_progress(range_progress const &) = delete;
    range_progress &operator=(range_progress const &) = delete;

    void started(std::string file_name, std::string label);
    void done(std::string const &file_name);

private:
    bool m_enabled;
};

} // namespace taxi_etl
