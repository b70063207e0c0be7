#include "taxi_etl/byte_size.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/printable.hpp"
#include "taxi_etl/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>

namespace taxi_etl {

namespace {

struct unit
{
    std::string_view name; // as shown; the letter alone and "<letter>iB" parse too
    int shift;
};

constexpr std::array<unit, 4> units{{{"TB", 40}, {"GB", 30}, {"MB", 20}, {"KB", 10}}};

// The shift of a unit's name ("", "B", "M", "MB", "MiB"...), or -1.
int shift_of(std::string_view name)
{
    if (name.empty() || equal_ignoring_case(name, "B")) {
        return 0;
    }
    for (auto const &u : units) {
        auto const letter = u.name.substr(0, 1);
        if (equal_ignoring_case(name, letter) || equal_ignoring_case(name, u.name) ||
            equal_ignoring_case(name, fmt::format("{}iB", letter))) {
            return u.shift;
        }
    }
    return -1;
}

} // namespace

std::uint64_t parse_byte_size(std::string_view text, std::string_view option)
{
    std::uint64_t number = 0;
    auto const [end, error] =
        std::from_chars(text.data(), text.data() + text.size(), number);
    auto rest = text.substr(static_cast<std::size_t>(end - text.data()));
    while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
    }
    int const shift = shift_of(rest);
    if (error != std::errc{} || end == text.data() || shift < 0 || number == 0) {
        fail(exit_code::usage,
             "{} must be a size such as 4GB, 500MB or 300000 (bytes), not {}", option,
             quoted_value(text));
    }
    if (number > (std::numeric_limits<std::uint64_t>::max() >> shift)) {
        fail(exit_code::usage, "{} {} is too large", option, quoted_value(text));
    }
    return number << shift;
}

std::string format_byte_size(std::uint64_t bytes)
{
    for (auto const &u : units) {
        auto const size = std::uint64_t{1} << u.shift;
        if (bytes >= size && bytes % size == 0) {
            return fmt::format("{} {}", bytes / size, u.name);
        }
    }
    return fmt::format("{} byte{}", bytes, bytes == 1 ? "" : "s");
}

} // namespace taxi_etl
