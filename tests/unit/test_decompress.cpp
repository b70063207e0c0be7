#include "taxi_etl/decompress.hpp"
#include "taxi_etl/error.hpp"

#include <catch2/catch.hpp>

#include <zlib.h>

using namespace taxi_etl;

namespace {

std::string gzip(std::string const &text)
{
    z_stream zs{};
    REQUIRE(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&zs, text.size()) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(text.data()));
    zs.avail_in = static_cast<uInt>(text.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

// Feeds `input` in pieces of `step` bytes and returns what came out.
std::string run(std::string const &name, std::string const &input, std::size_t step)
{
    std::string output;
    decompressor d{name, [&](std::string_view text) {
                       output.append(text);
                       return true;
                   }};
    for (std::size_t i = 0; i < input.size(); i += step) {
        d.feed(std::string_view{input}.substr(i, step));
    }
    d.finish();
    return output;
}

std::string sample_text()
{
    std::string text = "VendorID,lpep_pickup_datetime\n";
    for (int i = 0; i < 50000; ++i) {
        text += "2,2019-01-01 00:46:40," + std::to_string(i) + "\n";
    }
    return text;
}

} // namespace

TEST_CASE("gzip is inflated whatever the chunk sizes")
{
    auto const text = sample_text();
    auto const compressed = gzip(text);
    for (std::size_t step : {1UL, 2UL, 7UL, 4096UL, compressed.size()}) {
        CHECK(run("x.csv.gz", compressed, step) == text);
    }
}

TEST_CASE("several gzip members are one stream, as with gunzip")
{
    auto const both = gzip("a,b\n") + gzip("1,2\n");
    CHECK(run("x.csv.gz", both, 3) == "a,b\n1,2\n");
}

TEST_CASE("a member boundary may fall anywhere inside a feed, or between two")
{
    auto const first = sample_text();
    auto const second = std::string{"a,b\n1,2\n"};
    auto const third = sample_text().substr(0, 1000);
    auto const all = gzip(first) + gzip(second) + gzip(third);
    for (std::size_t step = 1; step <= 24; ++step) {
        CHECK(run("x.csv.gz", all, step) == first + second + third);
    }
    // Each member fed whole, then the three as one piece.
    for (std::size_t step : {gzip(first).size(), all.size()}) {
        CHECK(run("x.csv.gz", all, step) == first + second + third);
    }
}

TEST_CASE("a wrong CRC32 or length in a member's trailer is corrupt, in any member")
{
    auto const second = gzip("a,b\n1,2\n");
    for (std::size_t from_end : {8UL, 5UL, 4UL, 1UL}) { // CRC32's bytes, then ISIZE's
        auto bad = second;
        bad[bad.size() - from_end] = static_cast<char>(bad[bad.size() - from_end] ^ 0x01);
        for (auto const &input : {bad, gzip("x\n") + bad}) {
            for (std::size_t step : {1UL, 3UL, input.size()}) {
                try {
                    run("x.csv.gz", input, step);
                    FAIL("no exception");
                } catch (etl_error const &e) {
                    CHECK(e.code() == exit_code::bad_data);
                    CHECK_THAT(e.what(), Catch::Contains("is corrupt: gzip incorrect") &&
                                             Catch::Contains("check after"));
                }
            }
        }
    }
}

TEST_CASE("bytes after the last member that are not a gzip member are corrupt")
{
    auto const input = gzip("a,b\n1,2\n") + "this is not gzip at all";
    for (std::size_t step : {1UL, 5UL, input.size()}) {
        CHECK_THROWS_WITH(run("x.csv.gz", input, step),
                          Catch::Contains("is corrupt: gzip incorrect header check"));
    }
}

TEST_CASE("plain text passes through unless the name says gzip")
{
    CHECK(run("x.csv", "a,b\n1,2\n", 1) == "a,b\n1,2\n");
    CHECK(run("x.csv", "a", 1) == "a");
    CHECK_THROWS_WITH(run("x.csv.gz", "a,b\n1,2\n", 4), Catch::Contains("not gzip"));
}

TEST_CASE("a truncated gzip stream is bad data")
{
    auto const compressed = gzip(sample_text());
    auto const cut = compressed.substr(0, compressed.size() / 2);
    try {
        run("x.csv.gz", cut, 1000);
        FAIL("no exception");
    } catch (etl_error const &e) {
        CHECK(e.code() == exit_code::bad_data);
        CHECK_THAT(e.what(), Catch::Contains("truncated"));
    }
    // Without its 8-byte trailer (CRC and size) the stream is incomplete too.
    CHECK_THROWS_WITH(run("x.csv.gz", compressed.substr(0, compressed.size() - 8), 100),
                      Catch::Contains("truncated"));
}

TEST_CASE("flipped bytes inside the deflate stream are reported as corrupt")
{
    auto compressed = gzip(sample_text());
    for (std::size_t i = compressed.size() / 3; i < compressed.size() / 3 + 16; ++i) {
        compressed[i] = static_cast<char>(~compressed[i]);
    }
    try {
        run("x.csv.gz", compressed, 1000);
        FAIL("no exception");
    } catch (etl_error const &e) {
        CHECK(e.code() == exit_code::bad_data);
        CHECK_THAT(e.what(), Catch::Contains("corrupt"));
    }
}

TEST_CASE("an empty .gz source is bad data")
{
    CHECK_THROWS_WITH(run("x.csv.gz", "", 1), Catch::Contains("empty"));
}

TEST_CASE("the sink can stop the stream")
{
    decompressor d{"x.csv", [](std::string_view) { return false; }};
    CHECK_FALSE(d.feed("abc"));
}

TEST_CASE("more text than max_output is bad data, gzip or plain, however small the input")
{
    // A gzip bomb: some 100 KB of repeated rows from far fewer bytes.
    auto const text = sample_text();
    auto const compressed = gzip(text);
    REQUIRE(compressed.size() < text.size() / 4);
    auto const limited = [](std::string const &name, std::string const &input,
                            std::uint64_t max_output) {
        std::uint64_t seen = 0;
        decompressor d{name,
                       [&](std::string_view chunk) {
                           seen += chunk.size();
                           return true;
                       },
                       max_output};
        d.feed(input);
        d.finish();
        return seen;
    };
    CHECK(limited("x.csv.gz", compressed, text.size()) == text.size());
    try {
        limited("x.csv.gz", compressed, text.size() - 1);
        FAIL("no exception");
    } catch (etl_error const &e) {
        CHECK(e.code() == exit_code::bad_data);
        CHECK_THAT(e.what(),
                   Catch::Contains(fmt::format(
                       "x.csv.gz is larger than --max-bytes {} bytes once decompressed",
                       text.size() - 1)));
    }
    CHECK(limited("x.csv", "a,b\n1,2\n", 8) == 8);
    CHECK_THROWS_WITH(limited("x.csv", "a,b\n1,2\n", 7),
                      Catch::Contains("larger than --max-bytes 7 bytes"));
    CHECK_THROWS_WITH(limited("x.csv.gz", gzip(std::string(3U << 20U, 'a')), 2U << 20U),
                      Catch::Contains("larger than --max-bytes 2 MB"));
}
