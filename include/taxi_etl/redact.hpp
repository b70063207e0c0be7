#pragma once

// Keeping secrets out of everything the tool shows: its messages, the run
// history, and its own command line as `ps` shows it. Passwords reach the
// tool in `--db` (a conninfo string or URI), in PGPASSWORD, and in the user
// name and password, query string or fragment of a URL.

#include <initializer_list>
#include <string>
#include <string_view>

namespace taxi_etl {

// What stands in a message for a part that is not shown.
inline constexpr std::string_view hidden_text = "***";

// libcurl's reading of a URL (curl_url(), as curl_easy_perform reads it):
// the scheme in lower case, or why libcurl cannot parse it.
struct url_parts
{
    bool parsed = false;
    std::string scheme;
    std::string problem; // libcurl's reason when not parsed
};
url_parts parse_url(std::string_view url);

// The URL as it may be shown: without what libcurl would send as user name
// and password, and without query string and fragment (signed storage URLs
// carry tokens there). A URL libcurl cannot parse shows only its scheme,
// "http://...", or "..." without one.
std::string redact_url(std::string_view url);

// libpq's message about connecting with conninfo (a "key=value" string, a
// URI, or empty for the PG* variables), without any password: those of the
// conninfo, raw and decoded, as libpq reads it and as the user may have meant
// it (a raw '@' or '/' in a URI's password), and PGPASSWORD's. When libpq
// cannot parse the conninfo, no quoted fragment of it is shown at all.
std::string redact_libpq_message(std::string_view message, std::string_view conninfo);

// Overwrites, in place, the value of each of the named options ("--db" as
// "--db VALUE" or "--db=VALUE") in argv with 'x's, so that `ps` and
// /proc/PID/cmdline no longer show it. Call once the options are parsed.
void scrub_arguments(int argc, char **argv,
                     std::initializer_list<std::string_view> options);

} // namespace taxi_etl
