#include "taxi_etl/history.hpp"

#include "taxi_etl/db_errors.hpp"
#include "taxi_etl/interrupt.hpp"
#include "taxi_etl/version.hpp"

#include <unistd.h>

#include <array>
#include <string_view>

namespace taxi_etl::history {

namespace {

// Each version of the taxi_etl schema is one file in sql/, applied in order.
constexpr std::array<std::string_view, 5> migrations{"bookkeeping_v1", "bookkeeping_v2",
                                                     "bookkeeping_v3", "bookkeeping_v4",
                                                     "bookkeeping_v5"};

std::string host_name()
{
    std::array<char, 256> name{};
    if (gethostname(name.data(), name.size() - 1) != 0) {
        return {};
    }
    return name.data();
}

} // namespace

int schema_version(pg::connection &db)
{
    if (!db.exec_named("bookkeeping_exists").get_bool(0, 0)) {
        return 0;
    }
    return db.exec_named("bookkeeping_version").get<int>(0, 0);
}

void prepare(pg::connection &db)
{
    if (schema_version(db) < static_cast<int>(migrations.size())) {
        pg::transaction upgrade{db};
        db.exec_named("bookkeeping_lock");
        // Another run may have upgraded it while we waited for the lock.
        for (auto version = schema_version(db);
             version < static_cast<int>(migrations.size()); ++version) {
            db.exec_named(migrations[static_cast<std::size_t>(version)]);
        }
        upgrade.commit();
    }
    db.exec_named("runs_mark_interrupted");
}

std::int64_t start_run(pg::connection &db, run_info const &run)
{
    return db
        .exec_named("run_start", run.taxi, run.target_schema, run.file_name, run.source,
                    run.backfill, host_name(), static_cast<std::int64_t>(getpid()),
                    version_text())
        .get<std::int64_t>(0, 0);
}

void finish_run(pg::connection &db, std::int64_t run_id, load_result const &result)
{
    db.exec_named("run_finish", run_id, "succeeded", result.rows_read, result.rows_inserted,
                  result.rows_present, result.bytes_downloaded, 0,
                  std::optional<std::string>{});
}

void fail_run(pg::connection &db, std::int64_t run_id, etl_error const &failure)
{
    auto const error = db_errors::reported(failure);
    auto const *status = error.code() == exit_code::interrupted ? "interrupted" : "failed";
    std::optional<std::uint64_t> const none; // a failed run has no counts
    std::string_view const message = error.what();
    db.exec_named("run_finish", run_id, status, none, none, none, none,
                  interrupt::exit_status(error.code()),
                  message.empty() ? std::optional<std::string_view>{} : message);
}

void reattach_run(pg::connection &db, std::int64_t run_id)
{
    db.exec_named("run_reattach", run_id);
}

pg::result list_runs(pg::connection &db, run_filter const &filter)
{
    return db.exec_named(schema_version(db) == 0 ? "runs_none" : "runs_list", filter.taxi,
                         filter.limit, filter.statuses, filter.schema, filter.file_like,
                         filter.since_date, filter.since_seconds);
}

bool loaded_before(pg::connection &db, std::string_view taxi, std::string_view schema,
                   std::string_view file_name)
{
    return db.exec_named("run_loaded_file", taxi, schema, file_name).get_bool(0, 0);
}

} // namespace taxi_etl::history
