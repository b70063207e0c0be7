#pragma once

// The taxi zone lookup (taxi_zone_lookup.csv of the course's `misc`
// release): 265 quoted rows, loaded as the course's dbt seed loads them.

#include "taxi_etl/pg.hpp"
#include "taxi_etl/source.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace taxi_etl {

inline constexpr std::string_view default_zones_url =
    "https://github.com/DataTalksClub/nyc-tlc-data/releases/download/misc/"
    "taxi_zone_lookup.csv";

// The lookup's table, in the target schema.
inline constexpr std::string_view zones_table_name = "taxi_zone_lookup";

// A URL (http, https, file) or a local path.
source_spec zones_source(std::string const &url_or_path);

// Throws etl_error(usage) for an empty --zones-url, or a URL (anything with
// "://") that is not an http, https or file URL libcurl can parse; any
// other text is a path. Absent means the default.
void check_zones_location(std::optional<std::string> const &url_or_path);

// Whether {schema}.taxi_zone_lookup exists.
bool zones_loaded(pg::connection &db, std::string const &schema);

// Where the schema's lookup was last loaded from by taxi-etl, as shown
// (without user name, password, query or fragment), and whether that is the
// whole of its location: only then can it be compared or fetched again.
struct recorded_zones
{
    std::string shown;
    bool whole = true;
};
std::optional<recorded_zones> recorded_zones_source(pg::connection &db,
                                                    std::string const &schema);

// One attempt to read the whole lookup (its header checked). Throws as
// read_source does, and etl_error(bad_data) for what is not a lookup.
std::string read_zones(source_spec const &source, transfer_options const &transfer);

struct zones_load
{
    std::uint64_t rows = 0;
    std::optional<std::uint64_t>
        differing; // zones changed, added or dropped; none before: nothing
};

// Replaces {schema}.taxi_zone_lookup with the lookup read from `source`, in
// one transaction that also records where it came from. On any failure the
// old lookup stays as it was.
zones_load replace_zones(pg::connection &db, std::string const &schema,
                         source_spec const &source, std::string const &text);

} // namespace taxi_etl
