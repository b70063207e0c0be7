#include "taxi_etl/suggest.hpp"

#include <catch2/catch.hpp>

using namespace taxi_etl;

namespace {

std::vector<std::string> const commands{"load",    "backfill", "sync", "transform",
                                        "history", "status",   "cron", "help"};
std::vector<std::string> const load_options{"--help",  "--version",  "--taxi", "--year",
                                            "--month", "--for-date", "--file", "--verify",
                                            "-q",      "--quiet"};

using names = std::vector<std::string>;

} // namespace

TEST_CASE("edit distance counts insertions, deletions, changes and swaps")
{
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("load", "load") == 0);
    CHECK(edit_distance("", "load") == 4);
    CHECK(edit_distance("lod", "load") == 1);   // a deletion
    CHECK(edit_distance("loadd", "load") == 1); // an insertion
    CHECK(edit_distance("lead", "load") == 1);  // a change
    CHECK(edit_distance("yaer", "year") == 1);  // a swap of two neighbours
    CHECK(edit_distance("hsitory", "history") == 1);
    CHECK(edit_distance("LOAD", "load") == 0); // case does not count
    CHECK(edit_distance("sync", "load") == 4);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("ca", "abc") == 3); // optimal string alignment
}

TEST_CASE("a mistyped command gets the nearest one")
{
    CHECK(nearest_names("lod", commands) == names{"load"});
    CHECK(nearest_names("histroy", commands) == names{"history"});
    CHECK(nearest_names("backfil", commands) == names{"backfill"});
    CHECK(nearest_names("stauts", commands) == names{"status"});
    CHECK(nearest_names("Load", commands) == names{"load"});
    CHECK(nearest_names("trasnfrom", commands) == names{"transform"});
}

TEST_CASE("a word far from every name gets no suggestion")
{
    CHECK(nearest_names("xyzzy", commands).empty());
    CHECK(nearest_names("sink", commands).empty()); // 2 from sync: too far for 4 letters
    CHECK(nearest_names("lo", commands).empty());   // short words must match exactly
    CHECK(nearest_names("-x", load_options).empty());
    CHECK(nearest_names("", commands).empty());
    CHECK(nearest_names("load", {}).empty());
}

TEST_CASE("a mistyped option gets the nearest option, dashes aside")
{
    CHECK(nearest_names("--yaer", load_options) == names{"--year"});
    CHECK(nearest_names("--taxis", load_options) == names{"--taxi"});
    CHECK(nearest_names("-year", load_options) == names{"--year"});
    CHECK(nearest_names("year", load_options) == names{"--year"});
    CHECK(nearest_names("--fordate", load_options) == names{"--for-date"});
    CHECK(nearest_names("--quite", load_options) == names{"--quiet"});
}

TEST_CASE("a prefix names what it starts; ties are all suggested, in order")
{
    CHECK(nearest_names("--for", load_options) == names{"--for-date"});
    CHECK(nearest_names("--ver", load_options) == names{"--version", "--verify"});
    CHECK(nearest_names("--mon", load_options) == names{"--month"});
}

TEST_CASE("the suggestion reads as a sentence")
{
    CHECK(did_you_mean({}).empty());
    CHECK(did_you_mean({"load"}) == "; did you mean 'load'?");
    CHECK(did_you_mean({"--version", "--verify"}) ==
          "; did you mean '--version' or '--verify'?");
    CHECK(did_you_mean({"a", "b", "c"}) == "; did you mean 'a', 'b' or 'c'?");
}
