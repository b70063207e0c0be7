#include "taxi_etl/metrics.hpp"

#include "taxi_etl/printable.hpp"
#include "taxi_etl/report.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace taxi_etl {

namespace {

constexpr std::string_view last_success_name = "taxi_etl_last_success_timestamp_seconds";

// An earlier file larger than this is not ours: only its start is read.
constexpr std::size_t max_earlier_file_bytes = 1 << 20;

using label_set = std::map<std::string, std::string, std::less<>>;

label_set labels_of(run_metrics const &metrics)
{
    label_set labels{{"command", metrics.command}};
    if (!metrics.taxi.empty()) {
        labels.emplace("taxi", metrics.taxi);
    }
    return labels;
}

std::string render_labels(label_set const &labels)
{
    std::string out = "{";
    for (auto const &[name, value] : labels) {
        out += fmt::format("{}{}=\"{}\"", out.size() > 1 ? "," : "", name,
                           escape_label_value(value));
    }
    return out + "}";
}

void add_gauge(std::string &out, std::string_view name, std::string_view help,
               std::vector<std::pair<label_set, std::string>> const &samples)
{
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
    for (auto const &[labels, value] : samples) {
        out += fmt::format("{}{} {}\n", name, render_labels(labels), value);
    }
}

std::string seconds_text(double seconds)
{
    return fmt::format("{:.3f}", seconds);
}

// A label set as the text format writes it: {name="value",...}; nullopt
// when it does not read as one. `text` starts after the '{'.
std::optional<label_set> parse_labels(std::string_view &text)
{
    label_set labels;
    for (;;) {
        if (text.starts_with('}')) {
            text.remove_prefix(1);
            return labels;
        }
        auto const equals = text.find("=\"");
        if (equals == std::string_view::npos || equals == 0) {
            return std::nullopt;
        }
        std::string name{text.substr(0, equals)};
        text.remove_prefix(equals + 2);
        std::string value;
        while (!text.empty() && text.front() != '"') {
            char c = text.front();
            text.remove_prefix(1);
            if (c == '\\') {
                if (text.empty()) {
                    return std::nullopt;
                }
                c = text.front() == 'n' ? '\n' : text.front();
                text.remove_prefix(1);
            }
            value += c;
        }
        if (text.empty()) {
            return std::nullopt;
        }
        text.remove_prefix(1); // the closing quote
        labels.emplace(std::move(name), std::move(value));
        if (text.starts_with(',')) {
            text.remove_prefix(1);
        }
    }
}

// The value of one sample line of the last success metric for `wanted`.
std::optional<double> last_success_in_line(std::string_view line, label_set const &wanted)
{
    if (!line.starts_with(last_success_name)) {
        return std::nullopt;
    }
    line.remove_prefix(last_success_name.size());
    label_set labels;
    if (line.starts_with('{')) {
        line.remove_prefix(1);
        auto parsed = parse_labels(line);
        if (!parsed) {
            return std::nullopt;
        }
        labels = std::move(*parsed);
    }
    if (labels != wanted || !line.starts_with(' ')) {
        return std::nullopt;
    }
    // The value, then an optional timestamp.
    std::string const value{line.substr(1, line.find(' ', 1) - 1)};
    char *end = nullptr;
    errno = 0;
    double const seconds = std::strtod(value.c_str(), &end);
    bool const whole = !value.empty() && end == value.c_str() + value.size();
    if (!whole || errno != 0 || !std::isfinite(seconds) || seconds <= 0.0) {
        return std::nullopt;
    }
    return seconds;
}

// The start of the earlier file; empty when there is none or it is not a
// regular file (a FIFO at PATH must not block the run's end).
std::string read_start_of(std::string const &path)
{
    int const fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return {};
    }
    std::string text;
    struct stat info
    {
    };
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
        text.resize(max_earlier_file_bytes);
        std::size_t size = 0;
        while (size < text.size()) {
            auto const got = ::read(fd, text.data() + size, text.size() - size);
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got <= 0) {
                break;
            }
            size += static_cast<std::size_t>(got);
        }
        text.resize(size);
    }
    ::close(fd);
    return text;
}

[[noreturn]] void fail_io(std::string_view what, std::string const &path, int error)
{
    throw std::runtime_error(fmt::format("cannot {} {}: {}", what, quoted_value(path, 200),
                                         std::strerror(error)));
}

void write_all(int fd, std::string_view contents, std::string const &temp)
{
    while (!contents.empty()) {
        auto const written = ::write(fd, contents.data(), contents.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written < 0) {
            fail_io("write", temp, errno);
        }
        contents.remove_prefix(static_cast<std::size_t>(written));
    }
}

// So that the rename itself survives a crash; best effort.
void sync_directory_of(std::string const &path)
{
    auto const slash = path.rfind('/');
    std::string const directory =
        slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    int const fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// "not published" -> "not_published": a month status as a label value.
std::string month_label(month_status status)
{
    std::string name{month_status_name(status)};
    std::ranges::replace(name, ' ', '_');
    return name;
}

// Every month status at 0, so that the series exist also for a run that
// failed before it counted a month (an alert on them must not go absent).
void add_month_statuses(run_metrics &metrics)
{
    for (auto const status :
         {month_status::loaded, month_status::already_loaded, month_status::skipped,
          month_status::not_published, month_status::failed, month_status::not_attempted}) {
        metrics.months.try_emplace(month_label(status), 0);
    }
}

} // namespace

