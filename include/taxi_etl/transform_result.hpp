#pragma once

// What a transform did, filled in by its steps (transform_models.hpp,
// transform_checks.hpp) and printed by `taxi-etl transform`.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace taxi_etl {

struct check_result
{
    std::string name;
    std::uint64_t failing = 0;
    std::string severity; // "error" fails the transform, "warn" does not
};

struct transform_result
{
    bool full = false;
    std::string full_reason;         // why a full rebuild
    std::vector<std::string> months; // rebuilt incrementally: "green 2019-01"
    std::uint64_t zones_loaded = 0;  // rows, if the lookup was (re)loaded
    std::vector<std::pair<std::string, std::uint64_t>> rows; // model, rows written
    std::vector<check_result> checks;
    double seconds = 0.0;
};

} // namespace taxi_etl
