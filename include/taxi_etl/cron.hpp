#pragma once

// The crontab lines of `taxi-etl cron`: the course's schedules, running
// `sync` (or, asked for, the course's `load --for-date today`), with the
// connection the user has now (every libpq variable that is set, and
// --db) but never a password.

#include "taxi_etl/options.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

// The libpq environment variables a crontab carries: every one libpq reads
// for a connection option (PQconndefaults), PGPASSWORD and any other secret
// excepted, and those that locate the service file or shape the session.
std::vector<std::string> connection_variables();

// The conninfo (key=value string or URI) as key=value pairs without its
// password or sslpassword; a bare database name is kept as it is. Throws
// etl_error(usage) when libpq cannot parse it.
std::string conninfo_without_password(std::string_view conninfo);

// The crontab lines for a binary at `binary_path`.
std::string format_crontab(cron_options const &options, std::string const &binary_path);

// What the user should hear about the crontab (on stderr): a password that
// was left out of it, and where it belongs.
std::vector<std::string> crontab_warnings(cron_options const &options);

} // namespace taxi_etl
