#pragma once

// The command line: CLI11 wiring of the subcommands and their options
// (checked in options.hpp). What each subcommand then does is in
// commands.hpp.

#include "taxi_etl/options.hpp"

namespace taxi_etl {

// The whole program: returns the process exit code.
int run_cli(int argc, char **argv);

} // namespace taxi_etl
