#include "taxi_etl/transform_models.hpp"

#include "taxi_etl/sql.hpp"
#include "taxi_etl/zones.hpp"

namespace taxi_etl {

namespace {

constexpr std::string_view dim_zones_table = "dim_zones";
constexpr std::string_view fact_trips_table = "fact_trips";
constexpr std::string_view dm_table = "dm_monthly_zone_revenue";

// "$2"
std::string parameter(int number)
{
    return fmt::format("${}", number);
}

// A kind's staging rows (model_stg_trips in sql/transform_models.sql): all, or those whose
// pickup passes `filter` ("AND ...").
std::string stg_rows(kind_names const &k, std::string_view filter)
{
    auto const &model = *k.kind->model;
    return sql::render("model_stg_trips", fmt::arg("table", k.trip_table),
                       fmt::arg("pickup", k.pickup), fmt::arg("dropoff", k.dropoff),
                       fmt::arg("trip_type", model.trip_type),
                       fmt::arg("ehail_fee", model.ehail_fee), fmt::arg("where", filter));
}

// Computes a kind's staging rows in scope once, for the models and the
// checks to read: the dedup sort over the raw rows and the casts are most
// of a transform's cost (transform_scope_create in sql/transform_models.sql).
void materialize_scope(pg::connection &db, kind_names const &k, std::string_view filter,
                       std::vector<std::string> const &params)
{
    db.exec_params(sql::render("transform_scope_create", fmt::arg("scope", k.scope),
                               fmt::arg("rows", stg_rows(k, filter))),
                   params);
}

// A kind's staging rows in scope, labelled with the service type that is
// parameter `param`.
std::string service_trips(kind_names const &k, int param)
{
    return sql::render("model_service_trips", fmt::arg("scope", k.scope),
                       fmt::arg("service_type", parameter(param)));
}

std::string fact_rows(model_names const &n, std::string_view trips)
{
    return sql::render("model_fact_trips", fmt::arg("trips", trips),
                       fmt::arg("dim_zones", n.dim_zones),
                       fmt::arg("zone_id", sql::text("expr_zone_integer_id")));
}

std::string revenue_rows(model_names const &n, std::string_view where)
{
    return sql::render("model_dm_monthly_zone_revenue",
                       fmt::arg("fact_trips", n.fact_trips), fmt::arg("where", where));
}

// Writes the revenue model's rows with sorting off for the statement (see
// transform_sort_off in sql/transform_models.sql).
std::uint64_t build_revenue(pg::connection &db, std::string const &statement,
                            std::vector<std::string> const &params)
{
    db.exec_named("transform_sort_off");
    auto const rows = db.exec_params(statement, params).affected_rows();
    db.exec_named("transform_sort_default");
    return rows;
}

void drop_table(pg::connection &db, std::string const &table)
{
    db.exec(sql::render("transform_table_drop", fmt::arg("table", table)));
}

std::string create_table(std::string const &table, std::string_view rows)
{
    return sql::render("transform_table_create", fmt::arg("table", table),
                       fmt::arg("rows", rows));
}

// Creates fact_trips' index where missing (and drops an earlier version's).
void ensure_fact_trips_index(pg::connection &db, model_names const &n)
{
    db.exec(sql::render("fact_trips_index", fmt::arg("schema", n.schema),
                        fmt::arg("fact_trips", n.fact_trips)));
}

// Rebuilds the given pickup months of one kind in fact_trips and
// dm_monthly_zone_revenue from the kind's scope table, all in one pass: a
// file's rows touch a dozen months or more (strays dated in other months
// and years), and one statement per month would repeat the fixed cost of
// each. Parameters: $1 the service type, $2... the months.
void rebuild_months(pg::connection &db, model_names const &n, kind_names const &k,
                    std::set<std::string> const &months, transform_result &result)
{
    std::vector<std::string> const service{std::string{k.kind->model->service_type}};
    auto params = service;
    auto const month_params = in_months("pickup_datetime", months, 2).params;
    params.insert(params.end(), month_params.begin(), month_params.end());
    auto const rows_in = [&](std::string_view month_column) {
        return sql::render("expr_service_months",
                           fmt::arg("months", in_months(month_column, months, 2).sql));
    };
    auto const delete_months = [&](std::string const &model, std::string_view column) {
        db.exec_params(sql::render("transform_months_delete", fmt::arg("model", model),
                                   fmt::arg("rows", rows_in(column))),
                       params);
    };
    delete_months(n.fact_trips, "pickup_datetime");
    auto const facts = db.exec_params(
        sql::render("transform_months_insert", fmt::arg("model", n.fact_trips),
                    fmt::arg("rows", fact_rows(n, service_trips(k, 1)))),
        service);
    delete_months(n.dm, "revenue_month");
    auto const revenue = build_revenue(
        db,
        sql::render("transform_months_insert", fmt::arg("model", n.dm),
                    fmt::arg("rows", revenue_rows(n, rows_in("pickup_datetime")))),
        params);
    result.rows.emplace_back(fmt::format("fact_trips {}", k.kind->name),
                             facts.affected_rows());
    result.rows.emplace_back(fmt::format("dm_monthly_zone_revenue {}", k.kind->name),
                             revenue);
}

} // namespace

model_names quoted_model_names(pg::connection &db, std::string const &schema)
{
    auto const q = [&](std::string_view name) {
        return fmt::format("{}.{}", db.quote_identifier(schema), db.quote_identifier(name));
    };
    model_names n{db.quote_identifier(schema), q(zones_table_name), q(dim_zones_table),
                  q(fact_trips_table),         q(dm_table),         {}};
    for (auto const *kind : modelled_kinds()) {
        // The scope tables sit beside the models; the transform lock makes
        // them one run's per schema.
        n.kinds.push_back({kind, q(trip_table_name(*kind)), q(staging_view_name(*kind)),
                           q(fmt::format("taxi_etl_transform_stg_{}", kind->name)),
                           db.quote_identifier(db_column_name(kind->pickup_column)),
                           db.quote_identifier(db_column_name(kind->dropoff_column))});
    }
    return n;
}

std::vector<std::string> model_relation_names()
{
    std::vector<std::string> names;
    for (auto const *kind : modelled_kinds()) {
        names.push_back(staging_view_name(*kind));
    }
    for (auto const table : {dim_zones_table, fact_trips_table, dm_table}) {
        names.emplace_back(table);
    }
    return names;
}

month_filter in_months(std::string_view column, std::set<std::string> const &months,
                       int first_param)
{
    month_filter filter;
    std::vector<std::string> ranges;
    for (auto const &month : months) {
        auto const number = first_param + static_cast<int>(filter.params.size());
        ranges.push_back(sql::render("expr_in_month", fmt::arg("column", column),
                                     fmt::arg("month", parameter(number))));
        filter.params.push_back(month);
    }
    filter.sql = ranges.empty() ? "false" : fmt::format("{}", fmt::join(ranges, " OR "));
    return filter;
}

model_scope build_all(pg::connection &db, model_names const &n, transform_result &result)
{
    std::vector<std::string> service_types, trips;
    for (auto const &k : n.kinds) {
        materialize_scope(db, k, "", {});
        service_types.emplace_back(k.kind->model->service_type);
        trips.push_back(service_trips(k, static_cast<int>(service_types.size())));
    }
    for (auto const &k : n.kinds) {
        db.exec(sql::render("transform_view_replace", fmt::arg("view", k.view),
                            fmt::arg("rows", stg_rows(k, ""))));
    }
    drop_table(db, n.dim_zones);
    auto const zones = db.exec(create_table(
        n.dim_zones, sql::render("model_dim_zones", fmt::arg("zones", n.zones))));
    db.exec(sql::render("transform_table_analyze", fmt::arg("table", n.dim_zones)));
    drop_table(db, n.fact_trips);
    auto const facts = db.exec_params(
        create_table(n.fact_trips,
                     fact_rows(n, fmt::format("{}", fmt::join(trips, " UNION ALL ")))),
        service_types);
    drop_table(db, n.dm);
    auto const revenue = build_revenue(db, create_table(n.dm, revenue_rows(n, "true")), {});
    ensure_fact_trips_index(db, n);
    result.rows.emplace_back(dim_zones_table, zones.affected_rows());
    result.rows.emplace_back(fact_trips_table, facts.affected_rows());
    result.rows.emplace_back(dm_table, revenue);
    return {true, {}};
}

model_scope build_months(pg::connection &db, model_names const &n,
                         months_by_kind const &months, transform_result &result)
{
    ensure_fact_trips_index(db, n);
    model_scope scope;
    for (auto const &k : n.kinds) {
        auto const name = std::string{k.kind->name};
        auto &kind_months = scope.months[name]; // none pending: no months
        if (auto const found = months.find(name); found != months.end()) {
            kind_months = found->second;
        }
        auto const filter = in_months(k.pickup, kind_months, 1);
        materialize_scope(db, k, fmt::format("AND ({})", filter.sql), filter.params);
        if (!kind_months.empty()) {
            rebuild_months(db, n, k, kind_months, result);
        }
        for (auto const &month : kind_months) {
            result.months.push_back(fmt::format("{} {}", name, month.substr(0, 7)));
        }
    }
    return scope;
}

void drop_scopes(pg::connection &db, model_names const &n)
{
    for (auto const &k : n.kinds) {
        db.exec(sql::render("transform_scope_drop", fmt::arg("scope", k.scope)));
    }
}

} // namespace taxi_etl
