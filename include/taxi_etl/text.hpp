#pragma once

// Small comparisons of text that several modules need alike.

#include <algorithm>
#include <cctype>
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

} // namespace taxi_etl
