#include "taxi_etl/redact.hpp"

#include <catch2/catch.hpp>
#include <libpq-fe.h>

#include <array>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

using namespace taxi_etl;

namespace {

// What libpq says about a conninfo it cannot parse: the same words as when
// connecting with it, without touching the network.
std::string libpq_parse_error(std::string const &conninfo)
{
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(conninfo.c_str(), &error);
    if (options != nullptr) {
        PQconninfoFree(options);
        return {};
    }
    std::string message = error != nullptr ? error : "";
    PQfreemem(error);
    return message;
}

// Sets PGPASSWORD (or unsets it) for the life of the object.
class pgpassword
{
public:
    explicit pgpassword(char const *value)
    {
        if (char const *old = std::getenv("PGPASSWORD")) {
            m_old = old;
        }
        if (value != nullptr) {
            setenv("PGPASSWORD", value, 1);
        } else {
            unsetenv("PGPASSWORD");
        }
    }
    pgpassword(pgpassword const &) = delete;
    pgpassword &operator=(pgpassword const &) = delete;
    ~pgpassword()
    {
        if (m_old) {
            setenv("PGPASSWORD", m_old->c_str(), 1);
        } else {
            unsetenv("PGPASSWORD");
        }
    }

private:
    std::optional<std::string> m_old;
};

} // namespace

TEST_CASE("URLs are shown without what libcurl sends as credentials")
{
    CHECK(redact_url("https://user:secret@example.org/a/b.csv.gz?token=xyz") ==
          "https://example.org/a/b.csv.gz");
    CHECK(redact_url("http://etl:Se%2Fcr@127.0.0.1:80/a?x=1#f") == "http://127.0.0.1:80/a");
    CHECK(redact_url("http://u:p;o@h/x") == "http://h/x");
    CHECK(redact_url("https://user@host/x?token=T") == "https://host/x");
    CHECK(redact_url("HTTP://Host/X") == "http://Host/X");
    CHECK(redact_url("http://host/path@v2/x.gz") == "http://host/path@v2/x.gz");
    CHECK(redact_url("file:///tmp/x.gz?x#y") == "file:///tmp/x.gz");
}

TEST_CASE("a URL libcurl cannot parse shows nothing but its scheme")
{
    // curl ends the authority at the first '/', '?' or '#': "Se" is a port.
    CHECK(redact_url("http://etl:Se/cr?et#x@127.0.0.1:80/a") == "http://...");
    CHECK(redact_url("http://etl:Se?cret@127.0.0.1/a") == "http://...");
    CHECK(redact_url("http://a@b:c@h/x") == "http://...");
    CHECK(redact_url("http://h/a b") == "http://...");
    CHECK(redact_url("etl:Secret@host/x") == "...");
    CHECK(redact_url(std::string_view{"http://h/\0x", 11}) == "http://...");
}

TEST_CASE("libcurl's reading of a URL: the scheme, or why not")
{
    CHECK(parse_url("HTTP://h/x").scheme == "http");
    CHECK(parse_url("ftp://h/x").parsed);
    CHECK(parse_url("ftp://h/x").scheme == "ftp");
    CHECK_FALSE(parse_url("/tmp/x.csv.gz").parsed);
    auto const bad = parse_url("http://etl:Se/cr@127.0.0.1/x");
    CHECK_FALSE(bad.parsed);
    CHECK_FALSE(bad.problem.empty());
}

TEST_CASE("libpq's echo of a conninfo it cannot parse shows no password")
{
    pgpassword const none{nullptr};
    for (std::string const conninfo :
         {"postgresql://etl:Secret@[::1/db", "postgresql://etl:Db%zzSecret@localhost/db",
          "password=Db Secret host=localhost", "password='Db \\' Secret' Bogus=1",
          "postgresql://etl:Se\"cret@[::1/db", "postgresql://etl@h/db?password=Secret&x",
          "host=h password=Secret%zz port=5432 Secret", "Secret=1 password=x"}) {
        auto const message = libpq_parse_error(conninfo);
        INFO(conninfo << " -> " << message);
        REQUIRE_FALSE(message.empty());
        auto const shown = redact_libpq_message(message, conninfo);
        CHECK(shown.find("cret") == std::string::npos);
        CHECK(shown.find("***") != std::string::npos);
    }
}

