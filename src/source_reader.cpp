#include "taxi_etl/source_reader.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/local_source.hpp"
#include "taxi_etl/source_version.hpp"

namespace taxi_etl {

bool read_source(source_spec const &source, transfer_options const &options,
                 chunk_sink const &sink, std::atomic<std::uint64_t> &bytes_read,
                 source_validators *seen, std::atomic<std::uint64_t> *size)
{
    if (!source.is_url) {
        return read_local(source, options, sink, bytes_read, seen, size);
    }
    // A file's stat comes before its bytes: if it changes while being read,
    // the next reload sees other validators and compares every row.
    auto const path = file_url_path(source.location);
    if (seen != nullptr && path) {
        try {
            *seen = file_validators(*path, source.shown);
        } catch (etl_error const &) {
            // libcurl reports a missing file in the words of a load's error
        }
    }
    url_request request;
    request.size = size;
    bool const complete = read_url(source, options, sink, bytes_read, request);
    if (seen != nullptr && !path) {
        *seen = request.seen;
    }
    return complete;
}

} // namespace taxi_etl
