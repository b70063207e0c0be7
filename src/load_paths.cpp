#include "taxi_etl/load_paths.hpp"

#include "taxi_etl/copy_stream.hpp"
#include "taxi_etl/history.hpp"
#include "taxi_etl/lock_wait.hpp"
#include "taxi_etl/partition.hpp"
#include "taxi_etl/reload_check.hpp"
#include "taxi_etl/source_check.hpp"
#include "taxi_etl/sql.hpp"

#include <optional>

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

// Whether a successful run loaded this file into this schema before: cron
// loads the same months again and again.
bool loaded_before(pg::connection &db, load_request const &request)
{
    return lock_wait::giving_up_on_lock_timeout(
        db, history::lock_name, request.lock_timeout_seconds, [&] {
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
auto reading_table(pg::connection &db, load_request const &request, trip_table const &table,
                   Read const &read)
{
    return lock_wait::giving_up_on_lock_timeout(db, table.display,
                                                request.lock_timeout_seconds, read);
}

// A reload that found every row of the file in the table: committed.
load_result nothing_to_merge(pg::connection &db, load_request const &request,
                             std::uint64_t rows, std::uint64_t bytes)
{
    db.exec("COMMIT");
    return {request.source.file_name, rows, 0, rows, bytes, 0.0};
}

// The unchanged file: the source says so and the partition holds the rows
// the last load left; nothing was read. Committed.
load_result unchanged_file(pg::connection &db, load_request const &request,
                           std::uint64_t file_rows)
{
    db.exec("COMMIT");
    load_result result{request.source.file_name, file_rows, 0, file_rows, 0, 0.0};
    result.unchanged = true;
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
    // The server digests the partition while the client reads the file:
    // one after the other, a green month took 0.4 s and 1.0 s.
    send_partition_id_digest(db, partition);
    auto const partition_digest = [&] {
        return reading_table(db, request, table,
                             [&] { return collect_partition_id_digest(db); });
    };
    source_digest file;
    try {
        progress_line progress{request.show_progress};
        file = digest_source(request.source, request.transfer, *request.kind,
                             counters.bytes_downloaded, [&](std::uint64_t lines) {
                                 progress.update(request.source.file_name,
                                                 counters.bytes_downloaded, lines);
                             });
    } catch (...) {
        // The connection is free again only once the statement has ended.
        try {
            partition_digest();
        } catch (...) { // the source's error is the one to report
        }
        throw;
    }
    if (partition_digest() == file.digest && file.rows_without_id == 0) {
        record_load(db, table, request.source.file_name, file.validators, file.digest.count,
                    file.digest.count);
        return file.digest.count;
    }
    request.notify(fmt::format("{} differs from the rows of {} in {}: merging it",
                               request.source.file_name, partition, table.display));
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

    lock_or_create_table(db, table, request.lock_timeout_seconds, request.notify);
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

} // namespace

load_result load_new_partition(pg::connection &db, load_request const &request,
                               trip_table const &table)
{
    auto const &file_name = request.source.file_name;
    // A new schema is created under the table's lock, held from here on:
    // a run that created it meanwhile would make CREATE SCHEMA fail.
    if (!schema_exists(db, table.schema)) {
        lock_or_create_table(db, table, request.lock_timeout_seconds, request.notify);
    }
    auto const partition = create_file_partition(db, table, file_name);
    stream_counters counters;
    auto const copied = stream_file(db, request, direct_copy_target(partition), counters);
    finish_direct_copy(db, partition, copied.rows_without_id);
    index_file_partition(db, partition);

    // The table lock is taken only now, so that loads of other files copy
    // and index side by side and wait for each other only to attach.
    lock_or_create_table(db, table, request.lock_timeout_seconds, request.notify);
    if (find_layout(db, table) != table_layout::partitioned) {
        fail(exit_code::database,
             "table {} was created without partitions while {} was loading; load it again",
             table.display, file_name);
    }
    // Under the table's lock no MERGE of the course's runs; one that ran
    // during the COPY may have put the file's rows in the DEFAULT partition,
    // which ATTACH would refuse with a message of its own.
    if (file_in_default_partition(db, table, file_name, request.lock_timeout_seconds)) {
        fail(exit_code::database,
             "rows of {} were put in the DEFAULT partition of {} while this run was "
             "loading it; load it again",
             file_name, table.display);
    }
    auto const held =
        attach_file_partition(db, table, partition, file_name, copied.pickup_day_rows,
                              request.lock_timeout_seconds);
    auto const inserted = copied.rows - held;
    if (inserted > 0) {
        record_pending_months(db, table, copied.pickup_days, partition.qualified);
    }
    record_load(db, table, file_name, copied.validators, copied.rows, inserted);
    db.exec("COMMIT");
    return {file_name, copied.rows, inserted, held, counters.bytes_downloaded.load(), 0.0};
}

load_result reload_into_partition(pg::connection &db, load_request const &request,
                                  trip_table const &table, std::string const &partition)
{
    // What a reload finds unchanged must still be a table of the kind, as
    // what the merge would write into.
    check_trip_table(db, table);
    auto const &file_name = request.source.file_name;
    auto const earlier = recorded_load(db, table, file_name);
    if (earlier && earlier->partition_rows) {
        auto const rows = reading_table(db, request, table,
                                        [&] { return partition_rows(db, partition); });
        if (rows != *earlier->partition_rows) {
            request.notify(fmt::format(
                "{} holds {} rows of {}, {} when it was loaded: loading it in full",
                table.display, rows, file_name, *earlier->partition_rows));
            return merge_into_table(db, request, table, 0);
        }
        if (*earlier->partition_rows != earlier->file_rows) {
            // Rows of the file that other files held when it was loaded are
            // not in its partition: only the table as a whole can say
            // whether they still are.
            return reload_into_table(db, request, table);
        }
        if (!request.verify &&
            source_unchanged(request.source, request.transfer, earlier->validators)) {
            return unchanged_file(db, request, earlier->file_rows);
        }
    } else if (!earlier && !loaded_before(db, request)) {
        return merge_into_table(db, request, table, 0); // a partition made beforehand
    }
    stream_counters counters;
    if (auto const rows =
            rows_if_partition_matches(db, request, table, partition, counters)) {
        return nothing_to_merge(db, request, *rows, counters.bytes_downloaded);
    }
    return merge_into_table(db, request, table, counters.bytes_downloaded.load());
}

load_result reload_into_table(pg::connection &db, load_request const &request,
                              trip_table const &table)
{
    check_trip_table(db, table);
    stream_counters probe_counters;
    if (loaded_before(db, request)) {
        if (auto const rows = rows_if_all_held(db, request, table, probe_counters)) {
            return nothing_to_merge(db, request, *rows, probe_counters.bytes_downloaded);
        }
    }
    return merge_into_table(db, request, table, probe_counters.bytes_downloaded.load());
}

} // namespace taxi_etl
