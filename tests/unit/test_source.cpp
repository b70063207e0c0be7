#include "taxi_etl/error.hpp"
#include "taxi_etl/redact.hpp"
#include "taxi_etl/source_reader.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace taxi_etl;
using namespace std::chrono_literals;

TEST_CASE("the default URL is the course's GitHub release asset")
{
    CHECK(expand_url_template(default_source_url, "green", 2019, 1) ==
          "https://github.com/DataTalksClub/nyc-tlc-data/releases/download/green/"
          "green_tripdata_2019-01.csv.gz");
}

TEST_CASE("placeholders are replaced everywhere, months zero-padded")
{
    CHECK(expand_url_template("http://127.0.0.1:8080/{taxi}/{year}/{month}/{taxi}.gz",
                              "yellow", 2020,
                              12) == "http://127.0.0.1:8080/yellow/2020/12/yellow.gz");
    CHECK(expand_url_template("file:///data/{taxi}_{year}-{month}.csv.gz", "green", 2021,
                              7) == "file:///data/green_2021-07.csv.gz");
    CHECK(expand_url_template("http://x/plain", "green", 2021, 7) == "http://x/plain");
}

TEST_CASE("unknown or unclosed placeholders are usage errors")
{
    CHECK_THROWS_AS(expand_url_template("http://x/{day}", "green", 2019, 1), etl_error);
    CHECK_THROWS_WITH(expand_url_template("http://x/{day}", "green", 2019, 1),
                      Catch::Contains("{day}"));
    CHECK_THROWS_WITH(expand_url_template("http://x/{year", "green", 2019, 1),
                      Catch::Contains("unclosed"));
}

TEST_CASE("file names are the course's")
{
    CHECK(month_file_name("green", 2019, 1) == "green_tripdata_2019-01.csv");
    CHECK(local_file_name("/tmp/x/yellow_tripdata_2020-03.csv.gz") ==
          "yellow_tripdata_2020-03.csv");
    CHECK(local_file_name("plain.csv") == "plain.csv");
}

TEST_CASE("a month's source is its URL and its file name")
{
    auto const source =
        month_source("http://u:p@127.0.0.1:8080/{taxi}/{year}-{month}.csv.gz", "yellow",
                     year_month{2020, 3});
    CHECK(source.is_url);
    CHECK(source.location == "http://u:p@127.0.0.1:8080/yellow/2020-03.csv.gz");
    CHECK(source.file_name == "yellow_tripdata_2020-03.csv");
    CHECK(source.shown == "http://127.0.0.1:8080/yellow/2020-03.csv.gz");
    CHECK_THROWS_WITH(month_source("http://x/{day}", "green", year_month{2019, 1}),
                      Catch::Contains("unknown placeholder"));
}

TEST_CASE("URLs are shown without credentials or query strings")
{
    CHECK(redact_url("https://user:secret@example.org/a/b.csv.gz?token=xyz") ==
          "https://example.org/a/b.csv.gz");
    CHECK(redact_url("http://127.0.0.1:9/x.gz") == "http://127.0.0.1:9/x.gz");
    CHECK(redact_url("http://host/path@v2/x.gz") == "http://host/path@v2/x.gz");
    CHECK(redact_url("file:///tmp/x.gz") == "file:///tmp/x.gz");
    auto const source = url_source("https://u:p@h/x.csv.gz#frag", "x.csv");
    CHECK(source.shown == "https://h/x.csv.gz");
    CHECK(source.location == "https://u:p@h/x.csv.gz#frag");
}

TEST_CASE("only http, https and file URLs that libcurl can parse are taken")
{
    for (auto const *good : {"http://127.0.0.1:8080/x.gz", "https://h/x?y=1",
                             "file:///tmp/x.gz", "HTTPS://h/x"}) {
        CHECK_NOTHROW(check_url(good, "--source-url"));
    }
    CHECK_THROWS_WITH(check_url("", "--source-url"), "--source-url must not be empty");
    CHECK_THROWS_WITH(
        check_url("ftp://u:Secret@h/x", "--source-url"),
        "--source-url must be an http://, https:// or file:// URL, not ftp://h/x");
    CHECK_THROWS_WITH(check_url("/tmp/x.csv.gz", "--zones-url"),
                      "--zones-url must be an http://, https:// or file:// URL");
    CHECK_THROWS_WITH(check_url("http://h/a b.gz", "--source-url"),
                      Catch::StartsWith("--source-url is not a URL libcurl can read (") &&
                          Catch::EndsWith("): http://..."));
    CHECK_THROWS_WITH(check_url("http://etl:Secret/x@h/y", "--source-url"),
                      !Catch::Contains("Secret"));
}

