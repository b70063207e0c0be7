#include "taxi_etl/copy_stream.hpp"

#include "taxi_etl/bounded_queue.hpp"
#include "taxi_etl/csv_header.hpp"
#include "taxi_etl/decompress.hpp"
#include "taxi_etl/error.hpp"
#include "taxi_etl/row_id.hpp"

#include <exception>
#include <string>
#include <thread>

namespace taxi_etl {

namespace {

// Large buffers keep the per-call overhead of PQputCopyData low; a queue of
// four bounds what is in flight to a few MiB. A buffer holds the longest
// record with its id, and is sent before the next record would overfill
// it, so it never grows: buffers that grew and were freed are what made
// the memory of a load creep up.
constexpr std::size_t buffer_size = max_record_bytes + row_id_writer::max_record_overhead;
constexpr std::size_t queue_capacity = 4;

using buffer_queue = bounded_queue<std::string>;

// Producer: source -> decompressor -> header check -> row ids -> buffers on
// the queue.
// Runs on its own thread; any failure is handed back through `error`.
void produce(source_spec const &source, transfer_options const &transfer,
             taxi_kind const &kind, row_output output, buffer_queue &queue,
             stream_counters &counters, copy_result &result,
             std::exception_ptr &error) noexcept
{
    try {
        std::string buffer;
        buffer.reserve(buffer_size);
        auto const flush = [&] {
            if (buffer.empty()) {
                return true;
            }
            bool const accepted = queue.push(std::move(buffer));
            buffer = std::string{};
            buffer.reserve(buffer_size);
            return accepted;
        };

        header_guard header{kind, source.file_name};
        row_id_writer row_ids{kind, source.file_name, output};
        decompressor inflater{source.shown,
                              [&](std::string_view text) {
                                  auto const checked = header.feed(text);
                                  counters.lines = header.lines_seen();
                                  return row_ids.feed(checked, buffer, buffer_size, flush);
                              },
                              transfer.max_bytes};
        bool const complete = read_source(
            source, transfer, [&](std::string_view chunk) { return inflater.feed(chunk); },
            counters.bytes_downloaded, &result.validators);
        if (!complete) {
            return; // the consumer aborted the queue; it has its own error
        }
        inflater.finish();
        header.finish();
        row_ids.finish(buffer);
        result.pickup_days = row_ids.pickup_days();
        result.rows_without_id = row_ids.rows_without_id();
        if (flush()) {
            queue.close();
        }
    } catch (...) {
        error = std::current_exception();
        queue.abort();
    }
}

// Data errors the server finds in a row (a bad number or date, a wrong
// field count) arrive without the file's name; add it.
[[noreturn]] void rethrow_naming_file(source_spec const &source)
{
    try {
        throw;
    } catch (etl_error const &e) {
        if (e.code() == exit_code::bad_data) {
            fail(exit_code::bad_data, "bad row in {}: {}", source.file_name, e.what());
        }
        throw;
    }
}

} // namespace

copy_result stream_into_copy(source_spec const &source, transfer_options const &transfer,
                             taxi_kind const &kind, row_output output, pg::connection &db,
                             std::string const &copy_sql, stream_counters &counters,
                             std::function<void()> const &on_progress)
{
    db.copy_start(copy_sql);

    buffer_queue queue{queue_capacity};
    std::exception_ptr producer_error;
    copy_result result;
    std::thread producer{[&] {
        produce(source, transfer, kind, output, queue, counters, result, producer_error);
    }};

    try {
        while (auto buffer = queue.pop()) {
            db.copy_send(*buffer);
            on_progress();
        }
    } catch (...) {
        queue.abort();
        producer.join();
        db.copy_abort("taxi-etl: sending to COPY failed");
        rethrow_naming_file(source);
    }
    producer.join();
    if (producer_error) {
        db.copy_abort("taxi-etl: the source failed");
        std::rethrow_exception(producer_error);
    }
    try {
        result.rows = db.copy_end();
        return result;
    } catch (...) {
        rethrow_naming_file(source);
    }
}

} // namespace taxi_etl
