#include "taxi_etl/load.hpp"

#include "taxi_etl/copy_stream.hpp"
#include "taxi_etl/pg.hpp"
#include "taxi_etl/sql.hpp"
#include "taxi_etl/trip_table.hpp"

#include <chrono>

namespace taxi_etl {

load_result load_month(load_request const &request)
{
    auto const started = std::chrono::steady_clock::now();
    auto const &kind = *request.kind;
    auto const &source = request.source;

    pg::connection db{request.conninfo};
    db.exec(std::string{sql::text("session_settings")});
    auto const table = make_trip_table(db, request.schema, kind);

    // Everything below is one transaction: the rows reach the final table
    // together at COMMIT, or, on any failure or if the process dies, not at
    // all, and the staging table goes with the transaction.
    db.exec("BEGIN");
    auto const copy_sql = create_staging(db, kind);

    stream_counters counters;
    progress_line progress{request.show_progress};
    auto const rows_read =
        stream_into_copy(source, request.transfer, kind, db, copy_sql, counters, [&] {
            progress.update(source.file_name, counters.bytes_downloaded, counters.lines);
        });
    progress.clear();

    // The table lock is taken only now, so that concurrent runs download
    // and copy in parallel and wait for each other only to merge.
    prepare_trip_table(db, table);
    auto const rows_inserted = merge_staging(db, table, source.file_name);
    db.exec("COMMIT");

    std::chrono::duration<double> const elapsed =
        std::chrono::steady_clock::now() - started;
    return {source.file_name,
            rows_read,
            rows_inserted,
            rows_read - rows_inserted,
            counters.bytes_downloaded.load(),
            elapsed.count()};
}

} // namespace taxi_etl
