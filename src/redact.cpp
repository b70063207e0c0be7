#include "taxi_etl/redact.hpp"

#include "taxi_etl/text.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

namespace taxi_etl {

namespace {

using url_handle = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

// As curl_easy_perform reads CURLOPT_URL, but without guessing a scheme:
// the tool asks for URLs that say theirs.
constexpr unsigned int url_flags = CURLU_NON_SUPPORT_SCHEME;

// The URL parsed by libcurl, or null with the reason in problem.
url_handle parsed_url(std::string_view url, std::string &problem)
{
    url_handle handle{curl_url(), &curl_url_cleanup};
    if (!handle) {
        throw std::bad_alloc{};
    }
    if (url.find('\0') != std::string_view::npos) {
        problem = "it holds a NUL byte";
        return {nullptr, &curl_url_cleanup};
    }
    std::string const text{url};
    auto const rc = curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), url_flags);
    if (rc != CURLUE_OK) {
        problem = curl_url_strerror(rc);
        return {nullptr, &curl_url_cleanup};
    }
    return handle;
}

std::string get_part(CURLU *handle, CURLUPart part)
{
    char *value = nullptr;
    if (curl_url_get(handle, part, &value, 0) != CURLUE_OK || value == nullptr) {
        return {};
    }
    std::string text{value};
    curl_free(value);
    return text;
}

// "http://" when the text starts with a well-formed scheme and "://".
std::string_view scheme_prefix(std::string_view url)
{
    auto const end = url.find("://");
    if (end == 0 || end == std::string_view::npos ||
        std::isalpha(static_cast<unsigned char>(url[0])) == 0) {
        return {};
    }
    bool const well_formed = std::ranges::all_of(url.substr(0, end), [](unsigned char c) {
        return std::isalnum(c) != 0 || c == '+' || c == '-' || c == '.';
    });
    return well_formed ? url.substr(0, end + 3) : std::string_view{};
}

} // namespace

url_parts parse_url(std::string_view url)
{
    url_parts parts;
    auto const handle = parsed_url(url, parts.problem);
    if (handle) {
        parts.parsed = true;
        parts.scheme = get_part(handle.get(), CURLUPART_SCHEME);
    }
    return parts;
}

std::string redact_url(std::string_view url)
{
    std::string problem;
    auto const handle = parsed_url(url, problem);
    if (!handle) {
        return fmt::format("{}...", scheme_prefix(url));
    }
    for (auto const part : {CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS,
                            CURLUPART_QUERY, CURLUPART_FRAGMENT}) {
        curl_url_set(handle.get(), part, nullptr, 0);
    }
    auto shown = get_part(handle.get(), CURLUPART_URL);
    return shown.empty() ? fmt::format("{}...", scheme_prefix(url)) : shown;
}

namespace {

bool is_uri(std::string_view conninfo)
{
    return conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://");
}

int hex_value(char c)
{
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) {
        return -1;
    }
    return std::isdigit(static_cast<unsigned char>(c)) != 0
               ? c - '0'
               : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
}

