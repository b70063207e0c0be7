#include "taxi_etl/cron.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/printable.hpp"
#include "taxi_etl/taxi_kind.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <memory>

namespace taxi_etl {

namespace {

// A shell word in single quotes, with cron's '%' (which it turns into a
// newline) escaped.
std::string crontab_quote(std::string_view text)
{
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else if (c == '%') {
            out += "\\%";
        } else {
            out += c;
        }
    }
    return out + "'";
}

// A word of a crontab command: as it is when the shell and cron take it
// literally, quoted otherwise.
std::string crontab_word(std::string_view text)
{
    bool const plain = !text.empty() && std::ranges::all_of(text, [](unsigned char c) {
        return std::isalnum(c) != 0 || std::string_view{"/._-+:,@="}.find(
                                           static_cast<char>(c)) != std::string_view::npos;
    });
    return plain ? std::string{text} : crontab_quote(text);
}

// The value of a crontab variable line. cron takes it literally, but trims
// blanks at either end and strips one pair of quotes around it: quoting it
// in double quotes keeps it whole.
std::string crontab_value(std::string_view text)
{
    bool const needs_quotes =
        !text.empty() &&
        (text.front() == ' ' || text.front() == '\t' || text.back() == ' ' ||
         text.back() == '\t' || text.front() == '"' || text.front() == '\'');
    return needs_quotes ? fmt::format("\"{}\"", text) : std::string{text};
}

// A line end (or any control character) in a value would end the crontab
// line there and make the rest a line of its own: refused. The value is
// quoted in the message unless it may hold a password (a URL).
void check_crontab_text(std::string_view what, std::string_view text,
                        bool show_value = true)
{
    if (std::ranges::any_of(text, [](unsigned char c) { return c < 0x20 || c == 0x7F; })) {
        fail(exit_code::usage,
             "{}{} holds a control character: it cannot go into a crontab line", what,
             show_value ? " " + quoted_value(text) : std::string{});
    }
}

using conninfo_options = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;

// libpq marks the options that hold secrets (password, sslpassword) "*".
bool is_secret(PQconninfoOption const &option)
{
    return option.dispchar != nullptr && std::string_view{option.dispchar} == "*";
}

bool is_uri(std::string_view conninfo)
{
    return conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://");
}

bool has_password(std::string_view conninfo)
{
    return conninfo_without_password(conninfo) != conninfo;
}

// The connection variables as crontab lines: those set, and the four a
// reader looks for commented out when unset (unless --db says where).
std::string variable_lines(bool with_db)
{
    constexpr std::array<std::string_view, 4> first{"PGHOST", "PGPORT", "PGDATABASE",
                                                    "PGUSER"};
    std::vector<std::string> names{first.begin(), first.end()};
    for (auto &name : connection_variables()) {
        if (std::ranges::find(first, name) == first.end()) {
            names.push_back(std::move(name));
        }
    }
    std::string out;
    for (auto const &name : names) {
        char const *value = std::getenv(name.c_str());
        if (value != nullptr) {
            check_crontab_text(name, value);
            out += fmt::format("{}={}\n", name, crontab_value(value));
        } else if (!with_db && std::ranges::find(first, name) != first.end()) {
            out += fmt::format("# {}=...\n", name);
        }
    }
    return out;
}

constexpr std::string_view sync_header =
    "# taxi-etl on the course's schedules: each run loads every month the source\n"
    "# publishes that the table does not hold (taxi-etl sync); a month not published\n"
    "# yet is no error. The connection comes from the PG* variables below (or --db);\n"
    "# the password belongs in ~/.pgpass of this crontab's user, never here. --quiet\n"
    "# prints nothing when all is well, so cron mails only problems: exit code 3 is a\n"
    "# month missing between published ones, see `taxi-etl sync --help` for the rest.\n";

constexpr std::string_view for_date_header =
    "# taxi-etl on the course's schedules: each run loads the month of its trigger "
    "date.\n"
    "# The connection comes from the PG* variables below (or --db); the password\n"
    "# belongs in ~/.pgpass of this crontab's user, never here. --quiet prints nothing\n"
    "# on success, so cron mails only failures: one line each; exit code 3 means 'not\n"
    "# published yet'.\n";

} // namespace

