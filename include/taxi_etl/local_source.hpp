#pragma once

// A local source: a file, a pipe, or standard input (`--file -`). A pipe
// and standard input can be read only once; source_spec::read_once says
// so to the load, which then takes a path that reads them once.

#include "taxi_etl/source.hpp"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace taxi_etl {

// A local file, or standard input for "-" and "/dev/stdin", recorded as
// `file_name` (--file-name, ".gz" dropped) or else by local_file_name.
// Throws etl_error(usage) when standard input has no --file-name or is a
// terminal, or when the name is not one a file can have.
source_spec local_source(std::string const &path,
                         std::optional<std::string> const &file_name);

// Reads the local source into the sink, as read_source (source_reader.hpp)
// does. Waits in short
// slices, so that a signal or --stall-timeout ends a wait on a pipe. Sets
// `size` (when given) to a regular file's size before its first byte, 0 for
// a pipe or standard input.
bool read_local(source_spec const &source, transfer_options const &options,
                chunk_sink const &sink, std::atomic<std::uint64_t> &bytes_read,
                source_validators *seen, std::atomic<std::uint64_t> *size = nullptr);

} // namespace taxi_etl
