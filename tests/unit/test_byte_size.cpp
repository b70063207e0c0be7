#include "taxi_etl/byte_size.hpp"
#include "taxi_etl/error.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

namespace {

exit_code code_of(std::string_view text)
{
    try {
        parse_byte_size(text, "--max-bytes");
    } catch (etl_error const &e) {
        return e.code();
    }
    return exit_code::success;
}

} // namespace

TEST_CASE("sizes are bytes or KB, MB, GB, TB of 1024 each, in any case")
{
    CHECK(parse_byte_size("300000", "--max-bytes") == 300000);
    CHECK(parse_byte_size("300000B", "--max-bytes") == 300000);
    CHECK(parse_byte_size("5MB", "--max-bytes") == 5U * 1024U * 1024U);
    CHECK(parse_byte_size("5 MB", "--max-bytes") == 5U * 1024U * 1024U);
    CHECK(parse_byte_size("5m", "--max-bytes") == 5U * 1024U * 1024U);
    CHECK(parse_byte_size("5MiB", "--max-bytes") == 5U * 1024U * 1024U);
    CHECK(parse_byte_size("64kb", "--max-bytes") == 64U * 1024U);
    CHECK(parse_byte_size("4GB", "--max-bytes") == 4ULL << 30U);
    CHECK(parse_byte_size("2T", "--max-bytes") == 2ULL << 40U);
}

TEST_CASE("anything else, zero and overflow are usage errors naming the option")
{
    for (auto bad : {"", "0", "0MB", "MB", "1.5GB", "-5", " 5", "5 PB", "5 M B", "5XB",
                     "18446744073709551616", "16777216TB"}) {
        INFO(bad);
        CHECK(code_of(bad) == exit_code::usage);
    }
    CHECK_THROWS_WITH(parse_byte_size("lots", "--max-bytes"),
                      "--max-bytes must be a size such as 4GB, 500MB or 300000 (bytes), "
                      "not 'lots'");
    CHECK_THROWS_WITH(parse_byte_size("5\nMB", "--max-bytes"), Catch::Contains("'5\\nMB'"));
    CHECK(parse_byte_size("16777215TB", "--max-bytes") == 16777215ULL << 40U);
}

TEST_CASE("sizes are shown in the largest unit that divides them")
{
    CHECK(format_byte_size(4ULL << 30U) == "4 GB");
    CHECK(format_byte_size(5U * 1024U * 1024U) == "5 MB");
    CHECK(format_byte_size(1536U * 1024U) == "1536 KB");
    CHECK(format_byte_size(300000) == "300000 bytes");
    CHECK(format_byte_size(1024) == "1 KB");
    CHECK(format_byte_size(1) == "1 byte");
}
