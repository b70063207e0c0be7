#include "taxi_etl/zones.hpp"

#include "taxi_etl/csv_header.hpp"
#include "taxi_etl/db_errors.hpp"
#include "taxi_etl/decompress.hpp"
#include "taxi_etl/error.hpp"
#include "taxi_etl/printable.hpp"
#include "taxi_etl/source_reader.hpp"
#include "taxi_etl/sql.hpp"
#include "taxi_etl/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace taxi_etl {

namespace {

// The lookup is some 12 KB; anything near this is not the lookup.
constexpr std::size_t max_zones_size = 16U << 20U;

constexpr std::array<std::string_view, 4> zones_header{"LocationID", "Borough", "Zone",
                                                       "service_zone"};

bool is_zones_url(std::string_view url_or_path)
{
    return url_or_path.find("://") != std::string_view::npos;
}

} // namespace

std::string read_zones(source_spec const &source, transfer_options const &transfer)
{
    std::string text;
    decompressor inflater{source.shown, [&](std::string_view chunk) {
                              text.append(chunk);
                              if (text.size() > max_zones_size) {
                                  fail(exit_code::bad_data,
                                       "{} is larger than {} bytes: not a zone lookup",
                                       source.shown, max_zones_size);
                              }
                              return true;
                          }};
    std::atomic<std::uint64_t> bytes{0};
    read_source(
        source, transfer, [&](std::string_view chunk) { return inflater.feed(chunk); },
        bytes);
    inflater.finish();

    auto const names = parse_header(std::string_view{text}.substr(0, text.find('\n')));
    if (!std::ranges::equal(names, zones_header, equal_ignoring_case)) {
        fail(exit_code::bad_data, "{}: the header is {}, expected {}", source.shown,
             quoted_value(text.substr(0, text.find_first_of("\r\n"))),
             "\"LocationID\",\"Borough\",\"Zone\",\"service_zone\"");
    }
    return text;
}

void check_zones_location(std::optional<std::string> const &url_or_path)
{
    if (!url_or_path) {
        return; // the default
    }
    if (url_or_path->empty()) {
        fail(exit_code::usage,
             "--zones-url must not be empty (leave it out for the default)");
    }
    if (is_zones_url(*url_or_path)) {
        check_url(*url_or_path, "--zones-url");
    }
}

source_spec zones_source(std::string const &url_or_path)
{
    if (is_zones_url(url_or_path)) {
        return url_source(url_or_path, "taxi_zone_lookup.csv");
    }
    return file_source(url_or_path);
}

bool zones_loaded(pg::connection &db, std::string const &schema)
{
    return db.exec_named("table_columns", schema, std::string{zones_table_name}).rows() > 0;
}

std::optional<recorded_zones> recorded_zones_source(pg::connection &db,
                                                    std::string const &schema)
{
    auto const rows = db.exec_named("zones_recorded", schema);
    if (rows.rows() == 0) {
        return std::nullopt;
    }
    return recorded_zones{std::string{rows.get(0, 0)}, rows.get<bool>(0, 1)};
}

zones_load replace_zones(pg::connection &db, std::string const &schema,
                         source_spec const &source, std::string const &text)
{
    auto const zones = fmt::format("{}.{}", db.quote_identifier(schema),
                                   db.quote_identifier(zones_table_name));
    auto const zones_new =
        fmt::format("{}.{}", db.quote_identifier(schema),
                    db.quote_identifier(fmt::format("{}_new", zones_table_name)));
    zones_load loaded;
    pg::transaction replace{db};
    db.exec(sql::render("zones_replace", fmt::arg("zones_new", zones_new)));
    db.copy_start(sql::render("zones_copy", fmt::arg("zones_new", zones_new)));
    db.copy_send(text);
    try {
        loaded.rows = db.copy_end();
    } catch (...) {
        db_errors::rethrow_naming_file(source.file_name);
    }
    if (loaded.rows == 0) {
        fail(exit_code::bad_data, "{} has no rows", source.shown);
    }
    if (zones_loaded(db, schema)) {
        loaded.differing = db.exec(sql::render("zones_differing", fmt::arg("zones", zones),
                                               fmt::arg("zones_new", zones_new)))
                               .get<std::uint64_t>(0, 0);
    }
    db.exec(sql::render("zones_swap", fmt::arg("zones", zones),
                        fmt::arg("zones_new", zones_new),
                        fmt::arg("name", db.quote_identifier(zones_table_name))));
    // A URL redaction changed (or libcurl wrote otherwise) is not whole.
    db.exec_named("zones_record", schema, source.shown, source.shown == source.location,
                  loaded.rows);
    replace.commit();
    return loaded;
}

} // namespace taxi_etl
