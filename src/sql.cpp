#include "taxi_etl/sql.hpp"

#include "taxi_etl/error.hpp"

#include <algorithm>

namespace taxi_etl::sql {

std::string_view text(std::string_view name)
{
    auto const files = embedded_files();
    auto const it = std::ranges::find(files, name, &embedded_file::name);
    if (it == files.end()) {
        fail(exit_code::internal, "no embedded SQL file named '{}'", name);
    }
    return it->text;
}

} // namespace taxi_etl::sql
