#include "taxi_etl/md5.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <string>

using namespace taxi_etl;

namespace {

std::string hex_of(md5_hasher &md5, std::string_view input)
{
    std::array<char, md5_hasher::hex_size> hex{};
    REQUIRE(md5.hex_digest(input, hex.data()));
    return {hex.data(), hex.size()};
}

} // namespace

// The digests of RFC 1321's test suite, as PostgreSQL's md5() prints them.
TEST_CASE("digests are 32 lower-case hex digits")
{
    md5_hasher md5;
    CHECK(hex_of(md5, "") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(hex_of(md5, "a") == "0cc175b9c0f1b6a831c399e269772661");
    CHECK(hex_of(md5, "abc") == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(hex_of(md5, "message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
}

TEST_CASE("one hasher serves one digest after another")
{
    md5_hasher md5;
    auto const first = hex_of(md5, "abc");
    CHECK(hex_of(md5, "message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK(hex_of(md5, "abc") == first);
}
