#pragma once

// Text from outside (a file's header, a file name, a URL, a server's
// message) made safe to print in a one-line message: a terminal must not
// get raw control characters (a carriage return that hides what came
// before it, an escape sequence), a log must not get a second line, and a
// 60 KB header name must not become a 60 KB line.

#include <cstddef>
#include <string>
#include <string_view>

namespace taxi_etl {

// Every character that is not printable shown as an escape: "\n", "\r",
// "\t", "\x1b" for other C0 controls and DEL, "\u0085" for C1 controls, and
// "\xff" for each byte that is not valid UTF-8. Printable text, UTF-8
// letters included, is kept as it is. Backslashes are kept too, so that
// applying it twice changes nothing.
std::string printable(std::string_view text);

// A value quoted in a message: printable, and cut to at most `max_bytes`
// bytes of the value (at a character boundary) with a note of its length.
//   'lpep_pickup_datetime'
//   'xxxxxxxx...' (61440 bytes)
std::string quoted_value(std::string_view text, std::size_t max_bytes = 80);

// A table cell: printable, and at most `max_bytes` bytes, the last three
// "..." when it was cut.
std::string printable_cut(std::string_view text, std::size_t max_bytes);

// Text printable and cut after `max_bytes` bytes, with a note of its length:
// "xxxx... (10024 bytes in all)".
std::string bounded_text(std::string_view text, std::size_t max_bytes);

// The whole of a message: bounded_text of at most `max_message_bytes`
// bytes, whatever the parts it was made of.
inline constexpr std::size_t max_message_bytes = 2000;
std::string one_line_message(std::string_view text);

} // namespace taxi_etl