// %XX decoded; a '%' without two hex digits is kept as it is.
std::string percent_decoded(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// Where passwords are in one conninfo: the spans of the text that hold
// them, and the values they stand for (decoded, unescaped).
struct conninfo_secrets
{
    bool parsed = true; // whether libpq can parse the conninfo
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::vector<std::string> values;

    // A span of the conninfo that holds a password: its raw text and its
    // percent-decoding are secret too.
    void add_span(std::string_view conninfo, std::size_t begin, std::size_t end)
    {
        if (end > begin) {
            spans.emplace_back(begin, end);
            values.emplace_back(conninfo.substr(begin, end - begin));
            values.push_back(percent_decoded(values.back()));
        }
    }
};

// In a URI, what the user may mean as the password: from the first ':'
// after "://" to the last '@', so that a raw '@', '/' or '?' in it, which
// libpq reads otherwise, still counts.
void find_uri_password(std::string_view uri, conninfo_secrets &secrets)
{
    auto const start = uri.find("://") + 3;
    auto const at = uri.rfind('@');
    if (at == std::string_view::npos || at < start) {
        return;
    }
    auto const colon = uri.find(':', start);
    if (colon < at) {
        secrets.add_span(uri, colon + 1, at);
    }
}

// Each "password = value" (and "sslpassword = value"): quoted ('...' with
// backslash escapes) or up to one of ends.
void find_password_keys(std::string_view conninfo, std::string_view ends,
                        conninfo_secrets &secrets)
{
    auto const lower = ascii_lower(conninfo);
    constexpr std::string_view key = "password";
    for (auto pos = lower.find(key); pos != std::string::npos;
         pos = lower.find(key, pos + 1)) {
        auto i = pos + key.size();
        auto const skip_spaces = [&] {
            while (i < conninfo.size() &&
                   std::isspace(static_cast<unsigned char>(conninfo[i]))) {
                ++i;
            }
        };
        skip_spaces();
        if (i >= conninfo.size() || conninfo[i] != '=') {
            continue;
        }
        ++i;
        skip_spaces();
        if (i < conninfo.size() && conninfo[i] == '\'') {
            std::string value;
            auto const begin = ++i;
            for (; i < conninfo.size() && conninfo[i] != '\''; ++i) {
                if (conninfo[i] == '\\' && i + 1 < conninfo.size()) {
                    ++i;
                }
                value += conninfo[i];
            }
            secrets.add_span(conninfo, begin, i);
            secrets.values.push_back(std::move(value));
        } else {
            secrets.add_span(conninfo, i,
                             std::min(conninfo.find_first_of(ends, i), conninfo.size()));
        }
    }
}

// The passwords libpq itself reads from the conninfo; false when libpq
// cannot parse it.
bool libpq_passwords(std::string const &conninfo, std::vector<std::string> &values)
{
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(conninfo.c_str(), &error);
    if (options == nullptr) {
        PQfreemem(error);
        return false;
    }
    for (auto const *option = options; option->keyword != nullptr; ++option) {
        std::string_view const keyword{option->keyword};
        // sslpassword unlocks the client's key: as secret as the password.
        if ((keyword == "password" || keyword == "sslpassword") && option->val != nullptr) {
            values.emplace_back(option->val);
        }
    }
    PQconninfoFree(options);
    return true;
}

conninfo_secrets find_secrets(std::string_view conninfo)
{
    conninfo_secrets secrets;
    std::vector<std::string> values;
    // As libpq decides whether dbname holds a whole conninfo (expand_dbname).
    if (is_uri(conninfo) || conninfo.find('=') != std::string_view::npos) {
        secrets.parsed = libpq_passwords(std::string{conninfo}, values);
    }
    if (is_uri(conninfo)) {
        find_uri_password(conninfo, secrets);
    }
    find_password_keys(conninfo, is_uri(conninfo) ? "&" : " \t\n\r\f\v", secrets);
    if (char const *env = std::getenv("PGPASSWORD")) {
        values.emplace_back(env);
    }
    for (auto &value : values) {
        for (auto pos = conninfo.find(value);
             !value.empty() && pos != std::string_view::npos;
             pos = conninfo.find(value, pos + 1)) {
            secrets.spans.emplace_back(pos, pos + value.size());
        }
        secrets.values.push_back(std::move(value));
    }
    std::erase(secrets.values, std::string{});
    // Longest first, so that no part of a longer one is left when replacing.
    std::ranges::sort(secrets.values, std::ranges::greater{}, &std::string::size);
    return secrets;
}

// Whether a quoted fragment of libpq's message shows something of a password.
bool shows_secret(std::string_view fragment, std::string_view conninfo,
                  conninfo_secrets const &secrets)
{
    if (fragment.empty()) {
        return false;
    }
    // A lone '=' or ']' is libpq naming its own syntax, not an echo.
    bool const lone_mark =
        fragment.size() == 1 && std::isalnum(static_cast<unsigned char>(fragment[0])) == 0;
    for (auto const &value : secrets.values) {
        if (fragment.find(value) != std::string_view::npos ||
            (!lone_mark && value.find(fragment) != std::string::npos)) {
            return true;
        }
    }
    for (auto pos = conninfo.find(fragment); pos != std::string_view::npos;
         pos = conninfo.find(fragment, pos + 1)) {
        for (auto const &[begin, end] : secrets.spans) {
            if (pos < end && begin < pos + fragment.size()) {
                return true;
            }
        }
        // What libpq could not parse may hold a password anywhere.
        if (!secrets.parsed && !lone_mark) {
            return true;
        }
    }
    return !secrets.parsed && !lone_mark &&
           percent_decoded(conninfo).find(fragment) != std::string::npos;
}

// The message with every quoted fragment that shows a secret replaced. A
// quote inside an echoed password must not end the fragment early: of the
// fragments starting at one quote, the longest that is an echo of the
// conninfo and shows a secret is hidden.
template <typename TEcho, typename TShows>
std::string hide_fragments(std::string_view message, TEcho const &is_echo,
                           TShows const &shows)
{
    std::vector<std::size_t> quotes;
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] == '"') {
            quotes.push_back(i);
        }
    }
    std::string out;
    std::size_t copied = 0;
    for (std::size_t q = 0; q + 1 < quotes.size();) {
        auto const open = quotes[q];
        auto close = q + 1;
        bool hide = false;
        for (auto c = quotes.size() - 1; c > q && !hide; --c) {
            auto const fragment = message.substr(open + 1, quotes[c] - open - 1);
            if ((c == q + 1 || is_echo(fragment)) && shows(fragment)) {
                close = c;
                hide = true;
            }
        }
        out.append(message.substr(copied, open + 1 - copied));
        out.append(hide ? hidden_text : message.substr(open + 1, quotes[close] - open - 1));
        out += '"';
        copied = quotes[close] + 1;
        q = close + 1;
    }
    out.append(message.substr(copied));
    return out;
}

