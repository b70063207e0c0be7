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
    std::string severity;  // "error" fails the transform, "warn" does not
    std::string test_name; // the course's dbt test's name: its audit table's
    // The statement that lists its failing rows in scope, and its
    // parameters: read while the transform's transaction is open.
    std::string rows_sql;
    std::vector<std::string> rows_params;
    std::vector<std::string> sample; // a few failing rows of a failed error check
};

struct transform_result
{
    bool full = false;
    std::string full_reason;         // why a full rebuild
    std::vector<std::string> months; // rebuilt incrementally: "green 2019-01"
    std::string zones_note;          // what was done with the lookup, and why; or ""
    std::vector<std::pair<std::string, std::uint64_t>> rows; // model, rows written
    std::vector<check_result> checks;
    bool failed = false;                  // an error check failed: nothing was committed
    std::string audit_schema;             // where --store-failures put the rows, if it did
    std::vector<std::string> audit_notes; // the checks it did not store every row of
    double seconds = 0.0;
};

} // namespace taxi_etl
