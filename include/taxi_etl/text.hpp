#pragma once

// Small comparisons of text that several modules need alike.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace taxi_etl {

// ASCII letters compared without regard to case: header names ("VendorID"
// and "vendorid") and size units ("MB" and "mb").
inline bool equal_ignoring_case(std::string_view a, std::string_view b)
{
    return std::ranges::equal(a, b, [](unsigned char x, unsigned char y) {
        return std::tolower(x) == std::tolower(y);
    });
}

// ASCII letters in lower case, every other byte as it is: column names
// ("PULocationID" is pulocationid) and conninfo keywords.
inline std::string ascii_lower(std::string_view s)
{
    std::string lower{s};
    for (char &c : lower) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return lower;
}

// How often `c` occurs in `s`, by memchr: far faster than a loop over
// every byte when `c` is as sparse as the line ends of a file, or the
// quotes in it, and every byte of a file is counted so.
inline std::size_t count_byte(std::string_view s, char c)
{
    std::size_t count = 0;
    char const *at = s.data();
    char const *const end = s.data() + s.size();
    while (at != end) {
        auto const *found = static_cast<char const *>(
            std::memchr(at, c, static_cast<std::size_t>(end - at)));
        if (found == nullptr) {
            break;
        }
        ++count;
        at = found + 1;
    }
    return count;
}

} // namespace taxi_etl
