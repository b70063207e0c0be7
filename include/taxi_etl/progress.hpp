#pragma once

// The progress line on a terminal: one line on stderr, redrawn a few times
// a second by a thread of its own from counters the load keeps anyway, so
// that the rows pay nothing for it. Log lines (log_line) go through the
// same board, which clears the progress line before them and draws it
// again after, from any thread.

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

// What one read of a source has done so far.
struct read_figures
{
    std::uint64_t bytes = 0; // compressed, as read
    std::uint64_t total = 0; // the source's size; 0 when not known
    std::uint64_t rows = 0;
    double seconds = 0.0; // since the read began
};

// "1m20s", "45s", "2h05m".
std::string format_duration(double seconds);

// "45% of 21.0 MB, 9.5 MB/s, 284512 rows, 271000 rows/s, about 2s left";
// without a size: "3.2 MB, 1.1 MB/s, 284512 rows, 271000 rows/s, 12s elapsed".
std::string format_read_progress(read_figures const &read);

// What reads read, in how many seconds of reading.
struct reading
{
    std::uint64_t bytes = 0;
    double seconds = 0.0;
};

struct running_month
{
    std::string label;                // "2019-04"
    std::string phase;                // "comparing", or empty
    std::optional<read_figures> read; // nothing between reads (merging, indexing)
    reading earlier{};                // its reads that ended (a comparison's)
};

struct range_figures
{
    std::size_t done = 0;
    std::size_t total = 0;
    double seconds = 0.0; // since the range began
    std::vector<running_month> running;
    // The months done that read data (not those unchanged at the source):
    // how many, and their reads together.
    std::size_t months_read = 0;
    reading read{};
};

// "3/12 months done, loading 2019-04 (45%, 12.1 MB/s), 2019-05 (10%, 3.0
// MB/s), about 1m20s left"; the time left from range_seconds_left
// (range_estimate.hpp), else "12s elapsed"; empty when the range has no
// month to load.
std::string format_range_progress(range_figures const &range);

// The line cut to fit `columns` (a character short, so that the terminal
// does not wrap), never inside a UTF-8 sequence.
std::string fit_width(std::string line, std::size_t columns);

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
