#include "taxi_etl/load.hpp"

#include "taxi_etl/copy_stream.hpp"
#include "taxi_etl/history.hpp"
#include "taxi_etl/interrupt.hpp"
#include "taxi_etl/partition.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/reload_check.hpp"
#include "taxi_etl/source_check.hpp"
#include "taxi_etl/sql.hpp"
#include "taxi_etl/trip_table.hpp"

#include <chrono>
#include <cmath>
#include <optional>
#include <thread>

namespace taxi_etl {

namespace {

// Streams the file into a COPY to `target`, in the format asked for,
// showing progress.
copy_result stream_file(pg::connection &db, load_request const &request,
                        copy_target const &target, stream_counters &counters,
                        row_output output = row_output::whole_row)
{
    progress_line progress{request.show_progress};
    auto const format = resolve_copy_format(request.format, db.host(), db.host_address());
    auto copied =
        stream_into_copy(request.source, request.transfer, *request.kind, output, db,
                         target, format, counters, [&] {
                             progress.update(request.source.file_name,
                                             counters.bytes_downloaded, counters.lines);
                         });
    progress.clear();
    return copied;
}

// A file the table has no rows of, in a table taxi-etl creates (or will
// create now): the file is written like a first load, into a table of its
// own that becomes the file's partition. See README, "How it works".
load_result load_new_partition(pg::connection &db, load_request const &request,
                               trip_table const &table)
{
    auto const &file_name = request.source.file_name;
    // A new schema is created under the table's lock, held from here on:
    // a run that created it meanwhile would make CREATE SCHEMA fail.
    if (!schema_exists(db, table.schema)) {
        prepare_trip_table(db, table, request.lock_timeout_seconds, request.notify);
    }
    auto const partition = create_file_partition(db, table, file_name);
    stream_counters counters;
    auto const copied = stream_file(db, request, direct_copy_target(partition), counters);
    finish_direct_copy(db, partition, copied.rows_without_id);
    index_file_partition(db, partition);

    // The table lock is taken only now, so that loads of other files copy
    // and index side by side and wait for each other only to attach.
    prepare_trip_table(db, table, request.lock_timeout_seconds, request.notify);
    if (find_layout(db, table) != table_layout::partitioned) {
        fail(exit_code::database,
             "table {} was created without partitions while {} was loading; load it again",
             table.display, file_name);
    }
    auto const held = attach_file_partition(
        db, table, partition, file_name, copied.pickup_days, request.lock_timeout_seconds);
    auto const inserted = copied.rows - held;
    if (inserted > 0) {
        record_pending_months(db, table, copied.pickup_days, partition.qualified);
    }
    record_load(db, table, file_name, copied.validators, copied.rows, inserted);
    db.exec("COMMIT");
    return {file_name, copied.rows, inserted, held, counters.bytes_downloaded.load(), 0.0};
}

// Whether a successful run loaded this file into this schema before: cron
// loads the same months again and again.
bool loaded_before(pg::connection &db, load_request const &request)
{
    return pg::giving_up_on_lock_timeout(
        history::lock_name, request.lock_timeout_seconds, [&] {
            return history::loaded_files(db, std::string{request.kind->name},
                                         request.schema)
                .contains(request.source.file_name);
        });
}

// For a file loaded before: streams only each row's pickup and id and asks
// whether the table holds every one, so that loading it again adds nothing
// without copying and looking up whole rows. Returns the file's row count
// when so; nothing when a row is missing (deleted since, or the file was
// published anew) or when the client could not compute every id: then the
// file is loaded as usual, read a second time. No merge lock: it only reads
// committed rows, so it need not wait for a run that merges.
std::optional<std::uint64_t> rows_if_all_held(pg::connection &db,
                                              load_request const &request,
                                              trip_table const &table,
                                              stream_counters &counters)
{
    auto const copied =
        stream_file(db, request, create_probe(db), counters, row_output::pickup_and_id);
    std::uint64_t missing = 0;
    bool const compared = copied.rows_without_id == 0 && copied.pickup_days;
    if (compared) {
        missing = count_rows_missing(db, table, *copied.pickup_days,
                                     request.lock_timeout_seconds);
    }
    drop_probe(db);
    if (compared && missing == 0) {
        record_load(db, table, request.source.file_name, copied.validators, copied.rows);
        return copied.rows;
    }
    if (missing > 0) {
        request.notify(
            fmt::format("{} rows of {} are not in {} any more: loading it in full", missing,
                        request.source.file_name, table.display));
    }
    return std::nullopt;
}

// Runs `read`, a query of the file's partition, which waits for a session
// that holds the table exclusively, giving up after --lock-timeout as the
// merge would.
template <typename Read>
auto reading_table(load_request const &request, trip_table const &table, Read const &read)
{
    return pg::giving_up_on_lock_timeout(table.display, request.lock_timeout_seconds, read);
}

// A reload that ends without a merge: the result of one already made,
// committed.
load_result nothing_to_merge(pg::connection &db, load_request const &request,
                             std::uint64_t rows, std::uint64_t bytes, bool unchanged)
{
    db.exec("COMMIT");
    load_result result{request.source.file_name, rows, 0, rows, bytes, 0.0};
    result.unchanged = unchanged;
    return result;
}

// The full comparison: reads the file through the client only and compares
// the digest of its ids with that of its partition. Returns the row count
// when the partition holds exactly the file's ids.
std::optional<std::uint64_t> rows_if_partition_matches(pg::connection &db,
                                                       load_request const &request,
                                                       trip_table const &table,
                                                       std::string const &partition,
                                                       stream_counters &counters)
{
    progress_line progress{request.show_progress};
    auto const file = digest_source(request.source, request.transfer, *request.kind,
                                    counters.bytes_downloaded, [&](std::uint64_t lines) {
                                        progress.update(request.source.file_name,
                                                        counters.bytes_downloaded, lines);
                                    });
    progress.clear();
    if (file.rows_without_id == 0 && reading_table(request, table, [&] {
                                         return partition_id_digest(db, partition);
                                     }) == file.digest) {
        record_load(db, table, request.source.file_name, file.validators, file.digest.count,
                    file.digest.count);
        return file.digest.count;
    }
    request.notify(fmt::format("{} differs from the rows of {} in {}: merging it",
                               request.source.file_name, partition, table.display));
    return std::nullopt;
}

// A reload of a file into a table that exists, in order of cost: unchanged
// at the source and in its partition (nothing read); the partition's ids
// against the file's (--verify, or the source changed); today's probe for
// a file without a partition of its own. Nothing: merge the file.
std::optional<load_result> reload_without_merge(pg::connection &db,
                                                load_request const &request,
                                                trip_table const &table,
                                                stream_counters &counters)
{
    // What a reload finds unchanged must still be a table of the kind, as
    // what the merge would write into.
    check_trip_table(db, table);
    auto const &file_name = request.source.file_name;
    auto const partition = file_partition(db, table, file_name);
    if (!partition) {
        if (loaded_before(db, request)) {
            if (auto const rows = rows_if_all_held(db, request, table, counters)) {
                return nothing_to_merge(db, request, *rows, counters.bytes_downloaded,
                                        false);
            }
        }
        return std::nullopt;
    }
    auto const earlier = recorded_load(db, table, file_name);
    if (!earlier && !loaded_before(db, request)) {
        return std::nullopt; // a first load into a partition made beforehand
    }
    if (earlier && earlier->partition_rows) {
        auto const rows =
            reading_table(request, table, [&] { return partition_rows(db, *partition); });
        if (rows != *earlier->partition_rows) {
            request.notify(fmt::format(
                "{} holds {} rows of {}, {} when it was loaded: loading it in full",
                table.display, rows, file_name, *earlier->partition_rows));
            return std::nullopt;
        }
        if (!request.verify &&
            source_unchanged(request.source, request.transfer, earlier->validators)) {
            return nothing_to_merge(db, request, earlier->file_rows, 0, true);
        }
    }
    if (auto const rows =
            rows_if_partition_matches(db, request, table, *partition, counters)) {
        return nothing_to_merge(db, request, *rows, counters.bytes_downloaded, false);
    }
    return std::nullopt;
}

// The rows of a file the table may hold already (a reload, or a plain
// table): staged, then inserted where the table lacks them. The table lock
// is taken only after the COPY, so that concurrent runs download and copy
// in parallel and wait for each other only to merge.
load_result merge_into_table(pg::connection &db, load_request const &request,
                             trip_table const &table, std::uint64_t probe_bytes)
{
    auto const copy_sql = create_staging(db, *request.kind);
    stream_counters counters;
    auto const copied = stream_file(db, request, copy_sql, counters);

    prepare_trip_table(db, table, request.lock_timeout_seconds, request.notify);
    auto const rows_inserted =
        merge_staging(db, table, request.source.file_name, copied.pickup_days);
    if (rows_inserted > 0) {
        record_pending_months(db, table, copied.pickup_days, staging_table_name());
    }
    ensure_indexes(db, table);
    record_load(db, table, request.source.file_name, copied.validators, copied.rows);
    db.exec("COMMIT");

    return {request.source.file_name,
            copied.rows,
            rows_inserted,
            copied.rows - rows_inserted,
            probe_bytes + counters.bytes_downloaded.load(),
            0.0};
}

// Whether the file takes the new partition path: the table is missing
// (taxi-etl creates it partitioned) or partitioned without the file. A
// plain table is never converted.
bool needs_new_partition(pg::connection &db, load_request const &request,
                         trip_table const &table)
{
    switch (find_layout(db, table)) {
    case table_layout::missing:
        return true;
    case table_layout::partitioned:
        return !file_in_table(db, table, request.source.file_name,
                              request.lock_timeout_seconds);
    case table_layout::plain:
        break;
    }
    return false;
}

// The month itself: everything between BEGIN and COMMIT.
// One attempt; load_month() sets the time of the whole load.
load_result merge_month(pg::connection &db, load_request const &request)
{
    auto const table = make_trip_table(db, request.schema, *request.kind);

    // One transaction: the rows reach the final table together at COMMIT,
    // or, on any failure or if the process dies, not at all, and the
    // staging table (or a partition this load created) goes with it.
    db.exec("BEGIN");
    // A second run of the same file waits here, then finds its rows held.
    lock_file(db, table, request.source.file_name, request.lock_timeout_seconds,
              request.notify);
    if (needs_new_partition(db, request, table)) {
        return load_new_partition(db, request, table);
    }
    stream_counters probe_counters;
    if (auto const done = reload_without_merge(db, request, table, probe_counters)) {
        return *done;
    }
    return merge_into_table(db, request, table, probe_counters.bytes_downloaded.load());
}

// Best effort: the failure must be reported even if it cannot be recorded.
void record_failure(pg::connection &db, load_request const &request, std::int64_t run_id,
                    etl_error const &error) noexcept
{
    try {
        if (db.is_connected()) {
            pg::connection::cleaning_up const on_the_way_out{db};
            if (db.in_transaction()) {
                db.exec("ROLLBACK");
            }
            history::fail_run(db, run_id, error);
            return;
        }
        // The load's connection is gone (terminated, network lost): use a new one.
        pg::connection fresh{request.conninfo};
        history::fail_run(fresh, run_id, error);
    } catch (...) {
        // The database is unreachable; the next run marks this one interrupted.
    }
}

// Runs merge_month until it succeeds, fails for good, or runs out of retries.
load_result merge_month_with_retries(pg::connection &db, load_request const &request)
{
    for (unsigned retry = 1;; ++retry) {
        try {
            // --max-time bounds each attempt, reading the probe and the file.
            auto attempt = request;
            attempt.transfer.attempt_started = std::chrono::steady_clock::now();
            return merge_month(db, attempt);
        } catch (etl_error const &error) {
            if (!error.is_transient() || retry > request.retry.retries ||
                !db.is_connected() || interrupt::received() != 0) {
                throw;
            }
            if (db.in_transaction()) {
                db.exec("ROLLBACK");
            }
            auto const delay =
                retry_delay_seconds(request.retry, retry, error.retry_after());
            request.notify(fmt::format("{}; retrying in {:.1f} s (retry {} of {})",
                                       error.what(), delay, retry, request.retry.retries));
            if (!interrupt::sleep_for(std::chrono::duration<double>{delay})) {
                interrupt::throw_if_received();
            }
        }
    }
}

} // namespace

void set_lock_timeout(pg::connection &db, unsigned seconds)
{
    db.exec(fmt::format("SET lock_timeout = {}", seconds * 1000U));
}

double retry_delay_seconds(retry_policy const &policy, unsigned retry,
                           std::chrono::seconds retry_after)
{
    double const doubling = policy.first_delay_seconds * std::pow(2.0, retry - 1.0);
    return std::min(std::max(doubling, static_cast<double>(retry_after.count())),
                    policy.max_delay_seconds);
}

load_result load_month(load_request const &request)
{
    pg::connection db{request.conninfo};
    db.exec(std::string{sql::text("session_settings")});
    // --lock-timeout bounds every lock wait of the run, the history's too.
    set_lock_timeout(db, request.lock_timeout_seconds);
    auto const run_id = pg::giving_up_on_lock_timeout(
        history::lock_name, request.lock_timeout_seconds, [&] {
            history::prepare(db);
            return history::start_run(db, {std::string{request.kind->name}, request.schema,
                                           request.source.file_name, request.source.shown,
                                           request.backfill});
        });
    auto const started = std::chrono::steady_clock::now();
    load_result result;
    try {
        result = merge_month_with_retries(db, request);
    } catch (etl_error const &error) {
        // A statement cancelled or a transfer stopped by SIGINT/SIGTERM fails
        // with its own message; what happened is the interruption.
        if (interrupt::received() != 0 && error.code() != exit_code::interrupted) {
            try {
                interrupt::throw_if_received();
            } catch (etl_error const &interruption) {
                record_failure(db, request, run_id, interruption);
                throw;
            }
        }
        record_failure(db, request, run_id, error);
        throw;
    }
    // The time of the whole load, retries and their waits included.
    result.seconds =
        std::chrono::duration<double>{std::chrono::steady_clock::now() - started}.count();
    // The month is committed: a signal now must not keep that from the history.
    pg::connection::cleaning_up const committed{db};
    pg::giving_up_on_lock_timeout(history::lock_name, request.lock_timeout_seconds,
                                  [&] { history::finish_run(db, run_id, result); });
    return result;
}

} // namespace taxi_etl
