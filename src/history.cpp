#include "taxi_etl/history.hpp"

#include "taxi_etl/db_errors.hpp"
#include "taxi_etl/interrupt.hpp"
#include "taxi_etl/sql.hpp"

#include <unistd.h>

#include <array>
#include <string_view>

namespace taxi_etl::history {

namespace {

// Each version of the taxi_etl schema is one file in sql/, applied in order.
constexpr std::array<std::string_view, 4> migrations{"bookkeeping_v1", "bookkeeping_v2",
                                                     "bookkeeping_v3", "bookkeeping_v4"};

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
    if (db.exec(std::string{sql::text("bookkeeping_exists")}).get(0, 0) != "t") {
        return 0;
    }
    return std::stoi(
        std::string{db.exec(std::string{sql::text("bookkeeping_version")}).get(0, 0)});
}

void prepare(pg::connection &db)
{
    if (schema_version(db) < static_cast<int>(migrations.size())) {
        db.exec("BEGIN");
        db.exec(std::string{sql::text("bookkeeping_lock")});
        // Another run may have upgraded it while we waited for the lock.
        for (auto version = schema_version(db);
             version < static_cast<int>(migrations.size()); ++version) {
            db.exec(std::string{sql::text(migrations[static_cast<std::size_t>(version)])});
        }
        db.exec("COMMIT");
    }
    db.exec(std::string{sql::text("runs_mark_interrupted")});
}

std::int64_t start_run(pg::connection &db, run_info const &run)
{
    auto const res = db.exec_params(std::string{sql::text("run_start")},
                                    {run.taxi, run.target_schema, run.file_name, run.source,
                                     run.backfill ? "true" : "false", host_name(),
                                     std::to_string(getpid()), TAXI_ETL_VERSION});
    return std::stoll(std::string{res.get(0, 0)});
}

void finish_run(pg::connection &db, std::int64_t run_id, load_result const &result)
{
    db.exec_params(std::string{sql::text("run_finish")},
                   {std::to_string(run_id), "succeeded", std::to_string(result.rows_read),
                    std::to_string(result.rows_inserted),
                    std::to_string(result.rows_present),
                    std::to_string(result.bytes_downloaded), "0", ""});
}

void fail_run(pg::connection &db, std::int64_t run_id, etl_error const &failure)
{
    auto const error = db_errors::reported(failure);
    auto const *status = error.code() == exit_code::interrupted ? "interrupted" : "failed";
    db.exec_params(std::string{sql::text("run_finish")},
                   {std::to_string(run_id), status, "", "", "", "",
                    std::to_string(interrupt::exit_status(error.code())), error.what()});
}

void reattach_run(pg::connection &db, std::int64_t run_id)
{
    db.exec_params(std::string{sql::text("run_reattach")}, {std::to_string(run_id)});
}

std::map<std::string, earlier_load>
loaded_files(pg::connection &db, std::string const &taxi, std::string const &schema)
{
    std::map<std::string, earlier_load> files;
    auto const res =
        db.exec_params(std::string{sql::text("runs_succeeded_files")}, {taxi, schema});
    for (int row = 0; row < res.rows(); ++row) {
        files.emplace(std::string{res.get(row, 0)},
                      earlier_load{std::stoll(std::string{res.get(row, 1)}),
                                   std::string{res.get(row, 2)}});
    }
    return files;
}

} // namespace taxi_etl::history
