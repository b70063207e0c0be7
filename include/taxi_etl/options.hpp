#pragma once

// The options of each subcommand as typed, and their checking: every option
// is checked, and turned into a request, before anything touches the
// network or the database.

#include "taxi_etl/backfill.hpp"
#include "taxi_etl/load.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

// How a download is bounded and retried, as typed: a month's, and the
// zone lookup's.
struct transfer_settings
{
    unsigned retries = 3;
    double retry_delay = 1.0;
    long stall_timeout = 60;
    long connect_timeout = 30;
    long max_time = 1800;
};

// Checks them (etl_error(usage) naming the option) into what a download takes.
void apply_transfer_settings(transfer_settings const &settings, retry_policy &retry,
                             transfer_options &transfer);

// Options shared by the commands that load.
struct source_options : transfer_settings
{
    std::optional<std::string> source_url; // absent: the default; never empty
    std::string db;
    std::string schema = "public";
    bool quiet = false;
    std::string max_bytes = "4GB";
    unsigned lock_timeout = 0;
    bool verify = false;      // compare every id of a file loaded before
    bool allow_empty = false; // a file with a header and no rows loads
    std::string copy_format = "auto";
    bool transform = false;               // run the incremental transform after success
    bool store_failures = false;          // with transform: its checks' failing rows kept
    std::optional<std::string> zones_url; // absent: the default; never empty
    std::string metrics_file;             // empty: none
};

// Options of `taxi-etl load` as typed, before they are checked.
struct load_options
{
    std::string taxi;
    std::string year;     // "2019"
    std::string month;    // "1" or "01"
    std::string for_date; // "2019-02-15" or "today": the month containing it
    std::string file;     // a local .csv.gz or .csv instead of the URL; "-": stdin
    std::optional<std::string> file_name; // recorded instead of the file's own name
    source_options source;
};

struct backfill_options
{
    std::string taxi;
    std::string from; // "2019-01"
    std::string to;
    unsigned jobs = 1;
    bool fail_fast = false;
    bool keep_going = false; // the default; the flag exists to say so explicitly
    bool force = false;
    source_options source;
};

struct transform_options : transfer_settings
{
    std::string db;
    std::string schema = "public";
    std::optional<std::string> zones_url; // absent: the default; never empty
    bool reload_zones = false;
    bool full_refresh = false;
    bool store_failures = false;
    bool quiet = false;
    std::string metrics_file; // empty: none
};

struct history_options
{
    std::string db;
    std::string taxi;                  // empty: all
    unsigned limit = 20;               // 0: all
    std::string format = "table";      // or json, csv
    bool wide = false;                 // a table of every column, nothing cut
    std::optional<std::string> status; // absent: all; "failed,interrupted"
    std::optional<std::string> since;  // a date or a duration
    std::optional<std::string> schema; // absent: every schema
    std::optional<std::string> file;   // a name, or a pattern with * and ?
};

struct status_options
{
    std::string db;
    std::string schema = "public";
    std::string taxi;             // empty: all
    std::string format = "table"; // or json
    bool verify = false;          // count every month's rows in the table
};

struct cron_options
{
    std::vector<std::string> taxis{"green", "yellow"};
    std::string schema = "public";
    std::string source_url;
    std::string db;            // written into the lines without its password
    std::string mode = "sync"; // or "for-date": the course's load of the month
};

// Options of `taxi-etl sync` as typed: backfill's, but the range is what
// the source publishes from --from (default: the kind's first month) to --to
// (default: this month).
struct sync_options
{
    std::string taxi;
    std::string from;
    std::string to;
    unsigned jobs = 1;
    bool fail_fast = false;
    bool keep_going = false;
    source_options source;
};

// "2019" -> 2019; anything but four digits is a usage error.
int parse_year(std::string_view text);

// "1", "01" ... "12" -> 1..12; anything else is a usage error.
int parse_month(std::string_view text);

// Check the options and turn them into requests. Throw etl_error(usage)
// naming the option that is wrong.
load_request make_load_request(load_options const &options);
backfill_request make_backfill_request(backfill_options const &options);

} // namespace taxi_etl
