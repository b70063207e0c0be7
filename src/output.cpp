#include "taxi_etl/output.hpp"

#include "taxi_etl/error.hpp"

#include <fmt/format.h>

#include <signal.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace taxi_etl::output {

namespace {

// errno of the first write to stdout that failed; 0 if none (or unknown).
std::atomic<int> g_error{0};

void remember(int error)
{
    int none = 0;
    g_error.compare_exchange_strong(none, error);
}

} // namespace

void ignore_closed_pipes()
{
    ::signal(SIGPIPE, SIG_IGN);
}

void write_stdout(std::string_view text)
{
    errno = 0;
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
        std::fflush(stdout) != 0) {
        remember(errno);
    }
}

int checked(int code)
{
    std::cout.flush(); // nothing should write there, but stdio is under it
    errno = 0;
    if (std::fflush(stdout) != 0) {
        remember(errno);
    }
    if (!std::ferror(stdout) && std::cout.good() && g_error == 0) {
        return code;
    }
    int const error = g_error;
    if (error == EPIPE) {
        return code;
    }
    fmt::print(stderr, "taxi-etl: error: cannot write the output{}{}\n",
               error != 0 ? ": " : "", error != 0 ? std::strerror(error) : "");
    return code == 0 ? static_cast<int>(exit_code::output) : code;
}

} // namespace taxi_etl::output
