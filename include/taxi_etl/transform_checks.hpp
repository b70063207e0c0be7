#pragma once

// The checks the course's dbt build runs on the models, as `transform`
// runs them: over the rows in scope, before its transaction commits.

#include "taxi_etl/pg.hpp"
#include "taxi_etl/transform_models.hpp"
#include "taxi_etl/transform_result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

// The name dbt gives a generic test, and so its --store-failures table:
// "{type}_{model}_" and the arguments (in the order of their names), each
// run of characters other than letters, digits and '_' written '_', joined
// by "__"; from 64 characters on, the first 30 of "{type}_{model}", '_' and
// the md5 of the whole name.
std::string dbt_test_name(std::string_view type, std::string_view model,
                          std::vector<std::string> const &args);

// The checks of each staging model over its rows in scope, and the revenue
// model's, each with the statement that lists its failing rows.
std::vector<check_result> run_checks(pg::connection &db, model_names const &n,
                                     model_scope const &scope);

// The first check of severity "error" that some rows fail, if any.
check_result const *first_failed(std::vector<check_result> const &checks);

} // namespace taxi_etl
