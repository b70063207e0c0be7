#include "taxi_etl/load_paths.hpp"

#include "taxi_etl/copy_stream.hpp"
#include "taxi_etl/file_rows_check.hpp"
#include "taxi_etl/partition.hpp"
#include "taxi_etl/progress.hpp"
#include "taxi_etl/reload_check.hpp"
#include "taxi_etl/source_check.hpp"

#include <optional>
#include <utility>

namespace taxi_etl {

namespace {

read_counters progress_counters(stream_counters const &counters)
{
    return {&counters.bytes_downloaded, &counters.bytes_expected, &counters.lines};
}

// Streams the file into a COPY to `target`, in the format asked for,
// showing progress; fails, before anything commits, if its rows are not
// what the request asked for (file_rows_check.hpp).
copy_result stream_file(pg::connection &db, load_request const &request,
                        copy_target const &target, stream_counters &counters,
                        row_output output = row_output::whole_row)
{
    progress_line const progress{request.show_progress, request.source.file_name,
                                 output == row_output::whole_row ? "" : "comparing",
                                 progress_counters(counters)};
    auto const format = resolve_copy_format(request.format, db.host(), db.host_address());
    auto copied = stream_into_copy(request.source, request.transfer, *request.kind, output,
                                   db, target, format, counters);
    // The probe leaves a row without an id out of its COPY.
    auto const file_rows =
        copied.rows +
        (output == row_output::pickup_and_id ? copied.rows_without_id : std::uint64_t{0});
    check_file_rows(request.source, file_rows, copied.pickup_day_rows, request.allow_empty);
    return copied;
}

// For a file loaded before: streams only each row's pickup and id and asks
// whether the table holds every one, so that loading it again adds nothing
// without copying and looking up whole rows. Returns the file's row count
// when so; nothing when a row is missing (deleted since, or the file was
// published anew) or when the client could not compute every id: then the
// file is loaded as usual, read a second time. No merge lock: it only reads
// committed rows, so it need not wait for a run that merges.
std::optional<std::uint64_t> rows_if_all_held(month_load &month, stream_counters &counters)
{
    copy_result copied;
    std::uint64_t missing = 0;
    bool compared = false;
    {
        probe held{month.db()};
        copied = stream_file(month.db(), month.request(), probe::target(), counters,
                             row_output::pickup_and_id);
        compared = copied.rows_without_id == 0 && copied.pickup_days;
        if (compared) {
            missing = held.rows_missing(month.table(), *copied.pickup_days,
                                        month.locks().timeout_seconds);
        }
    }
    if (compared && missing == 0) {
        record_load(month.db(), month.table(), month.file_name(), copied.validators,
                    copied.rows);
        return copied.rows;
    }
    if (missing > 0) {
        month.locks().notify(fmt::format("{} rows of {} are not in {} any more: loading it "
                                         "in full",
                                         missing, month.file_name(),
                                         month.table().display));
    }
    return std::nullopt;
}

// What a load that read the file did: `bytes_read` counts every read, the
// summary shows the size of the last one (the file's), and whether there
// was an earlier one (a comparison, then the load in full).
load_result read_result(std::string file_name, std::uint64_t rows, std::uint64_t inserted,
                        std::uint64_t bytes_read, std::uint64_t file_bytes)
{
    load_result result{std::move(file_name), rows,       inserted,
                       rows - inserted,      bytes_read, 0.0};
    result.file_bytes = file_bytes;
    result.read_twice = bytes_read > file_bytes;
    return result;
}

// A reload that found every row of the file in the table: committed.
load_result nothing_to_merge(month_load &month, std::uint64_t rows, std::uint64_t bytes)
{
    month.commit();
    return read_result(month.file_name(), rows, 0, bytes, bytes);
}

// The unchanged file: the source says so and the partition holds the rows
// the last load left; nothing was read. Committed.
load_result unchanged_file(month_load &month, std::uint64_t file_rows)
{
    month.commit();
    load_result result{month.file_name(), file_rows, 0, file_rows, 0, 0.0};
    result.unchanged = true;
    return result;
}

// The full comparison: reads the file through the client only and compares
// the digest of its ids with that of its partition. Returns the row count
// when the partition holds exactly the file's ids.
std::optional<std::uint64_t> rows_if_partition_matches(month_load &month,
                                                       std::string const &partition,
                                                       stream_counters &counters)
{
    auto &db = month.db();
    auto const &request = month.request();
    // The server digests the partition while the client reads the file:
    // side by side, the compare takes the longer of the two, not their sum
    // (bench/README.md, "Figures behind the code").
    send_partition_id_digest(db, partition);
    auto const partition_digest = [&] {
        return month.reading_table([&] { return collect_partition_id_digest(db); });
    };
    source_digest file;
    try {
        progress_line const progress{request.show_progress, request.source.file_name,
                                     "comparing", progress_counters(counters)};
        file = digest_source(request.source, request.transfer, *request.kind, counters);
    } catch (...) {
        // The connection is free again only once the statement has ended.
        try {
            partition_digest();
        } catch (...) { // the source's error is the one to report
        }
        throw;
    }
    auto const held = partition_digest();
    check_file_rows(request.source, file.digest.count + file.rows_without_id,
                    file.pickup_day_rows, request.allow_empty);
    if (held == file.digest && file.rows_without_id == 0) {
        record_load(db, month.table(), month.file_name(), file.validators,
                    file.digest.count, file.digest.count);
        return file.digest.count;
    }
    month.locks().notify(fmt::format("{} differs from the rows of {} in {}: merging it",
                                     month.file_name(), partition, month.table().display));
    return std::nullopt;
}

// The rows of a file the table may hold already (a reload, or a plain
// table): staged, then inserted where the table lacks them. The table lock
// is taken only after the COPY, so that concurrent runs download and copy
// in parallel and wait for each other only to merge.
load_result merge_into_table(month_load &month, std::uint64_t probe_bytes)
{
    auto &db = month.db();
    auto const &table = month.table();
    staging_table staging{db, *table.kind};
    stream_counters counters;
    auto const copied = stream_file(db, month.request(), staging.target(), counters);

    month.lock_or_create_table();
    auto const rows_inserted =
        staging.merge_into(table, month.file_name(), copied.pickup_days);
    if (rows_inserted > 0) {
        staging.record_pending_months(table, copied.pickup_days);
    }
    ensure_indexes(db, table);
    record_load(db, table, month.file_name(), copied.validators, copied.rows);
    month.commit();

    return read_result(month.file_name(), copied.rows, rows_inserted,
                       probe_bytes + counters.bytes_downloaded.load(),
                       counters.bytes_downloaded.load());
}

} // namespace

load_result load_new_partition(month_load &month)
{
    auto &db = month.db();
    auto const &table = month.table();
    auto const &file_name = month.file_name();
    // A new schema is created under the table's lock, held from here on:
    // a run that created it meanwhile would make CREATE SCHEMA fail.
    if (!month.schema_exists()) {
        month.lock_or_create_table();
    }
    new_partition partition{db, table, file_name};
    stream_counters counters;
    auto const copied = stream_file(db, month.request(), partition.target(), counters);
    partition.finish(copied.rows_without_id);

    // The table lock is taken only now, so that loads of other files copy
    // and index side by side and wait for each other only to attach.
    month.lock_or_create_table();
    if (month.layout() != table_layout::partitioned) {
        fail(exit_code::database,
             "table {} was created without partitions while {} was loading; load it again",
             table.display, file_name);
    }
    // Under the table's lock no MERGE of the course's runs; one that ran
    // during the COPY may have put the file's rows in the DEFAULT partition,
    // which ATTACH would refuse with a message of its own.
    if (month.file_in_default_partition()) {
        fail(exit_code::database,
             "rows of {} were put in the DEFAULT partition of {} while this run was "
             "loading it; load it again",
             file_name, table.display);
    }
    auto const held =
        partition.attach(copied.pickup_day_rows, month.locks().timeout_seconds);
    auto const inserted = copied.rows - held;
    if (inserted > 0) {
        record_pending_months(db, table, copied.pickup_days, partition.qualified());
    }
    record_load(db, table, file_name, copied.validators, copied.rows, inserted);
    month.commit();
    auto const bytes = counters.bytes_downloaded.load();
    return read_result(file_name, copied.rows, inserted, bytes, bytes);
}

load_result reload_into_partition(month_load &month, std::string const &partition)
{
    // What a reload finds unchanged must still be a table of the kind, as
    // what the merge would write into.
    month.check_table();
    auto const &request = month.request();
    if (request.source.read_once) {
        return merge_into_table(month, 0); // no probe: it would read the input up
    }
    auto const &file_name = month.file_name();
    auto const earlier = recorded_load(month.db(), month.table(), file_name);
    if (earlier && earlier->partition_rows) {
        auto const rows =
            month.reading_table([&] { return partition_rows(month.db(), partition); });
        if (rows != *earlier->partition_rows) {
            month.locks().notify(fmt::format(
                "{} holds {} rows of {}, {} when it was loaded: loading it in full",
                month.table().display, rows, file_name, *earlier->partition_rows));
            return merge_into_table(month, 0);
        }
        if (*earlier->partition_rows != earlier->file_rows) {
            // Rows of the file that other files held when it was loaded are
            // not in its partition: only the table as a whole can say
            // whether they still are.
            return reload_into_table(month);
        }
        if (!request.verify &&
            source_unchanged(request.source, request.transfer, earlier->validators)) {
            return unchanged_file(month, earlier->file_rows);
        }
    } else if (!earlier && !month.loaded_before()) {
        return merge_into_table(month, 0); // a partition made beforehand
    }
    stream_counters counters;
    if (auto const rows = rows_if_partition_matches(month, partition, counters)) {
        return nothing_to_merge(month, *rows, counters.bytes_downloaded);
    }
    return merge_into_table(month, counters.bytes_downloaded.load());
}

load_result reload_into_table(month_load &month)
{
    month.check_table();
    stream_counters probe_counters;
    if (!month.request().source.read_once && month.loaded_before()) {
        if (auto const rows = rows_if_all_held(month, probe_counters)) {
            return nothing_to_merge(month, *rows, probe_counters.bytes_downloaded);
        }
    }
    return merge_into_table(month, probe_counters.bytes_downloaded.load());
}

} // namespace taxi_etl
