#pragma once

// "Did you mean ...?": the names nearest to a mistyped command or option,
// as git and cargo suggest them.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

// Damerau-Levenshtein distance (optimal string alignment), ignoring case:
// inserting, deleting or changing a character, or swapping two adjacent
// ones, each counts 1. "yaer" is 1 from "year".
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidates nearest to `word`, in their order, when they are near
// enough to be what was meant; none otherwise. Leading dashes are ignored
// on both sides ("-year" means "--year"). Near enough: a distance of at
// most a third of the word's length (at least 1, at most 3; a word of
// one or two characters must match exactly), or the word of 3 or more
// characters is how the candidate starts ("--ver" -> "--verify").
std::vector<std::string> nearest_names(std::string_view word,
                                       std::vector<std::string> const &candidates);

// The suggestion of a usage error: "; did you mean 'load'?", "; did you
// mean '--verify' or '--version'?", or "" when there is none.
std::string did_you_mean(std::vector<std::string> const &names);

} // namespace taxi_etl
