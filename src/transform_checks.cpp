#include "taxi_etl/transform_checks.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/md5.hpp"
#include "taxi_etl/sql.hpp"
#include "taxi_etl/trip_table.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace taxi_etl {

namespace {

std::uint64_t count(pg::result const &res, int column)
{
    return std::stoull(std::string{res.get(0, column)});
}

check_result make_check(std::string name, std::uint64_t failing, std::string severity,
                        std::string test_name, std::string rows_sql)
{
    check_result check;
    check.name = std::move(name);
    check.failing = failing;
    check.severity = std::move(severity);
    check.test_name = std::move(test_name);
    check.rows_sql = std::move(rows_sql);
    return check;
}

// The revenue model's check over its rows in scope: all rows, or those of
// each kind's service type in its months rebuilt.
check_result revenue_check(pg::connection &db, model_names const &n,
                           model_scope const &scope)
{
    auto check = make_check(
        "dm_monthly_zone_revenue.revenue_monthly_total_amount not null", 0, "error",
        dbt_test_name("not_null", "dm_monthly_zone_revenue",
                      {"revenue_monthly_total_amount"}),
        sql::render("transform_failures_revenue", fmt::arg("dm", n.dm)));
    check.rows_params = {"true", "{}"};
    auto const statement = sql::render("transform_check_revenue", fmt::arg("dm", n.dm));
    if (scope.all) {
        check.failing = count(db.exec_params(statement, {"true", "", "{}"}), 0);
        return check;
    }
    std::set<std::string> rebuilt; // "Green 2019-01-01"
    for (auto const &k : n.kinds) {
        auto const in_scope = scope.months.find(std::string{k.kind->name});
        if (in_scope == scope.months.end() || in_scope->second.empty()) {
            continue;
        }
        auto const service_type = std::string{k.kind->model->service_type};
        check.failing += count(db.exec_params(statement, {"false", service_type,
                                                          array_literal(in_scope->second)}),
                               0);
        for (auto const &month : in_scope->second) {
            rebuilt.insert(fmt::format("{} {}", service_type, month));
        }
    }
    check.rows_params = {"false", array_literal(rebuilt)};
    return check;
}

// The four checks of one staging model, from the counts of its rows in scope.
void add_staging_checks(std::vector<check_result> &checks, model_names const &n,
                        kind_names const &k, pg::result const &tripids,
                        pg::result const &values)
{
    auto const view = staging_view_name(*k.kind);
    auto const stg = fmt::arg("stg", k.scope);
    auto const zone_id = sql::text("expr_zone_integer_id");
    checks.push_back(make_check(fmt::format("{}.tripid unique", view), count(tripids, 0),
                                "error", dbt_test_name("unique", view, {"tripid"}),
                                sql::render("transform_failures_unique", stg)));
    checks.push_back(make_check(fmt::format("{}.tripid not null", view), count(tripids, 1),
                                "error", dbt_test_name("not_null", view, {"tripid"}),
                                sql::render("transform_failures_not_null", stg)));
    int column = 0;
    for (std::string_view const zone : {"pickup_locationid", "dropoff_locationid"}) {
        checks.push_back(make_check(
            fmt::format("{}.{} in taxi_zone_lookup", view, zone), count(values, column++),
            "warn",
            dbt_test_name("relationships", view,
                          {std::string{zone}, "locationid", "ref('taxi_zone_lookup')"}),
            sql::render("transform_failures_zone", stg, fmt::arg("zones", n.zones),
                        fmt::arg("zone_id", zone_id), fmt::arg("column", zone))));
    }
    checks.push_back(make_check(
        fmt::format("{}.payment_type in 1..6", view), count(values, 2), "warn",
        dbt_test_name("accepted_values", view,
                      {"payment_type", "False", "{{ var('payment_type_values') }}"}),
        sql::render("transform_failures_payment", stg)));
}

} // namespace

std::string dbt_test_name(std::string_view type, std::string_view model,
                          std::vector<std::string> const &args)
{
    std::string unique;
    for (auto const &arg : args) {
        if (&arg != &args.front()) {
            unique += "__";
        }
        bool in_run = false; // a run of characters other than [0-9a-zA-Z_] becomes one '_'
        for (unsigned char const c : arg) {
            bool const word = std::isalnum(c) != 0 || c == '_';
            if (word) {
                unique += static_cast<char>(c);
            } else if (!in_run) {
                unique += '_';
            }
            in_run = !word;
        }
    }
    auto const identifier = fmt::format("{}_{}", type, model);
    auto const full = fmt::format("{}_{}", identifier, unique);
    if (full.size() < 64) {
        return full;
    }
    std::array<char, md5_hasher::hex_size> hex{};
    if (!md5_hasher{}.hex_digest(full, hex.data())) {
        fail(exit_code::internal, "md5 of a test's name failed");
    }
    return fmt::format("{}_{}", identifier.substr(0, 30),
                       std::string_view{hex.data(), hex.size()});
}

std::vector<check_result> run_checks(pg::connection &db, model_names const &n,
                                     model_scope const &scope)
{
    std::vector<check_result> checks;
    for (auto const &k : n.kinds) {
        auto const tripids =
            db.exec(sql::render("transform_check_tripids", fmt::arg("stg", k.scope)));
        auto const values = db.exec(sql::render(
            "transform_check_values", fmt::arg("stg", k.scope), fmt::arg("zones", n.zones),
            fmt::arg("zone_id", sql::text("expr_zone_integer_id"))));
        add_staging_checks(checks, n, k, tripids, values);
    }
    checks.push_back(revenue_check(db, n, scope));
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
