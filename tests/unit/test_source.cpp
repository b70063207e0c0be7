#include "taxi_etl/error.hpp"
#include "taxi_etl/redact.hpp"
#include "taxi_etl/source.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

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
