#include "taxi_etl/usage.hpp"

#include "taxi_etl/completion.hpp"
#include "taxi_etl/error.hpp"
#include "taxi_etl/output.hpp"
#include "taxi_etl/printable.hpp"
#include "taxi_etl/suggest.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <optional>
#include <utility>

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

// How many positional arguments `command` takes (help: one COMMAND).
std::size_t positionals_taken(CLI::App const &command)
{
    std::size_t taken = 0;
    for (auto const *option :
         command.get_options([](CLI::Option const *o) { return o->get_positional(); })) {
        taken += static_cast<std::size_t>(std::max(option->get_expected_max(), 0));
    }
    return taken;
}

std::string extra_argument(CLI::App const &command, std::string_view arg)
{
    auto const positionals =
        command.get_options([](CLI::Option const *o) { return o->get_positional(); });
    if (positionals.empty()) {
        return unexpected_argument(command, arg);
    }
    auto const taken = positionals_taken(command);
    return fmt::format(
        "unexpected argument {}: {} takes {}", quoted_value(arg), full_name(command),
        taken == 1 ? fmt::format("one {} name", positionals.front()->get_name())
                   : fmt::format("{} arguments", taken));
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
    std::size_t positionals = 0; // given to `command`
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
        } else if (++positionals > positionals_taken(*command)) {
            return {command, extra_argument(*command, arg)};
        }
    }
    return {command, ""};
}

// CLI11's message of a refused value starts with the name of the option
// ("--limit", a positional's "shell") between `before` and `after`: that
// option of `command`, and the rest of the message.
std::pair<CLI::Option const *, std::string_view> named_option(CLI::App const &command,
                                                              std::string_view message,
                                                              std::string_view before,
                                                              std::string_view after)
{
    for (auto const *option : command.get_options()) {
        auto const head = fmt::format("{}{}{}", before, option->get_name(), after);
        if (message.starts_with(head)) {
            return {option, message.substr(head.size())};
        }
    }
    return {nullptr, message};
}

// "'--taxi'", or for a positional argument the command: "taxi-etl completion".
std::string shown_name(CLI::App const &command, CLI::Option const &option)
{
    return option.get_positional() ? full_name(command) : quoted_value(option.get_name());
}

bool is_number(std::string_view text)
{
    std::string const copy{text};
    char *end = nullptr;
    std::strtod(copy.c_str(), &end);
    return !copy.empty() && end == copy.c_str() + copy.size();
}

// What a value of `option` must be, for `value` that CLI11 could not convert.
std::string wanted_value(CLI::Option const &option, std::string_view value)
{
    if (option.get_expected_max() == 0 || option.get_type_size_max() == 0) {
        return "no value (a flag)";
    }
    auto const type_name = option.get_type_name();
    std::string_view const type =
        std::string_view{type_name}.substr(0, type_name.find(':'));
    if (type == "N") { // unsigned
        return "a whole number of 0 or more";
    }
    if (type == "SECONDS") { // a number refused: a fraction for whole seconds
        return is_number(value) ? "a whole number of seconds" : "a number of seconds";
    }
    return fmt::format("a value such as {}", type);
}

// "green, yellow or fhv"
std::string listed(std::vector<std::string> const &words)
{
    if (words.size() < 2) {
        return fmt::format("{}", fmt::join(words, ""));
    }
    return fmt::format("{} or {}", fmt::join(words.begin(), words.end() - 1, ", "),
                       words.back());
}

std::optional<std::string> bad_conversion(CLI::App const &command, std::string_view message)
{
    auto const [option, value] =
        named_option(command, message, "Could not convert: ", " = ");
    if (option == nullptr) {
        return std::nullopt;
    }
    return fmt::format("{} takes {}, not {}", shown_name(command, *option),
                       wanted_value(*option, value), quoted_value(value));
}

std::optional<std::string> failed_check(CLI::App const &command, std::string_view message)
{
    auto const [option, rest] = named_option(command, message, "", ": ");
    if (option == nullptr) {
        return std::nullopt;
    }
    // A set check (CLI::IsMember) says "VALUE not in {a,b}".
    auto const words = completion::values_of(option->get_type_name()).words;
    auto const cut = rest.rfind(" not in {");
    if (!words.empty() && cut != std::string_view::npos) {
        return fmt::format("{} takes {}, not {}", shown_name(command, *option),
                           listed(words), quoted_value(rest.substr(0, cut)));
    }
    return fmt::format("{} {}", shown_name(command, *option), rest);
}

std::optional<std::string> wrong_count(CLI::App const &command, std::string_view message)
{
    auto const [option, rest] = named_option(command, message, "", ": ");
    if (option == nullptr) {
        return std::nullopt;
    }
    if (rest.find("At Most") != std::string_view::npos) {
        return fmt::format("{} is given more than once; it takes one value",
                           shown_name(command, *option));
    }
    return fmt::format("{} needs a value", shown_name(command, *option));
}

// "--fail-fast excludes --keep-going", "--a requires --b"
std::optional<std::string> option_pair(std::string_view message, std::string_view relation,
                                       std::string_view meaning)
{
    auto const at = message.find(relation);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    return fmt::format(fmt::runtime(meaning), quoted_value(message.substr(0, at)),
                       quoted_value(message.substr(at + relation.size())));
}

// A value or a combination CLI11 refused, in our words: the option and the
// value; else CLI11's own message.
std::string bad_value(CLI::App const &command, CLI::ParseError const &error)
{
    std::string_view const message = error.what();
    std::optional<std::string> said;
    if (dynamic_cast<CLI::ConversionError const *>(&error) != nullptr) {
        said = bad_conversion(command, message);
    } else if (dynamic_cast<CLI::ValidationError const *>(&error) != nullptr) {
        said = failed_check(command, message);
    } else if (dynamic_cast<CLI::ArgumentMismatch const *>(&error) != nullptr) {
        said = wrong_count(command, message);
    } else if (dynamic_cast<CLI::ExcludesError const *>(&error) != nullptr) {
        said = option_pair(message, " excludes ", "{} and {} cannot be given together");
    } else if (dynamic_cast<CLI::RequiresError const *>(&error) != nullptr) {
        said = option_pair(message, " requires ", "{} needs {} too");
    }
    return said ? *said : one_line_message(message);
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
                    CLI::ParseError const &error)
{
    auto const found = first_mistake(app, args);
    if (!found.problem.empty()) {
        return fmt::format("{} {}", found.problem, see_help(*found.command));
    }
    if (found.command == &app) {
        return fmt::format("a command is required: {} {}",
                           fmt::join(command_names(app), ", "), see_help(app));
    }
    return fmt::format("{} {}", bad_value(*found.command, error), see_help(*found.command));
}

} // namespace taxi_etl::usage