std::vector<std::string> connection_variables()
{
    std::vector<std::string> names;
    conninfo_options const defaults{PQconndefaults(), &PQconninfoFree};
    for (auto const *option = defaults.get(); option && option->keyword != nullptr;
         ++option) {
        if (option->envvar != nullptr && !is_secret(*option)) {
            names.emplace_back(option->envvar);
        }
    }
    // Not connection options, but libpq reads them: where the service file
    // is, and the session's defaults.
    for (auto const *extra :
         {"PGSERVICEFILE", "PGSYSCONFDIR", "PGDATESTYLE", "PGTZ", "PGGEQO"}) {
        names.emplace_back(extra);
    }
    return names;
}

std::string conninfo_without_password(std::string_view conninfo)
{
    // As libpq decides whether dbname holds a whole conninfo (expand_dbname).
    if (!is_uri(conninfo) && conninfo.find('=') == std::string_view::npos) {
        return std::string{conninfo};
    }
    char *error = nullptr;
    conninfo_options const options{PQconninfoParse(std::string{conninfo}.c_str(), &error),
                                   &PQconninfoFree};
    if (!options) {
        PQfreemem(error); // libpq's message may quote the password
        fail(exit_code::usage, "--db is not a conninfo string or URI libpq can read");
    }
    std::vector<std::string> pairs;
    bool secret = false;
    for (auto const *option = options.get(); option->keyword != nullptr; ++option) {
        if (option->val == nullptr) {
            continue;
        }
        if (is_secret(*option)) {
            secret = true;
            continue;
        }
        pairs.push_back(
            fmt::format("{}={}", option->keyword, pg::conninfo_value(option->val)));
    }
    // Unchanged when there was nothing to take out, so that a URI stays one.
    return secret ? fmt::format("{}", fmt::join(pairs, " ")) : std::string{conninfo};
}

std::string format_crontab(cron_options const &options, std::string const &binary_path)
{
    if (options.mode != "sync" && options.mode != "for-date") {
        fail(exit_code::usage, "--mode must be sync or for-date, not {}",
             quoted_value(options.mode));
    }
    check_crontab_text("--schema", options.schema);
    check_crontab_text("--source-url", options.source_url, false);
    check_crontab_text("--db", options.db, false);
    check_crontab_text("the path of taxi-etl", binary_path);
    bool const sync = options.mode == "sync";
    std::string out{sync ? sync_header : for_date_header};
    out += variable_lines(!options.db.empty());
    std::string extra;
    if (!options.db.empty()) {
        extra +=
            fmt::format(" --db {}", crontab_quote(conninfo_without_password(options.db)));
    }
    if (options.schema != "public") {
        extra += fmt::format(" --schema {}", crontab_quote(options.schema));
    }
    if (!options.source_url.empty()) {
        extra += fmt::format(" --source-url {}", crontab_quote(options.source_url));
    }
    for (auto const &taxi : options.taxis) {
        auto const &kind = find_taxi_kind(taxi);
        out += fmt::format("{:<11} {} {} --taxi {}{} --quiet{}\n", kind.course_schedule,
                           crontab_word(binary_path), sync ? "sync" : "load", kind.name,
                           sync ? "" : " --for-date today", extra);
    }
    return out;
}

std::vector<std::string> crontab_warnings(cron_options const &options)
{
    std::vector<std::string> warnings;
    if (std::getenv("PGPASSWORD") != nullptr) {
        warnings.emplace_back("PGPASSWORD is set but not written into the crontab: put the "
                              "password in ~/.pgpass of the crontab's user");
    }
    if (!options.db.empty() && has_password(options.db)) {
        warnings.emplace_back("the password of --db is not written into the crontab: put "
                              "it in ~/.pgpass of the crontab's user");
    }
    return warnings;
}

} // namespace taxi_etl
