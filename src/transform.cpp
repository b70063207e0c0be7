#include "taxi_etl/transform.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/history.hpp"
#include "taxi_etl/lock_wait.hpp"
#include "taxi_etl/partition.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/sql.hpp"
#include "taxi_etl/taxi_kind.hpp"
#include "taxi_etl/transform_checks.hpp"
#include "taxi_etl/transform_models.hpp"
#include "taxi_etl/trip_table.hpp"
#include "taxi_etl/zones.hpp"

#include <algorithm>
#include <chrono>
#include <set>

namespace taxi_etl {

namespace {

void prepare_session(pg::connection &db)
{
    db.exec_named("session_settings");
    db.exec_named("transform_settings");
    history::prepare(db);
}

// The staging views need every modelled kind's trip table, loaded or not;
// the index on pickups lets a month be read without the rest.
void ensure_trip_tables(pg::connection &db, transform_request const &request)
{
    for (auto const *kind : modelled_kinds()) {
        auto const table = make_trip_table(db, request.schema, *kind);
        pg::transaction prepare{db};
        lock_or_create_table(db, table, {0, request.notify});
        ensure_indexes(db, table);
        prepare.commit();
    }
}

// The pickup months loads have touched since the last transform, and the
// ids of their records, forgotten once the months are rebuilt.
struct pending_months
{
    std::vector<std::string> ids;
    months_by_kind months;
};

pending_months read_pending(pg::connection &db, std::string const &schema)
{
    std::set<std::string> kinds;
    for (auto const *kind : modelled_kinds()) {
        kinds.emplace(kind->name);
    }
    auto const rows = db.exec_named("transform_pending", schema, array_literal(kinds));
    pending_months pending;
    for (int row = 0; row < rows.rows(); ++row) {
        pending.ids.emplace_back(rows.get(row, 0));
        pending.months[std::string{rows.get(row, 1)}].emplace(rows.get(row, 2));
    }
    return pending;
}

bool models_exist(pg::connection &db, std::string const &schema)
{
    return std::ranges::all_of(model_relation_names(), [&](std::string const &name) {
        return db.exec_named("table_columns", schema, name).rows() > 0;
    });
}

// Why every model is rebuilt, or "" for an incremental run.
std::string full_rebuild_reason(pg::connection &db, transform_request const &request,
                                std::string const &zones_fingerprint)
{
    if (request.full_refresh) {
        return "--full-refresh";
    }
    if (!models_exist(db, request.schema)) {
        return "the models do not exist yet";
    }
    auto const state = db.exec_named("transform_state", request.schema);
    if (state.rows() == 0 || state.get(0, 0) != zones_fingerprint) {
        return "the zone lookup changed";
    }
    return "";
}

// Months recorded by loads that committed meanwhile stay pending.
void record_done(pg::connection &db, std::string const &schema,
                 pending_months const &pending, std::string const &zones_fingerprint)
{
    db.exec_named("transform_consume", fmt::format("{}", fmt::join(pending.ids, ",")));
    db.exec_named("transform_state_save", schema, zones_fingerprint);
}

} // namespace

transform_result run_transform(transform_request const &request)
{
    auto const started = std::chrono::steady_clock::now();
    transform_result result;
    pg::connection db{request.conninfo};
    lock_wait::watch const watching{db, 0, request.notify}; // who holds a lock it waits for
    prepare_session(db);
    if (request.reload_zones || !zones_loaded(db, request.schema)) {
        result.zones_loaded = load_zones(
            db, request.schema, zones_source(request.zones_location), request.transfer);
    }
    ensure_trip_tables(db, request);

    auto const n = quoted_model_names(db, request.schema);
    // One snapshot for the whole transform: a load that commits meanwhile is
    // not half seen, and its pending months stay for the next run.
    pg::transaction snapshot{db, "BEGIN ISOLATION LEVEL REPEATABLE READ"};
    db.exec_named("transform_lock", request.schema);
    auto const pending = read_pending(db, request.schema);
    auto const fingerprint = std::string{
        db.exec(sql::render("zones_fingerprint", fmt::arg("zones", n.zones))).get(0, 0)};
    result.full_reason = full_rebuild_reason(db, request, fingerprint);
    result.full = !result.full_reason.empty();
    auto const scope = result.full ? build_all(db, n, result)
                                   : build_months(db, n, pending.months, result);
    result.checks = run_checks(db, n, scope);
    if (auto const *failed = first_failed(result.checks)) {
        snapshot.rollback();
        fail(exit_code::checks_failed,
             "check '{}' failed for {} rows: the models are left as they were",
             failed->name, failed->failing);
    }
    drop_scopes(db, n);
    record_done(db, request.schema, pending, fingerprint);
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
