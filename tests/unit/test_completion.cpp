#include "taxi_etl/completion.hpp"

#include "taxi_etl/cli_commands.hpp"

#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>

#include <algorithm>

using namespace taxi_etl::completion;

namespace {

// A command line like taxi-etl's, small: a subcommand with a set check, a
// path, a value, a flag with a short name; a hidden subcommand.
struct small_cli
{
    CLI::App app{"test", "tool"};
    std::string kind, path, size, format;
    bool quiet = false;

    small_cli()
    {
        auto *run = app.add_subcommand("run", "Run it (now); or later");
        run->add_option("--kind", kind, "Kind")->check(CLI::IsMember({"red", "blue"}));
        run->add_option("--file", path, "A file. Any")->type_name("PATH");
        run->add_option("--size", size, "Size")->type_name("SIZE");
        run->add_option("--format", format, "Format")->type_name("auto|csv");
        run->add_flag("-q,--quiet", quiet, "Quiet");
        app.add_subcommand("secret", "")->group("");
    }
};

option_spec const &option_named(command_spec const &command, std::string const &name)
{
    auto const found = std::ranges::find_if(command.options, [&](option_spec const &o) {
        return std::ranges::find(o.names, name) != o.names.end();
    });
    REQUIRE(found != command.options.end());
    return *found;
}

} // namespace

TEST_CASE("an option's values come from its set check or its type name")
{
    CHECK(values_of("TEXT:{green,yellow,fhv}").words ==
          std::vector<std::string>{"green", "yellow", "fhv"});
    CHECK(values_of("auto|binary|csv").words ==
          std::vector<std::string>{"auto", "binary", "csv"});
    CHECK(values_of("PATH").files);
    CHECK(values_of("URL|PATH").files);
    CHECK(values_of("URL|PATH").words.empty());
    CHECK(values_of("M|MM").words.empty()); // placeholders, not values
    CHECK_FALSE(values_of("YYYY-MM").files);
}

TEST_CASE("the description walks the subcommands that --help lists, and their options")
{
    small_cli cli;
    auto const commands = describe(cli.app);
    REQUIRE(commands.size() == 2); // the program and run; not the hidden one
    CHECK(commands[0].name.empty());
    CHECK(commands[1].name == "run");
    CHECK(commands[1].description == "Run it");
    auto const &kind = option_named(commands[1], "--kind");
    CHECK(kind.takes_value);
    CHECK(kind.values.words == std::vector<std::string>{"red", "blue"});
    CHECK(option_named(commands[1], "--file").values.files);
    CHECK(option_named(commands[1], "--file").description == "A file");
    CHECK_FALSE(option_named(commands[1], "-q").takes_value);
    CHECK(option_named(commands[1], "--quiet").names ==
          std::vector<std::string>{"-q", "--quiet"});
    CHECK_FALSE(option_named(commands[0], "--help").takes_value);
}

TEST_CASE("the bash script completes subcommands, options and values")
{
    small_cli cli;
    auto const bash = script(cli.app, "bash");
    CHECK_THAT(bash, Catch::Contains("complete -F _taxi_etl taxi-etl"));
    CHECK_THAT(bash, Catch::Contains("compgen -W 'run' -- \"$cur\""));
    CHECK_THAT(bash, Catch::Contains("compgen -W 'red blue' -- \"$cur\""));
    CHECK_THAT(bash, Catch::Contains("compgen -W 'auto csv' -- \"$cur\""));
    CHECK_THAT(bash, Catch::Contains("run:--file)\n        _filedir"));
    CHECK_THAT(bash, Catch::Contains("--kind --file --size --format --quiet'"));
    CHECK_THAT(bash, !Catch::Contains("secret"));
}

TEST_CASE("the zsh script describes subcommands and options")
{
    small_cli cli;
    auto const zsh = script(cli.app, "zsh");
    CHECK_THAT(zsh, Catch::StartsWith("#compdef taxi-etl\n"));
    CHECK_THAT(zsh, Catch::Contains("'run:Run it'"));
    CHECK_THAT(zsh, Catch::Contains("'--kind[Kind]:value:(red blue)'"));
    CHECK_THAT(zsh, Catch::Contains("'--file[A file]:value:_files'"));
    CHECK_THAT(zsh, Catch::Contains("'-q[Quiet]'"));
    CHECK_THAT(zsh, !Catch::Contains("secret"));
}

TEST_CASE("help's argument is completed with the command names")
{
    small_cli cli;
    std::string topic;
    cli.app.add_subcommand("help", "Show help")
        ->add_option("command", topic)
        ->type_name("COMMAND");
    auto const commands = describe(cli.app);
    REQUIRE(commands.size() == 3);
    CHECK(commands[2].name == "help");
    CHECK(commands[2].arguments.words == std::vector<std::string>{"run", "help"});
    CHECK_THAT(script(cli.app, "bash"),
               Catch::Contains("compgen -W 'run help' -- \"$cur\""));
}

TEST_CASE("taxi-etl's history --status offers the run statuses; help the commands")
{
    CLI::App app{"test", "taxi-etl"};
    taxi_etl::cli::all_options options;
    auto const subcommands = taxi_etl::cli::add_subcommands(app, options);
    auto const commands = describe(app);
    auto const named = [&](std::string const &name) -> command_spec const & {
        auto const found = std::ranges::find(commands, name, &command_spec::name);
        REQUIRE(found != commands.end());
        return *found;
    };
    CHECK(option_named(named("history"), "--status").values.words ==
          std::vector<std::string>{"running", "succeeded", "failed", "interrupted"});
    auto const &help_words = named("help").arguments.words;
    CHECK(std::ranges::find(help_words, "load") != help_words.end());
    CHECK(std::ranges::find(help_words, "history") != help_words.end());
    CHECK(std::ranges::find(help_words, "help") != help_words.end());
}

TEST_CASE("history status filter still takes a comma-separated list checked when the command runs")
{
    CLI::App app{"test", "taxi-etl"};
    app.require_subcommand(1);
    taxi_etl::cli::all_options options;
    auto const subcommands = taxi_etl::cli::add_subcommands(app, options);
    app.parse(std::vector<std::string>{"failed,interrupted", "--status", "history"});
    CHECK(options.history.status.value_or("") == "failed,interrupted");
}
