#include "taxi_etl/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>

namespace taxi_etl {

namespace {

char lower(char c)
{
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string_view without_dashes(std::string_view name)
{
    auto const start = name.find_first_not_of('-');
    return start == std::string_view::npos ? std::string_view{} : name.substr(start);
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(),
                      [](char a, char b) { return lower(a) == lower(b); });
}

// How far a candidate may be from a word of this length.
std::size_t max_distance(std::size_t word_length)
{
    if (word_length < 3) {
        return 0;
    }
    return std::clamp<std::size_t>(word_length / 3, 1, 3);
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b)
{
    // Three rows of the table: the one before the previous is for swaps.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1),
        current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t const change = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            current[j] =
                std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + change});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1])) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::vector<std::string> nearest_names(std::string_view word,
                                       std::vector<std::string> const &candidates)
{
    auto const typed = without_dashes(word);
    std::size_t best = std::numeric_limits<std::size_t>::max();
    std::vector<std::string> nearest;
    for (auto const &candidate : candidates) {
        auto const name = without_dashes(candidate);
        std::size_t distance = edit_distance(typed, name);
        if (typed.size() >= 3 && starts_with_ignoring_case(name, typed)) {
            distance = 0;
        }
        if (distance > max_distance(typed.size()) || distance > best) {
            continue;
        }
        if (distance < best) {
            best = distance;
            nearest.clear();
        }
        if (std::ranges::find(nearest, candidate) == nearest.end()) {
            nearest.push_back(candidate);
        }
    }
    return nearest;
}

std::string did_you_mean(std::vector<std::string> const &names)
{
    if (names.empty()) {
        return "";
    }
    std::vector<std::string> quoted;
    for (auto const &name : names) {
        quoted.push_back(fmt::format("'{}'", name));
    }
    auto const last = quoted.back();
    quoted.pop_back();
    if (quoted.empty()) {
        return fmt::format("; did you mean {}?", last);
    }
    return fmt::format("; did you mean {} or {}?", fmt::join(quoted, ", "), last);
}

} // namespace taxi_etl