TEST_CASE("what libpq could not parse is hidden, its own words are kept")
{
    pgpassword const none{nullptr};
    auto const conninfo = std::string{"password=Db Secret host=localhost"};
    CHECK(redact_libpq_message(libpq_parse_error(conninfo), conninfo) ==
          "missing \"=\" after \"***\" in connection info string\n");
    auto const uri = std::string{"postgresql://etl:Secret@[::1/db"};
    CHECK(redact_libpq_message(libpq_parse_error(uri), uri) ==
          "end of string reached when looking for matching \"]\" in IPv6 host address in "
          "URI: \"***\"\n");
}

TEST_CASE("a conninfo libpq parses keeps its host and user in the message")
{
    pgpassword const none{nullptr};
    auto const failed =
        std::string{"connection to server at \"localhost\" (127.0.0.1), port "
                    "5432 failed: FATAL:  password authentication failed "
                    "for user \"etl\"\n"};
    CHECK(redact_libpq_message(failed, "postgresql://etl:Secret@localhost/db") == failed);
    CHECK(redact_libpq_message(failed, "host=localhost user=etl password='a b'") == failed);
    CHECK(redact_libpq_message(failed, "") == failed);
    auto const dns = std::string{"could not translate host name \"db.invalid\" to address: "
                                 "Name or service not known"};
    CHECK(redact_libpq_message(dns, "host=db.invalid password=Secret") == dns);
}

TEST_CASE("a password libpq reads otherwise is still hidden")
{
    pgpassword const none{nullptr};
    // A raw '/' ends the authority for libpq: "Se" becomes the port.
    CHECK(redact_libpq_message(
              "invalid integer value \"Se\" for connection option \"port\"\n",
              "postgresql://etl:Se/cret@localhost/db") ==
          "invalid integer value \"***\" for connection option \"port\"\n");
    // libpq ends the user and password at the first '@': "cret@host" is the host.
    CHECK(redact_libpq_message("could not translate host name \"cret@host\" to address",
                               "postgresql://etl:Se@cret@host/db") ==
          "could not translate host name \"***\" to address");
    // A quoted, escaped value, decoded.
    CHECK(redact_libpq_message("x \"Db ' Secret\" y", "password='Db \\' Secret' host=h") ==
          "x \"***\" y");
    // Percent-decoded.
    CHECK(redact_libpq_message("x \"Db/Secret\" y", "postgresql://etl:Db%2FSecret@h/db") ==
          "x \"***\" y");
    // Anywhere in the message, quoted or not.
    CHECK(redact_libpq_message("x Secret1 y", "host=h password=Secret1") == "x *** y");
}

TEST_CASE("PGPASSWORD is never shown either")
{
    pgpassword const env{"EnvSecret"};
    CHECK(redact_libpq_message("a \"EnvSecret\" b EnvSecret c", "") == "a \"***\" b *** c");
}

TEST_CASE("the values of the named options are overwritten in argv")
{
    std::vector<std::string> texts{"taxi-etl",
                                   "load",
                                   "--db",
                                   "password=Secret",
                                   "--source-url=http://u:Secret@h/{taxi}",
                                   "--taxi",
                                   "green",
                                   "--zones-url",
                                   "",
                                   "--dbx=keep",
                                   "--db"};
    std::vector<char *> argv;
    for (auto &text : texts) {
        argv.push_back(text.data());
    }
    scrub_arguments(static_cast<int>(argv.size()), argv.data(),
                    {"--db", "--source-url", "--zones-url"});
    CHECK(std::string{argv[3]} == "xxxxxxxxxxxxxxx");
    CHECK(std::string{argv[4]} == "--source-url=" + std::string(24, 'x'));
    CHECK(std::string{argv[6]} == "green");
    CHECK(std::string{argv[8]}.empty());
    CHECK(std::string{argv[9]} == "--dbx=keep");
    CHECK(std::string{argv[10]} == "--db");
}

TEST_CASE("the password of the client's SSL key is a secret too")
{
    pgpassword const none{nullptr};
    CHECK(redact_libpq_message("could not decrypt \"KeySecret\"",
                               "host=h sslpassword=KeySecret") ==
          "could not decrypt \"***\"");
    CHECK(redact_libpq_message("x \"KeySecret\"",
                               "postgresql://h/db?sslpassword=KeySecret") == "x \"***\"");
    // Only libpq's own parse finds it under a percent-encoded name.
    CHECK(redact_libpq_message("x \"KeySecret\"",
                               "postgresql://h/db?ssl%70assword=KeySecret") == "x \"***\"");
}
