#pragma once

// The checks the course's dbt build runs on the models, as `transform`
// runs them: over the rows in scope, before its transaction commits.

#include "taxi_etl/pg.hpp"
#include "taxi_etl/transform_models.hpp"
#include "taxi_etl/transform_result.hpp"

#include <vector>

namespace taxi_etl {

// The checks of each staging model over its rows in scope, and the revenue
// model's. The zone and payment type checks are reported for both staging
// models together.
std::vector<check_result> run_checks(pg::connection &db, model_names const &n,
                                     model_scope const &scope);

// The first check of severity "error" that some rows fail, if any.
check_result const *first_failed(std::vector<check_result> const &checks);

} // namespace taxi_etl
