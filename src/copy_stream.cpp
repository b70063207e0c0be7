#include "taxi_etl/copy_stream.hpp"

#include "taxi_etl/binary_copy.hpp"
#include "taxi_etl/bounded_queue.hpp"
#include "taxi_etl/csv_header.hpp"
#include "taxi_etl/db_errors.hpp"
#include "taxi_etl/decompress.hpp"
#include "taxi_etl/error.hpp"
#include "taxi_etl/row_id.hpp"
#include "taxi_etl/source_reader.hpp"

#include <charconv>
#include <exception>
#include <string>
#include <thread>

namespace taxi_etl {

namespace {

// Large buffers keep the per-call overhead of PQputCopyData low; a queue of
// four bounds what is in flight to a few MiB. A buffer holds the longest
// record with its id, and is sent before the next record would overfill
// it, so it never grows: buffers that grew and were freed are what made
// the memory of a load creep up. The slack holds a binary tuple's lengths
// and the binary header and trailer.
constexpr std::size_t buffer_size = max_record_bytes + 1024;
constexpr std::size_t queue_capacity = 4;

using buffer_queue = bounded_queue<std::string>;

// Producer: source -> decompressor -> header check -> the writer (row ids,
// and binary tuples or CSV) -> buffers on the queue.
// Runs on its own thread; any failure is handed back through `error`.
template <typename MakeWriter>
void produce(MakeWriter const &make_writer, source_spec const &source,
             transfer_options const &transfer, taxi_kind const &kind, buffer_queue &queue,
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
        auto writer = make_writer();
        decompressor inflater{source.shown,
                              [&](std::string_view text) {
                                  auto const checked = header.feed(text);
                                  counters.lines = header.lines_seen();
                                  return writer.feed(checked, buffer, buffer_size, flush);
                              },
                              transfer.max_bytes};
        bool const complete = read_source(
            source, transfer, [&](std::string_view chunk) { return inflater.feed(chunk); },
            counters.bytes_downloaded, &result.validators, &counters.bytes_expected);
        if (!complete) {
            return; // the consumer aborted the queue; it has its own error
        }
        inflater.finish();
        header.finish();
        writer.finish(buffer);
        result.pickup_days = writer.pickup_days();
        result.pickup_day_rows = writer.pickup_day_rows();
        result.rows_without_id = writer.rows_without_id();
        if (flush()) {
            queue.close();
        }
    } catch (...) {
        error = std::current_exception();
        queue.abort();
    }
}

// A data error in the rows set aside names the line of their own COPY:
// name the file's line instead, as the COPY of the whole file would have.
[[noreturn]] void rethrow_naming_file_line(source_spec const &source, set_aside_rows &rows)
{
    try {
        throw;
    } catch (etl_error const &e) {
        auto const problem = db_errors::data_problem(e).value_or("");
        std::string_view message = problem;
        std::uint64_t copy_line = 0;
        if (message.starts_with("line ")) {
            auto const *const begin = message.data() + 5;
            auto const [end, problem] =
                std::from_chars(begin, message.data() + message.size(), copy_line);
            if (problem == std::errc{}) {
                if (auto const line = rows.file_line(copy_line)) {
                    message.remove_prefix(static_cast<std::size_t>(end - message.data()));
                    fail(exit_code::bad_data, "bad row in {}: line {}{}", source.file_name,
                         *line, message);
                }
            }
        }
        db_errors::rethrow_naming_file(source.file_name);
    }
}

// After the binary COPY: the rows it left out, as CSV into the same table in
// the same transaction.
std::uint64_t copy_set_aside(pg::connection &db, copy_target const &target,
                             set_aside_rows &rows, source_spec const &source)
{
    db.copy_start(csv_copy_statement(target, false));
    try {
        rows.replay(buffer_size, [&](std::string_view chunk) { db.copy_send(chunk); });
    } catch (...) {
        db.copy_abort("taxi-etl: sending to COPY failed");
        rethrow_naming_file_line(source, rows);
    }
    try {
        return db.copy_end();
    } catch (...) {
        rethrow_naming_file_line(source, rows);
    }
}

} // namespace

copy_result stream_into_copy(source_spec const &source, transfer_options const &transfer,
                             taxi_kind const &kind, row_output output, pg::connection &db,
                             copy_target const &target, copy_format format,
                             stream_counters &counters)
{
    bool const binary = format == copy_format::binary && output == row_output::whole_row;
    db.copy_start(binary ? binary_copy_statement(target)
                         : csv_copy_statement(target, true));

    buffer_queue queue{queue_capacity};
    std::exception_ptr producer_error;
    copy_result result;
    set_aside_rows set_aside;
    std::thread producer{[&] {
        if (binary) {
            produce(
                [&] {
                    return binary_copy_writer{kind, source.file_name, set_aside};
                },
                source, transfer, kind, queue, counters, result, producer_error);
        } else {
            produce(
                [&] {
                    return row_id_writer{kind, source.file_name, output};
                },
                source, transfer, kind, queue, counters, result, producer_error);
        }
    }};

    try {
        while (auto buffer = queue.pop()) {
            db.copy_send(*buffer);
        }
    } catch (...) {
        queue.abort();
        producer.join();
        db.copy_abort("taxi-etl: sending to COPY failed");
        db_errors::rethrow_naming_file(source.file_name);
    }
    producer.join();
    if (producer_error) {
        db.copy_abort("taxi-etl: the source failed");
        std::rethrow_exception(producer_error);
    }
    try {
        result.rows = db.copy_end();
    } catch (...) {
        db_errors::rethrow_naming_file(source.file_name);
    }
    if (set_aside.count() > 0) {
        result.rows += copy_set_aside(db, target, set_aside, source);
    }
    return result;
}

} // namespace taxi_etl
