#include "taxi_etl/printable.hpp"

#include <fmt/format.h>

namespace taxi_etl {

namespace {

// The length of the valid UTF-8 sequence that starts text[at], or 0. Over-
// long forms, surrogates and code points past U+10FFFF are not valid.
std::size_t utf8_length(std::string_view text, std::size_t at)
{
    auto const byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    auto const lead = byte(at);
    std::size_t length = 0;
    unsigned min_second = 0x80;
    unsigned max_second = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        min_second = lead == 0xE0 ? 0xA0 : 0x80;
        max_second = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        min_second = lead == 0xF0 ? 0x90 : 0x80;
        max_second = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (at + length > text.size() || byte(at + 1) < min_second ||
        byte(at + 1) > max_second) {
        return 0;
    }
    for (std::size_t i = 2; i < length; ++i) {
        if (byte(at + i) < 0x80 || byte(at + i) > 0xBF) {
            return 0;
        }
    }
    return length;
}

// Appends text[at] (one character) to out, escaped if need be; returns the
// number of bytes it took.
std::size_t append_printable(std::string_view text, std::size_t at, std::string &out)
{
    auto const c = static_cast<unsigned char>(text[at]);
    if (c >= 0x20 && c < 0x7F) {
        out += static_cast<char>(c);
        return 1;
    }
    switch (c) {
    case '\n':
        out += "\\n";
        return 1;
    case '\r':
        out += "\\r";
        return 1;
    case '\t':
        out += "\\t";
        return 1;
    default:
        break;
    }
    if (c < 0x80) { // other C0 controls, DEL
        out += fmt::format("\\x{:02x}", c);
        return 1;
    }
    auto const length = utf8_length(text, at);
    if (length == 0) {
        out += fmt::format("\\x{:02x}", c);
        return 1;
    }
    // C1 controls (U+0080 to U+009F): a terminal may act on them, e.g. CSI.
    if (length == 2 && c == 0xC2 && static_cast<unsigned char>(text[at + 1]) < 0xA0) {
        out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[at + 1]));
        return 2;
    }
    out.append(text.substr(at, length));
    return length;
}

// At most `max_bytes` bytes of text, made printable, and whether it was cut.
std::pair<std::string, bool> printable_prefix(std::string_view text, std::size_t max_bytes)
{
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::string next;
        auto const taken = append_printable(text, at, next);
        if (out.size() + next.size() > max_bytes) {
            return {std::move(out), true};
        }
        out += next;
        at += taken;
    }
    return {std::move(out), false};
}

} // namespace

std::string printable(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        at += append_printable(text, at, out);
    }
    return out;
}

std::string quoted_value(std::string_view text, std::size_t max_bytes)
{
    auto [shown, cut] = printable_prefix(text, max_bytes);
    if (!cut) {
        return fmt::format("'{}'", shown);
    }
    return fmt::format("'{}...' ({} bytes)", shown, text.size());
}

std::string printable_cut(std::string_view text, std::size_t max_bytes)
{
    auto [shown, cut] = printable_prefix(text, max_bytes);
    if (!cut) {
        return shown;
    }
    constexpr std::string_view ellipsis = "...";
    auto [prefix, cut_again] = printable_prefix(text, max_bytes - ellipsis.size());
    return prefix.append(ellipsis);
}

std::string bounded_text(std::string_view text, std::size_t max_bytes)
{
    auto [shown, cut] = printable_prefix(text, max_bytes);
    if (cut) {
        shown += fmt::format("... ({} bytes in all)", text.size());
    }
    return shown;
}

std::string one_line_message(std::string_view text)
{
    return bounded_text(text, max_message_bytes);
}

} // namespace taxi_etl
