#include "taxi_etl/completion.hpp"

#include "taxi_etl/cli_options.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace taxi_etl::completion {

namespace {

std::vector<std::string> split(std::string_view text, char separator)
{
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        auto const end = text.find(separator, start);
        parts.emplace_back(text.substr(start, end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

// "auto|binary|csv" lists values; "M|MM" or "URL|PATH" name placeholders.
bool is_word_list(std::string_view part)
{
    return part.find('|') != std::string_view::npos &&
           std::ranges::all_of(part, [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '|';
           });
}

// A short description for the shells that show one: up to the first
// explanation, aside or list in the help text.
std::string first_clause(std::string_view text)
{
    auto end = text.size();
    for (std::string_view const separator : {"; ", ": ", " (", ". "}) {
        end = std::min(end, text.find(separator));
    }
    auto clause = text.substr(0, end);
    while (!clause.empty() && clause.back() == ' ') {
        clause.remove_suffix(1);
    }
    return std::string{clause};
}

option_spec option_of(CLI::Option const &option)
{
    option_spec spec;
    for (auto const &name : option.get_snames()) {
        spec.names.push_back("-" + name);
    }
    for (auto const &name : option.get_lnames()) {
        spec.names.push_back("--" + name);
    }
    spec.description = first_clause(option.get_description());
    spec.takes_value = option.get_items_expected_max() != 0; // a flag's is 0
    if (spec.takes_value) {
        spec.values = values_of(option.get_type_name());
    }
    return spec;
}

command_spec command_of(CLI::App const &app, std::vector<std::string> const &command_names)
{
    command_spec spec{app.get_name(), first_clause(app.get_description()), {}, {}};
    for (auto const *option : app.get_options()) {
        if (option->get_positional() && option->get_type_name() == "COMMAND") {
            spec.arguments.words = command_names; // help's
        } else if (option->get_positional()) {
            spec.arguments = values_of(option->get_type_name());
        } else if (!option->get_group().empty()) { // an empty group hides it
            spec.options.push_back(option_of(*option));
        }
    }
    return spec;
}

} // namespace

value_spec values_of(std::string_view type_name)
{
    value_spec values;
    for (auto const &part : split(type_name, ':')) {
        if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
            values.words = split(std::string_view{part}.substr(1, part.size() - 2), ',');
        } else if (is_word_list(part)) {
            values.words = split(part, '|');
        } else if (part.find("PATH") != std::string::npos) {
            values.files = true;
        }
    }
    return values;
}

std::vector<command_spec> describe(CLI::App const &app)
{
    auto const listed = [](CLI::App const *sub) { return !sub->get_group().empty(); };
    std::vector<std::string> names;
    for (auto const *sub : app.get_subcommands(listed)) {
        names.push_back(sub->get_name());
    }
    std::vector<command_spec> commands{command_of(app, names)};
    commands.front().name.clear(); // the program: "" in the scripts' cases
    for (auto const *sub : app.get_subcommands(listed)) {
        commands.push_back(command_of(*sub, names));
    }
    return commands;
}

CLI::App *add_command(CLI::App &app, std::string &shell)
{
    auto *command = app.add_subcommand("completion",
                                       "Print the shell completion script for bash or zsh");
    cli::add_version_flag(*command);
    command->add_option("shell", shell, "The shell")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh"}));
    command->footer(R"(The Debian package installs both. From a build of your own:
  taxi-etl completion bash > ~/.local/share/bash-completion/completions/taxi-etl
  taxi-etl completion zsh > ~/.zfunc/_taxi-etl    (a directory in $fpath))");
    return command;
}

std::string script(CLI::App const &app, std::string_view shell)
{
    auto const commands = describe(app);
    return shell == "zsh" ? zsh_script(commands) : bash_script(commands);
}

} // namespace taxi_etl::completion
