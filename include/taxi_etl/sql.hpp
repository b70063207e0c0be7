#pragma once

// The SQL the tool runs lives in sql/*.sql and is compiled into the binary
// (see CMakeLists.txt), so the binary needs no files at run time. Templates
// use fmt's named fields ({table}); values always go in as parameters.

#include <fmt/format.h>

#include <span>
#include <string>
#include <string_view>

namespace taxi_etl::sql {

struct embedded_file
{
    std::string_view name; // file name without ".sql"
    std::string_view text;
};

// Defined in the generated sql_files.cpp.
std::span<embedded_file const> embedded_files() noexcept;

// The text of sql/<name>.sql. Throws etl_error(internal) for an unknown name.
std::string_view text(std::string_view name);

template <typename... TArgs>
std::string render(std::string_view name, TArgs &&...named_args)
{
    return fmt::format(fmt::runtime(text(name)), std::forward<TArgs>(named_args)...);
}

} // namespace taxi_etl::sql
