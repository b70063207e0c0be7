#pragma once

// Sizes as the command line writes them ("4GB", "500 MB", "300000") and as
// messages show them.

#include <cstdint>
#include <string>
#include <string_view>

namespace taxi_etl {

// A whole number of bytes, or of KB, MB, GB or TB (also K, KiB, ...; any
// case), each 1024 times the one before. Throws etl_error(usage) naming
// `option` for anything else, for 0, and for a size that does not fit.
std::uint64_t parse_byte_size(std::string_view text, std::string_view option);

// The largest unit that divides the size exactly: "4 GB", "5 MB", "1000 bytes".
std::string format_byte_size(std::uint64_t bytes);

} // namespace taxi_etl
