#pragma once

// Shell completion, generated from the CLI11 definition of the command line
// (`taxi-etl completion bash|zsh`): the subcommands, each one's options and
// the values an option takes, so that the scripts follow the CLI as it
// changes instead of a list kept by hand.

#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
} // namespace CLI

namespace taxi_etl::completion {

// What may follow an option (or stand as a positional argument).
struct value_spec
{
    std::vector<std::string> words; // the only values it takes
    bool files = false;             // a path: the shell completes file names
};

// An option's values, read from its CLI11 type name: the values of a set
// check ("TEXT:{green,yellow,fhv}"), a type name of lower-case words
// ("auto|binary|csv"), or a file for a type name that names a PATH.
value_spec values_of(std::string_view type_name);

struct option_spec
{
    std::vector<std::string> names; // "-j", "--jobs"
    std::string description;        // its help text's first clause
    bool takes_value = false;
    value_spec values;
};

struct command_spec
{
    std::string name; // empty: the program itself
    std::string description;
    std::vector<option_spec> options;
    value_spec arguments; // what its positional arguments take
};

// The program, then each subcommand that --help lists, in its order. A
// positional argument of type name COMMAND (help's) takes their names.
std::vector<command_spec> describe(CLI::App const &app);

std::string bash_script(std::vector<command_spec> const &commands);
std::string zsh_script(std::vector<command_spec> const &commands);

// Adds the `completion` subcommand; `shell` is what it was given.
CLI::App *add_command(CLI::App &app, std::string &shell);

// The script for `shell` (bash or zsh) completing `app`.
std::string script(CLI::App const &app, std::string_view shell);

} // namespace taxi_etl::completion
