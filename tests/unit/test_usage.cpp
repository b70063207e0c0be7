#include "taxi_etl/error.hpp"
#include "taxi_etl/usage.hpp"

#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>

using namespace taxi_etl;

namespace {

// A command line shaped as taxi-etl's: the names suggested come from it.
struct fake_cli
{
    CLI::App app{"test", "taxi-etl"};
    std::string taxi, year, month, db, topic, shell;
    unsigned limit = 20;
    long stall_timeout = 60;
    bool quiet = false, fail_fast = false, keep_going = false;

    fake_cli()
    {
        // As taxi-etl's: one command, so that `help load` is not two.
        app.require_subcommand(1);
        auto *load = app.add_subcommand("load", "Load one month");
        load->add_option("--taxi", taxi)
            ->required()
            ->check(CLI::IsMember({"green", "yellow", "fhv"}));
        load->add_option("--year", year);
        load->add_option("--month", month);
        load->add_option("--db", db);
        load->add_flag("-q,--quiet", quiet);
        load->add_option("--stall-timeout", stall_timeout)->type_name("SECONDS");
        auto *fail_fast_flag = load->add_flag("--fail-fast", fail_fast);
        load->add_flag("--keep-going", keep_going)->excludes(fail_fast_flag);
        auto *history = app.add_subcommand("history", "List the runs");
        history->add_option("-n,--limit", limit)->type_name("N");
        history->add_option("--taxi", taxi);
        app.add_subcommand("completion", "The script")
            ->add_option("shell", shell)
            ->check(CLI::IsMember({"bash", "zsh"}));
        usage::add_help_command(app, topic);
    }

    // What a usage error of these arguments says.
    std::string explain(std::vector<std::string> const &args)
    {
        std::vector<std::string> reversed(args.rbegin(), args.rend());
        try {
            app.parse(reversed);
        } catch (CLI::ParseError const &e) {
            return usage::explain(app, args, e);
        }
        return "(parsed)";
    }
};

} // namespace

TEST_CASE("an unknown command is named, with the nearest one")
{
    CHECK(fake_cli{}.explain({"lod", "--taxi", "green"}) ==
          "'lod' is not a taxi-etl command; did you mean 'load'? (see taxi-etl --help)");
    CHECK(fake_cli{}.explain({"hisotry"}) ==
          "'hisotry' is not a taxi-etl command; did you mean 'history'? (see taxi-etl "
          "--help)");
    CHECK(fake_cli{}.explain({"frobnicate"}) ==
          "'frobnicate' is not a taxi-etl command (see taxi-etl --help)");
}

TEST_CASE("no command at all lists the commands")
{
    CHECK(fake_cli{}.explain({}) ==
          "a command is required: load, history, completion, help (see taxi-etl --help)");
}

TEST_CASE("an unknown option is named, not its value, with the nearest option")
{
    CHECK(
        fake_cli{}.explain({"load", "--taxi", "green", "--yaer", "2019", "--month", "1"}) ==
        "'--yaer' is not an option of taxi-etl load; did you mean '--year'? (see "
        "taxi-etl load --help)");
    CHECK(fake_cli{}.explain({"load", "--taxis", "green"}) ==
          "'--taxis' is not an option of taxi-etl load; did you mean '--taxi'? (see "
          "taxi-etl load --help)");
    CHECK(fake_cli{}.explain({"load", "--taxi", "green", "--yaer=2019"}) ==
          "'--yaer' is not an option of taxi-etl load; did you mean '--year'? (see "
          "taxi-etl load --help)");
    CHECK(fake_cli{}.explain({"history", "--limt", "5"}) ==
          "'--limt' is not an option of taxi-etl history; did you mean '--limit'? (see "
          "taxi-etl history --help)");
    CHECK(fake_cli{}.explain({"history", "-x"}) ==
          "'-x' is not an option of taxi-etl history (see taxi-etl history --help)");
}

TEST_CASE("the values of options are not taken for mistakes")
{
    // "-1" and "--quiet" are values here; the mistake is what follows.
    CHECK(fake_cli{}.explain({"load", "--taxi", "green", "--db", "--quiet", "--bogus"}) ==
          "'--bogus' is not an option of taxi-etl load (see taxi-etl load --help)");
    CHECK(fake_cli{}.explain({"history", "-n", "-1", "--bogus"}) ==
          "'--bogus' is not an option of taxi-etl history (see taxi-etl history --help)");
    CHECK(fake_cli{}.explain({"load", "-q", "--taxi=green", "--bogus"}) ==
          "'--bogus' is not an option of taxi-etl load (see taxi-etl load --help)");
}

