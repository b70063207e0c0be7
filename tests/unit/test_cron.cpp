#include "taxi_etl/cron.hpp"
#include "taxi_etl/error.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <string>

using namespace taxi_etl;

namespace {

// Sets an environment variable for one test, and puts back what was there.
class scoped_env
{
public:
    scoped_env(char const *name, char const *value) : m_name{name}
    {
        if (char const *old = std::getenv(name)) {
            m_old = old;
        }
        if (value != nullptr) {
            ::setenv(name, value, 1);
        } else {
            ::unsetenv(name);
        }
    }
    ~scoped_env()
    {
        if (m_old) {
            ::setenv(m_name.c_str(), m_old->c_str(), 1);
        } else {
            ::unsetenv(m_name.c_str());
        }
    }
    scoped_env(scoped_env const &) = delete;
    scoped_env &operator=(scoped_env const &) = delete;

private:
    std::string m_name;
    std::optional<std::string> m_old;
};

} // namespace

TEST_CASE("cron prints sync lines by default")
{
    cron_options options;
    auto const text = format_crontab(options, "/usr/local/bin/taxi-etl");
    CHECK_THAT(text,
               Catch::Contains("0 9 1 * *   /usr/local/bin/taxi-etl sync --taxi green "
                               "--quiet\n"));
    CHECK_THAT(text,
               Catch::Contains("0 10 1 * *  /usr/local/bin/taxi-etl sync --taxi yellow "
                               "--quiet\n"));
    CHECK_THAT(text, !Catch::Contains("--for-date"));
    CHECK_THAT(text, Catch::Contains("the password belongs in ~/.pgpass"));
}

TEST_CASE("cron carries every libpq connection variable that is set")
{
    scoped_env const service{"PGSERVICE", "taxi"};
    scoped_env const sslmode{"PGSSLMODE", "require"};
    scoped_env const root{"PGSSLROOTCERT", "/etc/ssl/pg/root.crt"};
    scoped_env const passfile{"PGPASSFILE", "/home/etl/.pgpass"};
    scoped_env const app{"PGAPPNAME", "nightly sync"};
    scoped_env const timeout{"PGCONNECT_TIMEOUT", "10"};
    scoped_env const attrs{"PGTARGETSESSIONATTRS", "read-write"};
    scoped_env const service_file{"PGSERVICEFILE", "/etc/taxi/pg_service.conf"};
    scoped_env const sysconf{"PGSYSCONFDIR", "/etc/taxi"};
    scoped_env const host{"PGHOST", "db1,db2"};
    scoped_env const port{"PGPORT", nullptr};
    auto const text = format_crontab(cron_options{}, "/bin/t");
    for (auto const *line :
         {"PGSERVICE=taxi\n", "PGSSLMODE=require\n", "PGSSLROOTCERT=/etc/ssl/pg/root.crt\n",
          "PGPASSFILE=/home/etl/.pgpass\n", "PGAPPNAME=nightly sync\n",
          "PGCONNECT_TIMEOUT=10\n", "PGTARGETSESSIONATTRS=read-write\n",
          "PGSERVICEFILE=/etc/taxi/pg_service.conf\n", "PGSYSCONFDIR=/etc/taxi\n",
          "PGHOST=db1,db2\n", "# PGPORT=...\n"}) {
        CHECK_THAT(text, Catch::Contains(line));
    }
    auto const names = connection_variables();
    for (auto const *name :
         {"PGHOSTADDR", "PGSSLCERT", "PGSSLKEY", "PGSSLCRL", "PGOPTIONS", "PGGSSENCMODE",
          "PGKRBSRVNAME", "PGSSLMINPROTOCOLVERSION", "PGCHANNELBINDING"}) {
        CHECK(std::ranges::find(names, name) != names.end());
    }
}

TEST_CASE("cron never writes PGPASSWORD, and says where the password belongs")
{
    scoped_env const password{"PGPASSWORD", "S3cret-env"};
    cron_options const options;
    auto const text = format_crontab(options, "/bin/t");
    CHECK_THAT(text, !Catch::Contains("PGPASSWORD"));
    CHECK_THAT(text, !Catch::Contains("S3cret-env"));
    auto const names = connection_variables();
    CHECK(std::ranges::find(names, "PGPASSWORD") == names.end());
    auto const warnings = crontab_warnings(options);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::Contains("PGPASSWORD") && Catch::Contains("~/.pgpass"));
}