void replace_all(std::string &text, std::string_view what, std::string_view with)
{
    for (auto pos = text.find(what); pos != std::string::npos;
         pos = text.find(what, pos + with.size())) {
        text.replace(pos, what.size(), with);
    }
}

} // namespace

std::string redact_libpq_message(std::string_view message, std::string_view conninfo)
{
    auto const secrets = find_secrets(conninfo);
    auto const decoded = percent_decoded(conninfo);
    auto text = hide_fragments(
        message,
        [&](std::string_view fragment) {
            return conninfo.find(fragment) != std::string_view::npos ||
                   decoded.find(fragment) != std::string::npos;
        },
        [&](std::string_view fragment) {
            return shows_secret(fragment, conninfo, secrets);
        });
    // libpq quotes what it echoes; this is for anything it might not. A
    // shorter password would take letters out of the words of the message.
    for (auto const &value : secrets.values) {
        if (value.size() >= 4) {
            replace_all(text, value, hidden_text);
        }
    }
    return text;
}

void scrub_arguments(int argc, char **argv, std::initializer_list<std::string_view> options)
{
    auto const blank = [](char *text) {
        for (; *text != '\0'; ++text) {
            *text = 'x';
        }
    };
    for (int i = 1; i < argc; ++i) {
        std::string_view const argument{argv[i]};
        for (auto const option : options) {
            if (argument == option && i + 1 < argc) {
                blank(argv[++i]);
                break;
            }
            if (argument.starts_with(option) && argument.size() > option.size() &&
                argument[option.size()] == '=') {
                blank(argv[i] + option.size() + 1);
                break;
            }
        }
    }
}

} // namespace taxi_etl
