#include "taxi_etl/usage.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/output.hpp"
#include "taxi_etl/printable.hpp"
#include "taxi_etl/suggest.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <optional>

namespace taxi_etl::usage {

namespace {

constexpr std::string_view program = "taxi-etl";

// The names of the commands of `app`, in the order --help lists them.
std::vector<std::string> command_names(CLI::App const &app)
{
    std::vector<std::string> names;
    for (auto const *command : app.get_subcommands([](CLI::App const *) { return true; })) {
        names.push_back(command->get_name());
    }
    return names;
}

CLI::App const *find_command(CLI::App const &app, std::string_view name)
{
    for (auto const *command : app.get_subcommands([](CLI::App const *) { return true; })) {
        if (command->get_name() == name) {
            return command;
        }
    }
    return nullptr;
}

// Every name of every option of `command`: "--year", "-n", "--limit", ...
std::vector<std::string> option_names(CLI::App const &command)
{
    std::vector<std::string> names;
    for (auto const *option : command.get_options()) {
        for (auto const &name : option->get_lnames()) {
            names.push_back("--" + name);
        }
        for (auto const &name : option->get_snames()) {
            names.push_back("-" + name);
        }
    }
    return names;
}

// The option an argument such as "--year", "--db=x", "-n5" or "-q" names.
CLI::Option const *find_option(CLI::App const &command, std::string_view arg)
{
    bool const is_long = arg.starts_with("--");
    auto const name = is_long ? arg.substr(2, arg.find('=') - 2) : arg.substr(1, 1);
    for (auto const *option : command.get_options()) {
        auto const &names = is_long ? option->get_lnames() : option->get_snames();
        if (std::ranges::find(names, name) != names.end()) {
            return option;
        }
    }
    return nullptr;
}

bool is_option(std::string_view arg)
{
    return arg.size() > 1 && arg[0] == '-' &&
           !std::isdigit(static_cast<unsigned char>(arg[1]));
}

// Whether the value of `option` is the argument after `arg`.
bool value_follows(CLI::Option const &option, std::string_view arg)
{
    if (option.get_expected_max() == 0 || option.get_type_size_max() == 0) { // a flag
        return false;
    }
    return arg.starts_with("--") ? arg.find('=') == std::string_view::npos
                                 : arg.size() == 2;
}

std::string full_name(CLI::App const &command)
{
    return command.get_parent() == nullptr
               ? std::string{program}
               : fmt::format("{} {}", program, command.get_name());
}

struct mistake
{
    CLI::App const *command; // the command the arguments were for
    std::string problem;     // empty: none found
};

std::string unknown_option(CLI::App const &command, std::string_view arg)
{
    auto const name = arg.substr(0, arg.find('='));
    return fmt::format("{} is not an option of {}{}", quoted_value(name),
                       full_name(command),
                       did_you_mean(nearest_names(name, option_names(command))));
}

std::string unexpected_argument(CLI::App const &command, std::string_view arg)
{
    return fmt::format("unexpected argument {}: {} takes options only{}", quoted_value(arg),
                       full_name(command),
                       did_you_mean(nearest_names(arg, option_names(command))));
}

std::string unknown_command(CLI::App const &app, std::string_view name)
{
    return fmt::format("{} is not a {} command{}", quoted_value(name), program,
                       did_you_mean(nearest_names(name, command_names(app))));
}

// The first argument that is not a command or option of taxi-etl.
mistake first_mistake(CLI::App const &app, std::vector<std::string> const &args)
{
    CLI::App const *command = &app;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view const arg = args[i];
        if (arg == "--") {
            break;
        }
        if (is_option(arg)) {
            auto const *option = find_option(*command, arg);
            if (option == nullptr) {
                return {command, unknown_option(*command, arg)};
            }
            if (value_follows(*option, arg)) {
                if (i + 1 == args.size()) {
                    return {command, fmt::format("{} needs a value", quoted_value(arg))};
                }
                ++i;
            }
        } else if (command == &app) {
            command = find_command(app, arg);
            if (command == nullptr) {
                return {&app, unknown_command(app, arg)};
            }
        } else if (command
                       ->get_options(
                           [](CLI::Option const *o) { return o->get_positional(); })
                       .empty()) {
            return {command, unexpected_argument(*command, arg)};
        }
    }
    return {command, ""};
}

} // namespace

CLI::App *add_help_command(CLI::App &app, std::string &topic)
{
    auto *command = app.add_subcommand(
        "help", "Show the help of taxi-etl, or of COMMAND (as COMMAND --help does)");
    command->add_option("command", topic, "The command to show the help of")
        ->type_name("COMMAND");
    return command;
}

int run_help(CLI::App const &app, std::string const &topic)
{
    CLI::App const *command = topic.empty() ? &app : find_command(app, topic);
    if (command == nullptr) {
        fail(exit_code::usage, "{}", unknown_command(app, topic));
    }
    // Not app.help(): it shows the help of the command parsed, help itself.
    auto const text = command->get_formatter()->make_help(command, full_name(*command),
                                                          CLI::AppFormatMode::Normal);
    output::write_stdout(text);
    return 0;
}

std::string see_help(CLI::App const &command)
{
    bool const top = command.get_parent() == nullptr || command.get_name() == "help";
    return fmt::format("(see {} --help)", top ? std::string{program} : full_name(command));
}

std::string explain(CLI::App const &app, std::vector<std::string> const &args,
                    std::string_view parser_message)
{
    auto const found = first_mistake(app, args);
    if (!found.problem.empty()) {
        return fmt::format("{} {}", found.problem, see_help(*found.command));
    }
    if (found.command == &app) {
        return fmt::format("a command is required: {} {}",
                           fmt::join(command_names(app), ", "), see_help(app));
    }
    return fmt::format("{} {}", one_line_message(parser_message), see_help(*found.command));
}

} // namespace taxi_etl::usage
