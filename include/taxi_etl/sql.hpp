#pragma once

// The SQL the tool runs lives in sql/ and is compiled into the binary (see
// CMakeLists.txt), so the binary needs no files at run time. A file holds
// the statements of one module, each in a section that starts with a line
// `-- name: merge_staging` (the convention of yesql, aiosql and sqlc) and
// runs to the next; sql/migrations/ holds the taxi_etl schema's versions,
// a file each. Statements are looked up by name. Templates use fmt's named
// fields ({table}); values always go in as parameters.

#include <fmt/format.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl::sql {

struct embedded_file
{
    std::string_view name; // file name without ".sql"
    std::string_view text;
};

// Defined in the generated sql_files.cpp.
std::span<embedded_file const> embedded_files() noexcept;

struct statement
{
    std::string_view name;
    std::string_view text; // the section's lines, the `-- name:` line not included
};

// The statements of one file: its `-- name: X` sections, or, in a file
// without one, the whole file named after it. What comes before the first
// section (the file's own comment) belongs to none.
std::vector<statement> split_sections(std::string_view file_name, std::string_view text);

// Every statement compiled in, split once. Throws etl_error(internal) when
// two have one name.
std::span<statement const> statements();

// The text of the statement `name`. Throws etl_error(internal) for an
// unknown name.
std::string_view text(std::string_view name);

template <typename... TArgs>
std::string render(std::string_view name, TArgs &&...named_args)
{
    return fmt::format(fmt::runtime(text(name)), std::forward<TArgs>(named_args)...);
}

} // namespace taxi_etl::sql
