#pragma once

// The command line: parsing and checking of every option happens here,
// before anything touches the network or the database.

#include "taxi_etl/load.hpp"

#include <string>
#include <string_view>

namespace taxi_etl {

// Options of `taxi-etl load` as typed, before they are checked.
struct load_options
{
    std::string taxi;
    std::string year;  // "2019"
    std::string month; // "1" or "01"
    std::string file;  // a local .csv.gz or .csv instead of the URL
    std::string source_url;
    std::string db;
    std::string schema = "public";
    bool quiet = false;
};

// "2019" -> 2019; anything but four digits is a usage error.
int parse_year(std::string_view text);

// "1", "01" ... "12" -> 1..12; anything else is a usage error.
int parse_month(std::string_view text);

// Checks the options and turns them into a request. Throws
// etl_error(usage) naming the option that is wrong.
load_request make_load_request(load_options const &options);

// The whole program: returns the process exit code.
int run_cli(int argc, char **argv);

} // namespace taxi_etl
