#include "taxi_etl/transform.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/history.hpp"
#include "taxi_etl/lock_wait.hpp"
#include "taxi_etl/partition.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/sql.hpp"
#include "taxi_etl/taxi_kind.hpp"
#include "taxi_etl/trip_table.hpp"
#include "taxi_etl/zones.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

namespace taxi_etl {

namespace {

// The kinds with models, the service type fact_trips gives them, and what
// their staging model (sql/model_stg_trips.sql) reads from their table.
struct modelled_kind
{
    std::string_view taxi;
    std::string_view service_type;
    std::string_view view;
    std::string_view pickup, dropoff;      // columns
    std::string_view trip_type, ehail_fee; // expressions: yellow has neither column
};
constexpr std::array<modelled_kind, 2> modelled_kinds{{
    {"green", "Green", "stg_green_tripdata", "lpep_pickup_datetime",
     "lpep_dropoff_datetime", "trip_type", "ehail_fee"},
    {"yellow", "Yellow", "stg_yellow_tripdata", "tpep_pickup_datetime",
     "tpep_dropoff_datetime", "1", "0"},
}};

struct names
{
    std::string schema, zones, dim_zones, fact_trips, dm;
    std::map<std::string_view, std::string> trip_tables, views;
};

names quoted_names(pg::connection &db, std::string const &schema)
{
    auto const q = [&](std::string_view name) {
        return fmt::format("{}.{}", db.quote_identifier(schema), db.quote_identifier(name));
    };
    names n{db.quote_identifier(schema),
            q("taxi_zone_lookup"),
            q("dim_zones"),
            q("fact_trips"),
            q("dm_monthly_zone_revenue"),
            {},
            {}};
    for (auto const &kind : modelled_kinds) {
        n.trip_tables[kind.taxi] = q(fmt::format("{}_tripdata", kind.taxi));
        n.views[kind.taxi] = q(kind.view);
    }
    return n;
}

// The staging rows of a kind, all or those whose pickup is in `where`.
std::string stg_rows(modelled_kind const &kind, names const &n, std::string const &where)
{
    return sql::render("model_stg_trips", fmt::arg("table", n.trip_tables.at(kind.taxi)),
                       fmt::arg("pickup", kind.pickup), fmt::arg("dropoff", kind.dropoff),
                       fmt::arg("trip_type", kind.trip_type),
                       fmt::arg("ehail_fee", kind.ehail_fee), fmt::arg("where", where));
}

// The table holding a kind's staging rows in scope for this run, beside the
// models; the transform lock makes it one run's per schema.
std::string scope_table(names const &n, modelled_kind const &kind)
{
    return fmt::format("{}.taxi_etl_transform_stg_{}", n.schema, kind.taxi);
}

// Computes a kind's staging rows in scope once, for the models and the
// checks to read: the dedup sort over the raw rows and the casts are most
// of a transform's cost. CREATE TABLE AS, unlike INSERT, may run in
// parallel. Unlogged rather than temporary: parallel workers cannot read a
// temporary table, and the full rebuild of fact_trips from these runs in
// parallel (34 s against 24-27 s at 11 million facts). Created and dropped
// (drop_scopes) in the transform's transaction, so no other session ever
// sees it, and a rollback or crash takes it away.
void materialize_scope(pg::connection &db, names const &n, modelled_kind const &kind,
                       std::string const &where)
{
    db.exec(fmt::format("CREATE UNLOGGED TABLE {} AS {}", scope_table(n, kind),
                        stg_rows(kind, n, where)));
}

void drop_scopes(pg::connection &db, names const &n)
{
    for (auto const &kind : modelled_kinds) {
        db.exec(fmt::format("DROP TABLE {}", scope_table(n, kind)));
    }
}

// "AND (p >= '2019-01-01' AND p < '2019-01-01'::timestamp + interval '1 month' OR ...)"
std::string pickup_in(std::string_view column, std::set<std::string> const &months)
{
    std::vector<std::string> ranges;
    for (auto const &month : months) {
        ranges.push_back(fmt::format(
            "({0} >= '{1}'::timestamp AND {0} < '{1}'::timestamp + interval '1 month')",
            column, month));
    }
    return ranges.empty() ? "AND false"
                          : fmt::format("AND ({})", fmt::join(ranges, " OR "));
}

bool models_exist(pg::connection &db, std::string const &schema)
{
    for (auto const *name : {"stg_green_tripdata", "stg_yellow_tripdata", "dim_zones",
                             "fact_trips", "dm_monthly_zone_revenue"}) {
        if (db.exec_params(std::string{sql::text("table_columns")}, {schema, name})
                .rows() == 0) {
            return false;
        }
    }
    return true;
}

// The revenue model groups by zone, month and service type: a few thousand
// groups, but the planner, with no statistics on the month expression,
// expects millions and sorts every fact row; hashing them took 5.5 s
// against 21 s at 11 million facts. SET LOCAL would last to the end of the
// transaction: it is set back after (on an error, the rollback does it).
pg::result build_revenue(pg::connection &db, std::string const &statement,
                         std::vector<std::string> const &params)
{
    db.exec("SET LOCAL enable_sort = off");
    auto result = db.exec_params(statement, params);
    db.exec("SET LOCAL enable_sort TO DEFAULT");
    return result;
}

// The zone lookup's id as an integer, for the models and checks that
// compare it with trips' ids (sql/expr_zone_integer_id.sql).
std::string zone_id()
{
    return std::string{sql::text("expr_zone_integer_id")};
}

// Creates fact_trips' index where missing (and drops an earlier version's).
void ensure_fact_trips_index(pg::connection &db, names const &n)
{
    db.exec(sql::render("fact_trips_index", fmt::arg("schema", n.schema),
                        fmt::arg("fact_trips", n.fact_trips)));
}

void build_all(pg::connection &db, names const &n, transform_result &result)
{
    std::vector<std::string> unioned;
    for (auto const &kind : modelled_kinds) {
        db.exec(fmt::format("DROP VIEW IF EXISTS {}", n.views.at(kind.taxi)));
        db.exec(fmt::format("CREATE VIEW {} AS {}", n.views.at(kind.taxi),
                            stg_rows(kind, n, "")));
        unioned.push_back(fmt::format("SELECT *, text '{}' AS service_type FROM {}",
                                      kind.service_type, scope_table(n, kind)));
    }
    // Each model's row count is its CREATE TABLE AS's, not a count(*) that
    // would read fact_trips once more.
    db.exec(fmt::format("DROP TABLE IF EXISTS {}", n.dim_zones));
    auto const zones =
        db.exec(fmt::format("CREATE TABLE {} AS {}", n.dim_zones,
                            sql::render("model_dim_zones", fmt::arg("zones", n.zones))));
    // Without statistics the planner takes the new lookup for twice its
    // size and sorts every trip to merge-join it (38 s against 24 s).
    db.exec(fmt::format("ANALYZE {}", n.dim_zones));
    db.exec(fmt::format("DROP TABLE IF EXISTS {}", n.fact_trips));
    auto const facts = db.exec(fmt::format(
        "CREATE TABLE {} AS {}", n.fact_trips,
        sql::render("model_fact_trips",
                    fmt::arg("trips", fmt::join(unioned, " UNION ALL ")),
                    fmt::arg("dim_zones", n.dim_zones), fmt::arg("zone_id", zone_id()))));
    db.exec(fmt::format("DROP TABLE IF EXISTS {}", n.dm));
    auto const revenue =
        build_revenue(db,
                      fmt::format("CREATE TABLE {} AS {}", n.dm,
                                  sql::render("model_dm_monthly_zone_revenue",
                                              fmt::arg("fact_trips", n.fact_trips),
                                              fmt::arg("where", ""))),
                      {});
    ensure_fact_trips_index(db, n);
    result.rows.emplace_back("dim_zones", zones.affected_rows());
    result.rows.emplace_back("fact_trips", facts.affected_rows());
    result.rows.emplace_back("dm_monthly_zone_revenue", revenue.affected_rows());
}

// Rebuilds the given pickup months of one kind in fact_trips and
// dm_monthly_zone_revenue from the kind's scope table, all in one pass: a
// file's rows touch a dozen months or more (strays dated in other months
// and years), and one statement per month would repeat the fixed cost of
// each.
void rebuild_months(pg::connection &db, names const &n, modelled_kind const &kind,
                    std::set<std::string> const &months, transform_result &result)
{
    std::vector<std::string> const service{std::string{kind.service_type}};
    auto const delete_months = [&](std::string const &model,
                                   std::string_view month_column) {
        db.exec_params(fmt::format("DELETE FROM {} WHERE service_type = $1 {}", model,
                                   pickup_in(month_column, months)),
                       service);
    };
    delete_months(n.fact_trips, "pickup_datetime");
    auto const facts = db.exec_params(
        fmt::format(
            "INSERT INTO {} {}", n.fact_trips,
            sql::render("model_fact_trips",
                        fmt::arg("trips", fmt::format("SELECT *, $1::text AS service_type "
                                                      "FROM {}",
                                                      scope_table(n, kind))),
                        fmt::arg("dim_zones", n.dim_zones),
                        fmt::arg("zone_id", zone_id()))),
        service);
    delete_months(n.dm, "revenue_month");
    auto const revenue = build_revenue(
        db,
        fmt::format(
            "INSERT INTO {} {}", n.dm,
            sql::render(
                "model_dm_monthly_zone_revenue", fmt::arg("fact_trips", n.fact_trips),
                fmt::arg("where", fmt::format("WHERE service_type = $1 {}",
                                              pickup_in("pickup_datetime", months))))),
        service);
    result.rows.emplace_back(fmt::format("fact_trips {}", kind.taxi),
                             facts.affected_rows());
    result.rows.emplace_back(fmt::format("dm_monthly_zone_revenue {}", kind.taxi),
                             revenue.affected_rows());
}

// The checks of each staging model over its rows in scope, and the revenue
// model's. The zone and payment type checks are reported for both staging
// models together.
std::vector<check_result> run_checks(pg::connection &db, names const &n,
                                     std::string const &dm_scope)
{
    std::vector<check_result> checks;
    std::uint64_t pickup_unknown = 0, dropoff_unknown = 0, payment_other = 0;
    for (auto const &kind : modelled_kinds) {
        auto const tripids = db.exec(
            sql::render("transform_check_tripids", fmt::arg("stg", scope_table(n, kind))));
        auto const values = db.exec(
            sql::render("transform_check_values", fmt::arg("stg", scope_table(n, kind)),
                        fmt::arg("zones", n.zones), fmt::arg("zone_id", zone_id())));
        auto const count = [](pg::result const &res, int column) {
            return std::stoull(std::string{res.get(0, column)});
        };
        checks.push_back(
            {fmt::format("{}.tripid unique", kind.view), count(tripids, 0), "error"});
        checks.push_back(
            {fmt::format("{}.tripid not null", kind.view), count(tripids, 1), "error"});
        pickup_unknown += count(values, 0);
        dropoff_unknown += count(values, 1);
        payment_other += count(values, 2);
    }
    checks.push_back({"pickup_locationid in taxi_zone_lookup", pickup_unknown, "warn"});
    checks.push_back({"dropoff_locationid in taxi_zone_lookup", dropoff_unknown, "warn"});
    checks.push_back({"payment_type in 1..6", payment_other, "warn"});
    auto const revenue =
        db.exec(sql::render("transform_check_revenue", fmt::arg("dm_scope", dm_scope)));
    checks.push_back({"dm_monthly_zone_revenue.revenue_monthly_total_amount not null",
                      std::stoull(std::string{revenue.get(0, 0)}), "error"});
    return checks;
}

} // namespace

transform_result run_transform(transform_request const &request)
{
    auto const started = std::chrono::steady_clock::now();
    transform_result result;
    pg::connection db{request.conninfo};
    lock_wait::watch const watching{db, 0, request.notify}; // who holds a lock it waits for
    db.exec(std::string{sql::text("session_settings")});
    db.exec(std::string{sql::text("transform_settings")});
    history::prepare(db);

    if (request.reload_zones || !zones_loaded(db, request.schema)) {
        result.zones_loaded = load_zones(
            db, request.schema, zones_source(request.zones_location), request.transfer);
    }
    // The staging views need both trip tables, loaded or not; the index on
    // pickups lets a month be read without the rest.
    for (auto const &kind : modelled_kinds) {
        auto const table = make_trip_table(db, request.schema, find_taxi_kind(kind.taxi));
        pg::transaction prepare{db};
        lock_or_create_table(db, table, {0, request.notify});
        ensure_indexes(db, table);
        prepare.commit();
    }

    auto const n = quoted_names(db, request.schema);
    // One snapshot for the whole transform: a load that commits meanwhile is
    // not half seen, and its pending months stay for the next run.
    pg::transaction snapshot{db, "BEGIN ISOLATION LEVEL REPEATABLE READ"};
    db.exec_params(std::string{sql::text("transform_lock")}, {request.schema});

    auto const pending =
        db.exec_params(std::string{sql::text("transform_pending")}, {request.schema});
    std::vector<std::string> consumed;
    std::map<std::string_view, std::set<std::string>> months_of;
    for (int row = 0; row < pending.rows(); ++row) {
        consumed.emplace_back(pending.get(row, 0));
        auto const taxi = pending.get(row, 1);
        auto const kind = std::ranges::find(modelled_kinds, taxi, &modelled_kind::taxi);
        if (kind != modelled_kinds.end()) { // transform_pending reads only these
            months_of[kind->taxi].emplace(pending.get(row, 2));
        }
    }
    auto const fingerprint = std::string{
        db.exec(sql::render("zones_fingerprint", fmt::arg("zones", n.zones))).get(0, 0)};
    auto const state =
        db.exec_params(std::string{sql::text("transform_state")}, {request.schema});

    if (request.full_refresh) {
        result.full_reason = "--full-refresh";
    } else if (!models_exist(db, request.schema)) {
        result.full_reason = "the models do not exist yet";
    } else if (state.rows() == 0 || state.get(0, 0) != fingerprint) {
        result.full_reason = "the zone lookup changed";
    }
    result.full = !result.full_reason.empty();

    std::string dm_scope;
    if (result.full) {
        for (auto const &kind : modelled_kinds) {
            materialize_scope(db, n, kind, "");
        }
        build_all(db, n, result);
        dm_scope = fmt::format("SELECT * FROM {}", n.dm);
    } else {
        ensure_fact_trips_index(db, n);
        std::vector<std::string> dm_ranges;
        for (auto const &kind : modelled_kinds) {
            auto const &months = months_of[kind.taxi];
            materialize_scope(db, n, kind, pickup_in(kind.pickup, months));
            if (!months.empty()) {
                rebuild_months(db, n, kind, months, result);
            }
            for (auto const &month : months) {
                result.months.push_back(
                    fmt::format("{} {}", kind.taxi, month.substr(0, 7)));
                dm_ranges.push_back(
                    fmt::format("(service_type = '{}' AND revenue_month = '{}')",
                                kind.service_type, month));
            }
        }
        dm_scope = fmt::format(
            "SELECT * FROM {} WHERE {}", n.dm,
            dm_ranges.empty() ? "false" : fmt::format("{}", fmt::join(dm_ranges, " OR ")));
    }

    result.checks = run_checks(db, n, dm_scope);
    for (auto const &check : result.checks) {
        if (check.severity == "error" && check.failing > 0) {
            snapshot.rollback();
            fail(exit_code::checks_failed,
                 "check '{}' failed for {} rows: the models are left as they were",
                 check.name, check.failing);
        }
    }
    drop_scopes(db, n);
    db.exec_params(std::string{sql::text("transform_consume")},
                   {fmt::format("{}", fmt::join(consumed, ","))});
    db.exec_params(std::string{sql::text("transform_state_save")},
                   {request.schema, fingerprint});
    snapshot.commit();
    result.seconds =
        std::chrono::duration<double>{std::chrono::steady_clock::now() - started}.count();
    return result;
}

std::string format_transform_report(transform_result const &result)
{
    std::string out;
    if (result.zones_loaded > 0) {
        out += fmt::format("zone lookup loaded: {} rows\n", result.zones_loaded);
    }
    if (result.full) {
        out += fmt::format("full rebuild ({}) in {:.1f} s\n", result.full_reason,
                           result.seconds);
    } else {
        out +=
            fmt::format("incremental: {} months rebuilt in {:.1f} s{}{}\n",
                        result.months.size(), result.seconds,
                        result.months.empty() ? "" : ": ", fmt::join(result.months, ", "));
    }
    for (auto const &[model, rows] : result.rows) {
        out += fmt::format("  {:<48} {:>10} rows\n", model, rows);
    }
    out += fmt::format("{:<64}  {:>12}  {}\n", "check", "rows failing", "severity");
    for (auto const &check : result.checks) {
        out +=
            fmt::format("{:<64}  {:>12}  {}\n", check.name, check.failing, check.severity);
    }
    return out;
}

} // namespace taxi_etl