TEST_CASE("cron --db is written without its password")
{
    scoped_env const password{"PGPASSWORD", nullptr};
    cron_options options;
    options.taxis = {"green"};
    options.db = "postgresql://etl:S3cret%25x@db.example:5433/ny_taxi?sslmode=require";
    auto const text = format_crontab(options, "/bin/t");
    CHECK_THAT(text,
               Catch::Contains("sync --taxi green --quiet --db 'user=etl dbname=ny_taxi "
                               "host=db.example port=5433 sslmode=require'\n"));
    CHECK_THAT(text, !Catch::Contains("S3cret"));
    CHECK_THAT(text, !Catch::Contains("# PGHOST=..."));
    CHECK(crontab_warnings(options).size() == 1);

    CHECK(conninfo_without_password("host=db password='it\\'s secret' dbname=ny "
                                    "sslpassword=k3y") == "dbname=ny host=db");
    CHECK(conninfo_without_password("host=db user='a b'") == "host=db user='a b'");
    // Nothing to take out: written as given.
    CHECK(conninfo_without_password("postgresql://etl@db/ny") == "postgresql://etl@db/ny");
    CHECK(conninfo_without_password("ny_taxi") == "ny_taxi");
    CHECK(conninfo_without_password("host='a b' password=x") == "host='a b'");
    CHECK(conninfo_without_password("options='-c x=\\'1\\'' password=x") ==
          "options='-c x=\\'1\\''");

    options.db = "host=db password='unclosed";
    try {
        format_crontab(options, "/bin/t");
        FAIL("an unreadable --db is refused");
    } catch (etl_error const &e) {
        CHECK(e.code() == exit_code::usage);
        CHECK_THAT(std::string{e.what()}, !Catch::Contains("unclosed"));
    }
}

TEST_CASE("crontab lines follow the course's schedules")
{
    cron_options options;
    options.mode = "for-date";
    auto const text = format_crontab(options, "/usr/local/bin/taxi-etl");
    CHECK_THAT(text,
               Catch::Contains("0 9 1 * *   /usr/local/bin/taxi-etl load --taxi green "
                               "--for-date today --quiet\n"));
    CHECK_THAT(text,
               Catch::Contains("0 10 1 * *  /usr/local/bin/taxi-etl load --taxi yellow "
                               "--for-date today --quiet\n"));

    options.taxis = {"green"};
    options.schema = "it's";
    options.source_url = "http://m/100%/{taxi}";
    auto const quoted = format_crontab(options, "/bin/t");
    CHECK_THAT(quoted, Catch::Contains(
                           "--schema 'it'\\''s' --source-url 'http://m/100\\%/{taxi}'"));
    CHECK_THAT(quoted, !Catch::Contains("yellow"));
}

TEST_CASE("a control character in a crontab value is refused, not written")
{
    cron_options options;
    options.schema = "x\n* * * * * touch /tmp/owned";
    CHECK_THROWS_AS(format_crontab(options, "/bin/t"), etl_error);
    try {
        format_crontab(options, "/bin/t");
    } catch (etl_error const &e) {
        CHECK(e.code() == exit_code::usage);
        CHECK_THAT(std::string{e.what()}, Catch::Contains("--schema 'x\\n* * * * *"));
    }
    options.schema = "public";
    options.source_url = "http://m/\r{taxi}";
    CHECK_THROWS_AS(format_crontab(options, "/bin/t"), etl_error);
    options.source_url.clear();
    CHECK_THROWS_AS(format_crontab(options, "/opt/my\ntaxi-etl"), etl_error);
}

TEST_CASE("the binary's path is quoted for the shell when it needs it")
{
    cron_options options;
    options.taxis = {"green"};
    CHECK_THAT(format_crontab(options, "/opt/my tools/taxi-etl"),
               Catch::Contains("0 9 1 * *   '/opt/my tools/taxi-etl' sync --taxi green"));
    CHECK_THAT(format_crontab(options, "/opt/100%/taxi-etl"),
               Catch::Contains("'/opt/100\\%/taxi-etl' sync"));
}
