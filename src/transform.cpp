#include "taxi_etl/transform.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/history.hpp"
#include "taxi_etl/interrupt.hpp"
#include "taxi_etl/lock_wait.hpp"
#include "taxi_etl/partition.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/report.hpp"
#include "taxi_etl/sql.hpp"
#include "taxi_etl/taxi_kind.hpp"
#include "taxi_etl/transform_checks.hpp"
#include "taxi_etl/transform_failures.hpp"
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

// Where the lookup is loaded from before the models are built, and why;
// nothing when the one loaded stays.
struct zones_plan
{
    std::string location;
    std::string why;
};

// Why a given --zones-url is loaded, or "" when it is where the loaded
// lookup came from. A source recorded without its secrets or query cannot
// be compared: any --zones-url may differ from it.
std::string zones_url_differs(std::string const &url,
                              std::optional<recorded_zones> const &recorded)
{
    if (!recorded) {
        return "where the loaded one came from is not recorded";
    }
    if (!recorded->whole) {
        return fmt::format("the loaded one came from {}, whose credentials or query "
                           "were not recorded",
                           recorded->shown);
    }
    if (url != recorded->shown) {
        return fmt::format("the loaded one came from {}", recorded->shown);
    }
    return "";
}

std::optional<zones_plan> plan_zones(pg::connection &db, transform_request const &request)
{
    auto const &url = request.zones_url;
    if (!zones_loaded(db, request.schema)) {
        return zones_plan{url.value_or(std::string{default_zones_url}), "none was loaded"};
    }
    auto const recorded = recorded_zones_source(db, request.schema);
    if (url) {
        auto why = zones_url_differs(*url, recorded);
        if (!why.empty()) {
            return zones_plan{*url, std::move(why)};
        }
    }
    if (!request.reload_zones) {
        return std::nullopt;
    }
    if (!url && recorded && !recorded->whole) {
        fail(exit_code::usage,
             "--reload-zones: the zone lookup was loaded from a URL whose credentials or "
             "query were not recorded ({}); give --zones-url again",
             recorded->shown);
    }
    auto const recorded_or_default =
        recorded ? recorded->shown : std::string{default_zones_url};
    return zones_plan{url.value_or(recorded_or_default), "--reload-zones"};
}

// The lookup's text, with the retries a month gets.
std::string download_zones(source_spec const &source, transform_request const &request)
{
    for (unsigned retry = 1;; ++retry) {
        try {
            auto attempt = request.transfer;
            attempt.attempt_started = std::chrono::steady_clock::now();
            return read_zones(source, attempt);
        } catch (etl_error const &error) {
            if (!error.is_transient() || retry > request.retry.retries ||
                interrupt::received() != 0) {
                throw;
            }
            wait_to_retry(request.retry, retry, error, fmt::format("{};", error.what()),
                          request.notify);
        }
    }
}

// Loads the lookup when plan_zones says so; what was done, or "".
std::string refresh_zones(pg::connection &db, transform_request const &request)
{
    auto const plan = plan_zones(db, request);
    if (!plan) {
        return "";
    }
    auto const source = zones_source(plan->location);
    auto const loaded =
        replace_zones(db, request.schema, source, download_zones(source, request));
    auto const what = fmt::format("zone lookup loaded from {} ({}): {} zones", source.shown,
                                  plan->why, loaded.rows);
    if (!loaded.differing) {
        return what;
    }
    if (*loaded.differing == 0) {
        return what + ", unchanged: nothing rebuilt for it";
    }
    return fmt::format("{}, {} differ: every month is rebuilt", what, *loaded.differing);
}

} // namespace

transform_result run_transform(transform_request const &request)
{
    auto const started = std::chrono::steady_clock::now();
    if (request.store_failures) {
        audit_schema_name(request.schema); // too long: refused before anything is built
    }
    transform_result result;
    pg::connection db{request.conninfo};
    lock_wait::watch const watching{db, 0, request.notify}; // who holds a lock it waits for
    prepare_session(db);
    result.zones_note = refresh_zones(db, request);
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
    result.failed = first_failed(result.checks) != nullptr;
    if (result.failed) {
        sample_failures(db, result.checks);
    }
    auto const failures = request.store_failures ? read_failures(db, result.checks)
                                                 : std::vector<check_failures>{};
    if (result.failed) {
        snapshot.rollback(); // the models stay as they were
    } else {
        drop_scopes(db, n);
        record_done(db, request.schema, pending, fingerprint);
        snapshot.commit();
    }
    if (request.store_failures) {
        result.audit_schema = store_failures(db, request.schema, failures);
        result.audit_notes = format_stored_failures(result.checks, failures);
    }
    result.seconds =
        std::chrono::duration<double>{std::chrono::steady_clock::now() - started}.count();
    return result;
}

std::string format_transform_report(transform_result const &result)
{
    std::string out;
    if (!result.zones_note.empty()) {
        out += result.zones_note + "\n";
    }
    auto const outcome = result.failed ? " (rolled back: an error check failed)" : "";
    if (result.full) {
        out += fmt::format("full rebuild ({}) in {:.1f} s{}\n", result.full_reason,
                           result.seconds, outcome);
    } else {
        out += fmt::format("incremental: {} months rebuilt in {:.1f} s{}{}{}\n",
                           result.months.size(), result.seconds,
                           result.months.empty() ? "" : ": ",
                           fmt::join(result.months, ", "), outcome);
    }
    if (!result.failed) { // rolled back: no model was written
        for (auto const &[model, rows] : result.rows) {
            out += fmt::format("  {:<48} {:>10} rows\n", model, rows);
        }
    }
    out += fmt::format("{:<64}  {:>12}  {}\n", "check", "rows failing", "severity");
    for (auto const &check : result.checks) {
        out +=
            fmt::format("{:<64}  {:>12}  {}\n", check.name, check.failing, check.severity);
    }
    if (!result.audit_schema.empty()) {
        out += fmt::format("failing rows stored in schema {}, a table per check named as "
                           "dbt names its test\n",
                           result.audit_schema);
    }
    for (auto const &note : result.audit_notes) {
        out += note + "\n";
    }
    return out;
}

void fail_on_checks(transform_result const &result)
{
    auto const *failed = first_failed(result.checks);
    if (failed == nullptr) {
        return;
    }
    for (auto const &line : format_check_failures(result)) {
        log_line(line);
    }
    fail(exit_code::checks_failed,
         "check '{}' failed for {} rows: the models are left as they were", failed->name,
         failed->failing);
}

} // namespace taxi_etl
