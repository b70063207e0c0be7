#pragma once

// How a file's rows travel to COPY: as CSV text, which the server parses,
// or in the binary format, which it only stores (binary_row.hpp), but
// which takes about twice the bytes on the wire.

#include <string>
#include <string_view>

namespace taxi_etl {

enum class copy_format
{
    automatic, // binary over a unix socket or to a loopback address, else csv
    binary,
    csv,
};

// "auto", "binary", "csv"; anything else is a usage error naming --copy-format.
copy_format parse_copy_format(std::string_view text);

// Whether the connection (libpq's PQhost and PQhostaddr after connecting)
// is a unix socket or goes to a loopback address: then the wire is no limit.
bool is_local_connection(std::string_view host, std::string_view host_address);

// binary or csv: automatic decided by is_local_connection.
copy_format resolve_copy_format(copy_format requested, std::string_view host,
                                std::string_view host_address);

// Where COPY puts the rows: the table (quoted and qualified), its columns in
// the order each row holds them, and whether to FREEZE them (only for a
// table created in the same transaction).
struct copy_target
{
    std::string table;
    std::string columns;
    bool freeze = false;
};

// COPY ... FROM STDIN WITH (FORMAT csv, HEADER header, FREEZE ...).
std::string csv_copy_statement(copy_target const &target, bool header);

// COPY ... FROM STDIN WITH (FORMAT binary, FREEZE ...).
std::string binary_copy_statement(copy_target const &target);

} // namespace taxi_etl
