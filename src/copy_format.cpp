#include "taxi_etl/copy_format.hpp"

#include "taxi_etl/error.hpp"
#include "taxi_etl/printable.hpp"
#include "taxi_etl/sql.hpp"

namespace taxi_etl {

copy_format parse_copy_format(std::string_view text)
{
    if (text == "auto") {
        return copy_format::automatic;
    }
    if (text == "binary") {
        return copy_format::binary;
    }
    if (text == "csv") {
        return copy_format::csv;
    }
    fail(exit_code::usage, "--copy-format must be auto, binary or csv, not {}",
         quoted_value(text));
}

bool is_local_connection(std::string_view host, std::string_view host_address)
{
    // libpq names a unix socket by its directory (or "@name", abstract).
    if (host.starts_with('/') || host.starts_with('@')) {
        return true;
    }
    return host_address.starts_with("127.") || host_address == "::1" ||
           host_address.starts_with("::ffff:127.");
}

copy_format resolve_copy_format(copy_format requested, std::string_view host,
                                std::string_view host_address)
{
    if (requested != copy_format::automatic) {
        return requested;
    }
    return is_local_connection(host, host_address) ? copy_format::binary : copy_format::csv;
}

// The statements start with COPY, no comment before it: what a session
// runs is found by its first word (pg_stat_activity, the tests).
std::string csv_copy_statement(copy_target const &target, bool header)
{
    return sql::render("copy_csv", fmt::arg("table", target.table),
                       fmt::arg("columns", target.columns), fmt::arg("header", header),
                       fmt::arg("freeze", target.freeze));
}

std::string binary_copy_statement(copy_target const &target)
{
    return sql::render("copy_binary", fmt::arg("table", target.table),
                       fmt::arg("columns", target.columns),
                       fmt::arg("freeze", target.freeze));
}

} // namespace taxi_etl
