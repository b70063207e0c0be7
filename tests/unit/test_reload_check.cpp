#include "taxi_etl/reload_check.hpp"
#include "taxi_etl/source_version.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace taxi_etl;

TEST_CASE("id_digest: the halves read as signed 64-bit numbers, as bit(64)::bigint")
{
    id_digest digest;
    digest.add("ffffffffffffffff0000000000000001");
    CHECK(digest.count == 1);
    CHECK(to_decimal(digest.high) == "-1");
    CHECK(to_decimal(digest.low) == "1");
    digest.add("7fffffffffffffff8000000000000000");
    CHECK(to_decimal(digest.high) == "9223372036854775806");
    CHECK(to_decimal(digest.low) == "-9223372036854775807");
}

TEST_CASE("id_digest: order does not matter, repeats do")
{
    id_digest one;
    id_digest other;
    one.add("0123456789abcdef0123456789abcdef");
    one.add("fedcba9876543210fedcba9876543210");
    other.add("fedcba9876543210fedcba9876543210");
    other.add("0123456789abcdef0123456789abcdef");
    CHECK(one == other);
    other.add("0123456789abcdef0123456789abcdef");
    CHECK_FALSE(one == other);
}

TEST_CASE("id_digest: sums past 64 bits stay exact")
{
    id_digest digest;
    for (int i = 0; i < 4; ++i) {
        digest.add("7fffffffffffffff7fffffffffffffff");
    }
    CHECK(to_decimal(digest.high) == "36893488147419103228"); // 4 * (2^63 - 1)
    CHECK(parse_decimal("36893488147419103228") == digest.high);
    CHECK(parse_decimal("-9223372036854775808") ==
          std::numeric_limits<std::int64_t>::min());
    CHECK(to_decimal(0) == "0");
}

TEST_CASE("same_version: the ETag first, then Last-Modified, then mtime; lengths agree")
{
    source_validators recorded{"\"abc\"", "Tue, 01 Jan 2019 00:00:00 GMT", 100, {}};
    auto now = recorded;
    CHECK(same_version(recorded, now));
    now.last_modified = "Wed, 02 Jan 2019 00:00:00 GMT";
    CHECK(same_version(recorded, now)); // the ETag decides
    now.etag = "\"abd\"";
    CHECK_FALSE(same_version(recorded, now));
    now = recorded;
    now.length = 101;
    CHECK_FALSE(same_version(recorded, now));

    source_validators dated{"", "Tue, 01 Jan 2019 00:00:00 GMT", {}, {}};
    CHECK(same_version(dated, dated));
    CHECK_FALSE(same_version(dated, source_validators{}));

    source_validators file{"", "", 10, 1'000'000'001};
    auto touched = file;
    touched.mtime_ns = 1'000'000'002;
    CHECK(same_version(file, file));
    CHECK_FALSE(same_version(file, touched));
    CHECK_FALSE(same_version(source_validators{}, source_validators{}));
}

TEST_CASE("conditional_headers: If-None-Match with the ETag, else If-Modified-Since")
{
    CHECK(conditional_headers({"\"abc\"", "Tue, 01 Jan 2019 00:00:00 GMT", 1, {}}) ==
          std::vector<std::string>{"If-None-Match: \"abc\""});
    CHECK(conditional_headers({"", "Tue, 01 Jan 2019 00:00:00 GMT", 1, {}}) ==
          std::vector<std::string>{"If-Modified-Since: Tue, 01 Jan 2019 00:00:00 GMT"});
    CHECK(conditional_headers({"", "", 1, 5}).empty());
}

TEST_CASE("file_url_path: the decoded path of a file:// URL only")
{
    CHECK(file_url_path("file:///tmp/a%20b.csv.gz") ==
          std::optional<std::string>{"/tmp/a b.csv.gz"});
    CHECK_FALSE(file_url_path("http://127.0.0.1/x.csv.gz"));
}