TEST_CASE("a stray argument is named, with the option it may have meant")
{
    CHECK(fake_cli{}.explain({"load", "--taxi", "green", "2019"}) ==
          "unexpected argument '2019': taxi-etl load takes options only (see taxi-etl "
          "load --help)");
    CHECK(fake_cli{}.explain({"load", "taxi", "green"}) ==
          "unexpected argument 'taxi': taxi-etl load takes options only; did you mean "
          "'--taxi'? (see taxi-etl load --help)");
}

TEST_CASE("other usage errors keep the parser's words and point at the command's help")
{
    CHECK(fake_cli{}.explain({"load", "--year", "2019"}) ==
          "--taxi is required (see taxi-etl load --help)");
    CHECK(fake_cli{}.explain({"load", "--year", "2019", "--taxi"}) ==
          "'--taxi' needs a value (see taxi-etl load --help)");
}

TEST_CASE("an argument too many is named, with what the command takes")
{
    CHECK(fake_cli{}.explain({"help", "load", "history"}) ==
          "unexpected argument 'history': taxi-etl help takes one command name (see "
          "taxi-etl --help)");
    CHECK(fake_cli{}.explain({"completion", "bash", "zsh"}) ==
          "unexpected argument 'zsh': taxi-etl completion takes one shell name (see "
          "taxi-etl completion --help)");
}

TEST_CASE("a value the parser refuses is named with its option, in our words")
{
    CHECK(fake_cli{}.explain({"history", "-n", "-1"}) ==
          "'--limit' takes a whole number of 0 or more, not '-1' (see taxi-etl history "
          "--help)");
    CHECK(fake_cli{}.explain({"history", "--limit=ten"}) ==
          "'--limit' takes a whole number of 0 or more, not 'ten' (see taxi-etl history "
          "--help)");
    CHECK(fake_cli{}.explain({"load", "--taxi", "green", "--stall-timeout", "1.5"}) ==
          "'--stall-timeout' takes a whole number of seconds, not '1.5' (see taxi-etl "
          "load --help)");
    CHECK(fake_cli{}.explain({"load", "--taxi", "green", "--stall-timeout", "soon"}) ==
          "'--stall-timeout' takes a number of seconds, not 'soon' (see taxi-etl load "
          "--help)");
    CHECK(fake_cli{}.explain({"load", "--taxi", "green", "--quiet=maybe"}) ==
          "'--quiet' takes no value (a flag), not 'maybe' (see taxi-etl load --help)");
}

TEST_CASE("a value outside a set is named with the values the option takes")
{
    CHECK(fake_cli{}.explain({"load", "--taxi", "blue"}) ==
          "'--taxi' takes green, yellow or fhv, not 'blue' (see taxi-etl load --help)");
    CHECK(fake_cli{}.explain({"completion", "fish"}) ==
          "taxi-etl completion takes bash or zsh, not 'fish' (see taxi-etl completion "
          "--help)");
}

TEST_CASE("an option given twice, or two that exclude each other, are named")
{
    CHECK(fake_cli{}.explain({"load", "--taxi", "green", "--taxi", "yellow"}) ==
          "'--taxi' is given more than once; it takes one value (see taxi-etl load "
          "--help)");
    CHECK(fake_cli{}.explain({"load", "--taxi", "green", "--fail-fast", "--keep-going"}) ==
          "'--fail-fast' and '--keep-going' cannot be given together (see taxi-etl load "
          "--help)");
}

TEST_CASE("help names a command; a wrong name is a usage error with a suggestion")
{
    fake_cli cli;
    CHECK(cli.explain({"help", "load"}) == "(parsed)");
    CHECK(cli.topic == "load");
    try {
        usage::run_help(cli.app, "lod");
        FAIL("no usage error");
    } catch (etl_error const &e) {
        CHECK(e.code() == exit_code::usage);
        CHECK(std::string{e.what()} ==
              "'lod' is not a taxi-etl command; did you mean 'load'?");
    }
}