void start_run_metrics(run_metrics &metrics, std::string_view command,
                       std::string_view taxi)
{
    metrics.command = command;
    metrics.taxi = taxi;
    metrics.counts_rows = command != "transform";
    if (command == "backfill" || command == "sync") {
        add_month_statuses(metrics);
    }
    metrics.started = std::chrono::steady_clock::now();
    metrics.start_seconds =
        std::chrono::duration<double>{std::chrono::system_clock::now().time_since_epoch()}
            .count();
}

void end_run_metrics(run_metrics &metrics, int exit_code)
{
    metrics.exit_code = exit_code;
    metrics.duration_seconds =
        std::chrono::duration<double>{std::chrono::steady_clock::now() - metrics.started}
            .count();
    metrics.end_seconds = metrics.start_seconds + metrics.duration_seconds;
    if (exit_code == 0) {
        metrics.last_success_seconds = metrics.end_seconds;
    }
}

void add_load_result(run_metrics &metrics, load_result const &result)
{
    metrics.rows_read += result.rows_read;
    metrics.rows_inserted += result.rows_inserted;
    metrics.bytes_downloaded += result.bytes_downloaded;
}

void add_month_outcomes(run_metrics &metrics, std::vector<month_outcome> const &outcomes)
{
    add_month_statuses(metrics);
    for (auto const &outcome : outcomes) {
        ++metrics.months[month_label(outcome.status)];
        if (outcome.status == month_status::loaded ||
            outcome.status == month_status::already_loaded) {
            add_load_result(metrics, outcome.result);
        }
    }
}

std::string escape_label_value(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (char const c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string render_metrics(run_metrics const &metrics)
{
    auto const labels = labels_of(metrics);
    auto const one = [&](std::string value) {
        return std::vector<std::pair<label_set, std::string>>{{labels, std::move(value)}};
    };
    std::string out;
    add_gauge(out, "taxi_etl_last_run_start_timestamp_seconds",
              "When the last run started (unix time).",
              one(seconds_text(metrics.start_seconds)));
    add_gauge(out, "taxi_etl_last_run_end_timestamp_seconds",
              "When the last run ended (unix time).",
              one(seconds_text(metrics.end_seconds)));
    add_gauge(out, "taxi_etl_last_run_duration_seconds", "How long the last run took.",
              one(seconds_text(metrics.duration_seconds)));
    add_gauge(out, "taxi_etl_last_run_exit_code",
              "The exit code of the last run (0: success; see taxi-etl --help).",
              one(fmt::format("{}", metrics.exit_code)));
    if (metrics.counts_rows) {
        add_gauge(out, "taxi_etl_last_run_rows_read",
                  "Rows the last run read from the files it loaded.",
                  one(fmt::format("{}", metrics.rows_read)));
        add_gauge(out, "taxi_etl_last_run_rows_inserted",
                  "Rows the last run inserted into the table.",
                  one(fmt::format("{}", metrics.rows_inserted)));
        add_gauge(out, "taxi_etl_last_run_downloaded_bytes",
                  "Bytes the last run read from its sources (compressed; a file read twice "
                  "counts twice).",
                  one(fmt::format("{}", metrics.bytes_downloaded)));
    }
    if (!metrics.months.empty()) {
        std::vector<std::pair<label_set, std::string>> samples;
        for (auto const &[status, count] : metrics.months) {
            auto with_status = labels;
            with_status.emplace("status", status);
            samples.emplace_back(std::move(with_status), fmt::format("{}", count));
        }
        add_gauge(out, "taxi_etl_last_run_months", "Months of the last run, by outcome.",
                  samples);
    }
    add_gauge(out, last_success_name,
              "When a run last succeeded (unix time; 0: none known).",
              one(seconds_text(metrics.last_success_seconds)));
    return out;
}

double parse_last_success(std::string_view text, run_metrics const &metrics)
{
    auto const wanted = labels_of(metrics);
    double latest = 0.0;
    while (!text.empty()) {
        auto const end = text.find('\n');
        auto const line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (auto const seconds = last_success_in_line(line, wanted)) {
            latest = std::max(latest, *seconds);
        }
    }
    return latest;
}

void replace_file(std::string const &path, std::string_view contents)
{
    // Beside the file, so that rename() replaces it in one step; its name
    // does not end in .prom, so the textfile collector never reads it.
    std::string temp = path + ".XXXXXX";
    int const fd = ::mkstemp(temp.data());
    if (fd < 0) {
        fail_io("create a temporary file beside", path, errno);
    }
    try {
        write_all(fd, contents, temp);
        if (::fsync(fd) != 0) {
            fail_io("fsync", temp, errno);
        }
        // mkstemp makes it 0600: the collector may run as another user.
        if (::fchmod(fd, 0644) != 0) {
            fail_io("chmod", temp, errno);
        }
    } catch (...) {
        ::close(fd);
        ::unlink(temp.c_str());
        throw;
    }
    if (::close(fd) != 0) {
        int const error = errno;
        ::unlink(temp.c_str());
        fail_io("close", temp, error);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        int const error = errno;
        ::unlink(temp.c_str());
        fail_io("rename a temporary file to", path, error);
    }
    sync_directory_of(path);
}

bool write_run_metrics(std::string const &path, run_metrics metrics)
{
    try {
        if (metrics.exit_code != 0) {
            metrics.last_success_seconds = parse_last_success(read_start_of(path), metrics);
        }
        replace_file(path, render_metrics(metrics));
        return true;
    } catch (std::exception const &e) {
        log_info("warning: the metrics file is not written: {}",
                 one_line_message(e.what()));
        return false;
    }
}

} // namespace taxi_etl
