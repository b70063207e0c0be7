#include "taxi_etl/transform_checks.hpp"

#include "taxi_etl/sql.hpp"
#include "taxi_etl/trip_table.hpp"

#include <algorithm>

namespace taxi_etl {

namespace {

std::uint64_t count(pg::result const &res, int column)
{
    return std::stoull(std::string{res.get(0, column)});
}

// The revenue rows in scope whose total is NULL: all rows, or those of
// each kind's service type in its months rebuilt.
std::uint64_t revenue_without_total(pg::connection &db, model_names const &n,
                                    model_scope const &scope)
{
    auto const statement = sql::render("transform_check_revenue", fmt::arg("dm", n.dm));
    if (scope.all) {
        return count(db.exec_params(statement, {"true", "", "{}"}), 0);
    }
    std::uint64_t failing = 0;
    for (auto const &k : n.kinds) {
        auto const months = scope.months.find(std::string{k.kind->name});
        if (months != scope.months.end() && !months->second.empty()) {
            failing +=
                count(db.exec_params(statement,
                                     {"false", std::string{k.kind->model->service_type},
                                      array_literal(months->second)}),
                      0);
        }
    }
    return failing;
}

} // namespace

std::vector<check_result> run_checks(pg::connection &db, model_names const &n,
                                     model_scope const &scope)
{
    std::vector<check_result> checks;
    std::uint64_t pickup_unknown = 0, dropoff_unknown = 0, payment_other = 0;
    for (auto const &k : n.kinds) {
        auto const tripids =
            db.exec(sql::render("transform_check_tripids", fmt::arg("stg", k.scope)));
        auto const values = db.exec(sql::render(
            "transform_check_values", fmt::arg("stg", k.scope), fmt::arg("zones", n.zones),
            fmt::arg("zone_id", sql::text("expr_zone_integer_id"))));
        auto const view = staging_view_name(*k.kind);
        checks.push_back(
            {fmt::format("{}.tripid unique", view), count(tripids, 0), "error"});
        checks.push_back(
            {fmt::format("{}.tripid not null", view), count(tripids, 1), "error"});
        pickup_unknown += count(values, 0);
        dropoff_unknown += count(values, 1);
        payment_other += count(values, 2);
    }
    checks.push_back({"pickup_locationid in taxi_zone_lookup", pickup_unknown, "warn"});
    checks.push_back({"dropoff_locationid in taxi_zone_lookup", dropoff_unknown, "warn"});
    checks.push_back({"payment_type in 1..6", payment_other, "warn"});
    checks.push_back({"dm_monthly_zone_revenue.revenue_monthly_total_amount not null",
                      revenue_without_total(db, n, scope), "error"});
    return checks;
}

check_result const *first_failed(std::vector<check_result> const &checks)
{
    auto const failed = std::ranges::find_if(checks, [](check_result const &check) {
        return check.severity == "error" && check.failing > 0;
    });
    return failed == checks.end() ? nullptr : &*failed;
}

} // namespace taxi_etl