TEST_CASE("a bad template is not echoed: it may hold a password")
{
    CHECK_THROWS_WITH(expand_url_template("http://u:Secret@h/{Secret}", "green", 2019, 1),
                      !Catch::Contains("Secret"));
    CHECK_THROWS_WITH(expand_url_template("http://u:Secret@h/{taxi", "green", 2019, 1),
                      !Catch::Contains("Secret"));
}

namespace {

// A file of `size` bytes in the temporary directory, removed at the end.
struct temp_file
{
    std::filesystem::path path;

    explicit temp_file(std::size_t size)
    : path(std::filesystem::temp_directory_path() /
           fmt::format("taxi-etl-test-source-{}.csv", ::getpid()))
    {
        std::ofstream{path, std::ios::binary} << std::string(size, 'x');
    }
    ~temp_file() { std::filesystem::remove(path); }
    temp_file(temp_file const &) = delete;
    temp_file &operator=(temp_file const &) = delete;

    [[nodiscard]] std::string url() const { return "file://" + path.string(); }
};

// Reads the source with `options`; returns the bytes the sink got, or the
// error's code and message.
struct read_outcome
{
    std::uint64_t bytes = 0;
    exit_code code = exit_code::success;
    bool transient = false;
    std::string message;
};

read_outcome read_all(
    source_spec const &source, transfer_options const &options,
    chunk_sink const &sink = [](std::string_view) { return true; })
{
    read_outcome outcome;
    std::atomic<std::uint64_t> bytes{0};
    try {
        read_source(source, options, sink, bytes);
    } catch (etl_error const &e) {
        outcome.code = e.code();
        outcome.transient = e.is_transient();
        outcome.message = e.what();
    }
    outcome.bytes = bytes;
    return outcome;
}

} // namespace

TEST_CASE("time blocked in the sink is not a stall of the source")
{
    temp_file const file{1U << 20U};
    transfer_options options;
    options.stall_timeout_seconds = 1;
    bool first = true;
    auto const outcome =
        read_all(url_source(file.url(), "x.csv"), options, [&](std::string_view) {
            if (first) { // COPY waiting on a lock, say
                std::this_thread::sleep_for(1500ms);
                first = false;
            }
            return true;
        });
    CHECK(outcome.message.empty());
    CHECK(outcome.bytes == 1U << 20U);
}

TEST_CASE("an attempt past max_time is a transient network failure naming the option")
{
    temp_file const file{1U << 20U};
    transfer_options options;
    options.max_time_seconds = 2;
    options.attempt_started = std::chrono::steady_clock::now() - 5s;
    auto const outcome = read_all(url_source(file.url(), "x.csv"), options);
    CHECK(outcome.code == exit_code::network);
    CHECK(outcome.transient);
    CHECK_THAT(outcome.message, Catch::Contains("not done within --max-time 2 s"));
    CHECK_THAT(outcome.message, Catch::Contains(file.url()));
}

TEST_CASE("a source larger than max_bytes is bad data, as downloaded or as read")
{
    temp_file const file{100000};
    transfer_options options;
    options.max_bytes = 100000;
    CHECK(read_all(url_source(file.url(), "x.csv"), options).bytes == 100000);
    CHECK(read_all(file_source(file.path.string()), options).bytes == 100000);

    options.max_bytes = 99999;
    auto const url = read_all(url_source(file.url(), "x.csv"), options);
    CHECK(url.code == exit_code::bad_data);
    CHECK_FALSE(url.transient);
    CHECK_THAT(url.message,
               Catch::Contains(fmt::format(
                   "{} is larger than --max-bytes 99999 bytes as downloaded", file.url())));
    auto const local = read_all(file_source(file.path.string()), options);
    CHECK(local.code == exit_code::bad_data);
    CHECK_THAT(local.message,
               Catch::Contains("larger than --max-bytes 99999 bytes as read"));
}

TEST_CASE("a read knows the size of a local file, by path and by file:// URL")
{
    temp_file const file{300'000};
    for (auto const &source :
         {file_source(file.path.string()), url_source(file.url(), "x")}) {
        std::atomic<std::uint64_t> bytes{0};
        std::atomic<std::uint64_t> size{0};
        std::uint64_t size_at_first_chunk = 0;
        read_source(
            source, transfer_options{},
            [&](std::string_view) {
                if (size_at_first_chunk == 0) {
                    size_at_first_chunk = size;
                }
                return true;
            },
            bytes, nullptr, &size);
        CHECK(size_at_first_chunk == 300'000); // known before the bytes
        CHECK(bytes == 300'000);
    }
}

TEST_CASE("only a download is said to be downloaded")
{
    CHECK(is_download(url_source("https://example.org/x.csv.gz", "x.csv")));
    CHECK(is_download(url_source("http://127.0.0.1:8000/x.csv.gz", "x.csv")));
    CHECK_FALSE(is_download(url_source("file:///data/x.csv.gz", "x.csv")));
    CHECK_FALSE(is_download(file_source("/data/x.csv.gz")));
}
