#include "taxi_etl/local_source.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/interrupt.hpp"
#include "taxi_etl/printable.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

namespace taxi_etl {

namespace {

constexpr std::size_t local_read_size = 1U << 20U;
constexpr int wait_slice_ms = 200;

bool is_stdin(std::string_view path)
{
    return path == stdin_location || path == "/dev/stdin";
}

// A name as the tool would derive it: a base name, printable, ".gz" dropped.
std::string checked_file_name(std::string const &name)
{
    auto const recorded = local_file_name(name);
    bool const printable = std::ranges::all_of(recorded, [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
    });
    if (recorded.empty() || recorded == "." || recorded == ".." ||
        name.find('/') != std::string::npos || !printable) {
        fail(exit_code::usage,
             "--file-name must be a file's name such as green_tripdata_2019-01.csv, not {}",
             quoted_value(name));
    }
    return recorded;
}

// Whether the path names something that cannot be read twice (a pipe, a
// FIFO, a device): a missing file is left to the read to report.
bool readable_once(std::string const &path)
{
    struct stat info
    {
    };
    return ::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode);
}

bool is_fd_number(std::string_view text)
{
    return !text.empty() &&
           std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

// Whether the path's base name is not a file's name: a pipe or a device
// (`<(zcat ...)` is /dev/fd/63), or a file descriptor's path, which names
// a number, whatever it is open on. A directory is left to the read.
bool names_no_file(std::string const &path)
{
    struct stat info
    {
    };
    if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) &&
        !S_ISDIR(info.st_mode)) {
        return true;
    }
    std::string_view const view{path};
    auto const slash = view.rfind('/');
    if (slash == std::string_view::npos || !is_fd_number(view.substr(slash + 1))) {
        return false;
    }
    auto const directory = view.substr(0, slash);
    return directory == "/dev/fd" ||
           (directory.starts_with("/proc/") && directory.ends_with("/fd"));
}

// An open file descriptor, closed with it unless it is standard input.
struct input_fd
{
    int fd;
    ~input_fd()
    {
        if (fd > STDIN_FILENO) {
            ::close(fd);
        }
    }
};

// Waits until `fd` has bytes (or its end), in slices: a signal or a stall
// ends the wait.
void wait_readable(int fd, source_spec const &source, transfer_options const &options,
                   std::chrono::steady_clock::time_point last_byte)
{
    pollfd wanted{fd, POLLIN, 0};
    while (::poll(&wanted, 1, wait_slice_ms) == 0) {
        interrupt::throw_if_received();
        auto const waited = std::chrono::steady_clock::now() - last_byte;
        if (waited >= std::chrono::seconds{options.stall_timeout_seconds}) {
            fail(exit_code::network,
                 "reading {} failed: no byte for {} s (--stall-timeout)", source.shown,
                 options.stall_timeout_seconds);
        }
    }
}

// The size of an open regular file; 0 for a pipe or a device.
std::uint64_t regular_file_size(int fd)
{
    struct stat status
    {
    };
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
        return 0;
    }
    return static_cast<std::uint64_t>(status.st_size);
}

} // namespace

source_spec local_source(std::string const &path,
                         std::optional<std::string> const &file_name)
{
    if (is_stdin(path)) {
        if (!file_name) {
            fail(exit_code::usage,
                 "--file {} reads standard input: give its name with "
                 "--file-name, e.g. green_tripdata_2019-01.csv",
                 path);
        }
        if (::isatty(STDIN_FILENO) == 1) {
            fail(exit_code::usage,
                 "--file {}: standard input is a terminal; pipe the file "
                 "in (zcat FILE.csv.gz | taxi-etl load ... --file -)",
                 path);
        }
        auto source = file_source(std::string{stdin_location});
        source.file_name = checked_file_name(*file_name);
        source.shown = "standard input";
        source.read_once = true;
        return source;
    }
    if (!file_name && names_no_file(path)) {
        fail(exit_code::usage,
             "--file {} is a pipe or a file descriptor, not a file's name: give its "
             "name with --file-name, e.g. green_tripdata_2019-01.csv",
             printable(path));
    }
    auto source = file_source(path);
    if (file_name) {
        source.file_name = checked_file_name(*file_name);
    }
    source.read_once = readable_once(path);
    return source;
}

bool read_local(source_spec const &source, transfer_options const &options,
                chunk_sink const &sink, std::atomic<std::uint64_t> &bytes_read,
                source_validators *seen, std::atomic<std::uint64_t> *size)
{
    bool const from_stdin = source.location == stdin_location;
    input_fd const input{
        from_stdin ? STDIN_FILENO : ::open(source.location.c_str(), O_RDONLY | O_CLOEXEC)};
    if (input.fd < 0) {
        auto const code = (errno == ENOENT) ? exit_code::not_found : exit_code::bad_data;
        fail(code, "cannot open {}: {}", source.location, std::strerror(errno));
    }
    if (seen != nullptr && !source.read_once) {
        *seen = file_validators(source.location, source.shown);
    }
    if (size != nullptr) {
        *size = regular_file_size(input.fd);
    }
    std::vector<char> buffer(local_read_size);
    std::uint64_t total = 0;
    auto last_byte = std::chrono::steady_clock::now();
    while (true) {
        interrupt::throw_if_received();
        wait_readable(input.fd, source, options, last_byte);
        auto const n = ::read(input.fd, buffer.data(), buffer.size());
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n < 0) {
            fail(exit_code::bad_data, "cannot read {}: {}", source.shown,
                 std::strerror(errno));
        }
        if (n == 0) {
            return true;
        }
        auto const size = static_cast<std::size_t>(n);
        bytes_read += size;
        total += size;
        // A named pipe or a device can be endless.
        if (total > options.max_bytes) {
            fail_too_large(source, options.max_bytes, "as read");
        }
        if (!sink({buffer.data(), size})) {
            return false;
        }
        last_byte = std::chrono::steady_clock::now();
    }
}

} // namespace taxi_etl
