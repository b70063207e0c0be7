#pragma once

// Usage errors that say what was meant, and `taxi-etl help [COMMAND]`. The
// names suggested come from the CLI11 definition of the commands.

#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
class ParseError;
} // namespace CLI

namespace taxi_etl::usage {

// Adds `help [COMMAND]` to the commands of `app`; `topic` gets COMMAND. The
// app must take one command only (require_subcommand(1)), so that CLI11
// takes `load` in `help load` for COMMAND, not for a second command.
CLI::App *add_help_command(CLI::App &app, std::string &topic);

// `taxi-etl help [COMMAND]`: prints the help of taxi-etl, or of the command
// `topic` names, to stdout and returns 0; a name that is no command is a
// usage error (etl_error) with the nearest command suggested.
int run_help(CLI::App const &app, std::string const &topic);

// Where a usage error of `command` sends the user: "(see taxi-etl load
// --help)"; "(see taxi-etl --help)" for taxi-etl itself and for help.
std::string see_help(CLI::App const &command);

// The one line of a usage error, without "taxi-etl: usage error: ", for the
// arguments `args` (argv without the program's name) that CLI11 refused
// with `error`: the first command, option or argument that is not one of
// taxi-etl's, with the nearest names; else the option and the value it
// refused, in our words (or, for an error not foreseen, the parser's
// message). Ends with the help to see.
std::string explain(CLI::App const &app, std::vector<std::string> const &args,
                    CLI::ParseError const &error);

} // namespace taxi_etl::usage
