#include "taxi_etl/csv_record.hpp"

#include "taxi_etl/error.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

using namespace taxi_etl;

namespace {

struct split_result
{
    bool ok = false;
    std::vector<std::string> values; // "NULL" for an empty unquoted field
};

split_result split(std::string_view record, std::size_t count = 100)
{
    std::vector<std::string_view> fields;
    std::string buffer;
    split_result result;
    result.ok = split_csv_fields(record, count, fields);
    for (auto const field : fields) {
        result.values.emplace_back(field.empty() ? "NULL" : csv_value(field, buffer));
    }
    return result;
}

} // namespace

TEST_CASE("a field is read as COPY reads it, quotes anywhere in it")
{
    // Each value is what PostgreSQL 15 stored for the field, alone on its
    // line, with COPY ... (FORMAT csv).
    std::pair<std::string_view, std::string_view> const cases[] = {
        {"12", "12"},
        {"\"1\"2", "12"},
        {"1\"2\"3", "123"},
        {"a\"\"b", "ab"},
        {"\"a\"\"b\"", "a\"b"},
        {"\"\"", ""},
        {"\"x,y\"", "x,y"},
        {"\"l1\nl2\"", "l1\nl2"},
        {"\"\r\n\"", "\r\n"},
        {"\"\"\"\"", "\""},
        {"\"a\"\",b\"", "a\",b"},
        {"\"\"\"a\"", "\"a"},
        {"\"a\"b\"c\"", "abc"},
        {"\"a\" ", "a "},
        {" \"a\"", " a"},
        {"\"a\"\"\"\"b\"", "a\"\"b"},
    };
    for (auto const &[field, expected] : cases) {
        INFO(field);
        auto const result = split(field);
        REQUIRE(result.ok);
        REQUIRE(result.values.size() == 1);
        CHECK(result.values[0] == expected);
    }
}

TEST_CASE("only an empty field without quotes is NULL")
{
    CHECK(split("").values == std::vector<std::string>{"NULL"});
    CHECK(split("\"\"").values == std::vector<std::string>{""});
    CHECK(split("a,,\"\",").values == std::vector<std::string>{"a", "NULL", "", "NULL"});
}

TEST_CASE("fields are split at commas outside quotes, as many as asked for")
{
    CHECK(split("\"1\"2,\"a,b\",3\"x,\"\"y\"", 100).values ==
          std::vector<std::string>{"12", "a,b", "3x,\"y"});
    CHECK(split("a,\"b,c\",d", 2).values == std::vector<std::string>{"a", "b,c"});
    CHECK(split("a,b,c", 2).values == std::vector<std::string>{"a", "b"});
    CHECK(split("a", 3).values == std::vector<std::string>{"a"});
}

TEST_CASE("a quoted section that is not closed is refused, as COPY refuses it")
{
    CHECK_FALSE(split("\"abc").ok);
    CHECK_FALSE(split("a,\"b\"\"").ok);
    CHECK_FALSE(split("a,b\"c").ok);
}

namespace {

struct framed
{
    std::vector<std::string> records;
    std::vector<std::uint64_t> lines;
};

// The records of text fed in pieces of `step` bytes.
framed frame(std::string_view text, std::size_t step)
{
    csv_framer framer{"f.csv"};
    framed result;
    auto const take = [&](std::optional<std::string_view> record) {
        result.records.emplace_back(*record);
        result.lines.push_back(framer.record_line());
    };
    for (std::size_t i = 0; i < text.size(); i += step) {
        framer.feed(text.substr(i, step));
        while (auto record = framer.next()) {
            take(record);
        }
    }
    if (auto record = framer.finish()) {
        take(record);
    }
    return result;
}

// The message of the bad_data error framing `text` gives.
std::string frame_error(std::string_view text, std::size_t step = 7)
{
    try {
        frame(text, step);
    } catch (etl_error const &e) {
        CHECK(e.code() == exit_code::bad_data);
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("records end at a line end outside quotes, whatever the chunking")
{
    std::string const text = "h1,h2\n"
                             "1,\"a\nb\"\n"
                             "2,\"x\"\"\ny\"\"\"\n"
                             "\n"
                             "3,\"\"\n"
                             "4,\"\\.\n\\.\"\n"
                             "5,last";
    for (std::size_t step : {1UL, 2UL, 5UL, text.size()}) {
        INFO(step);
        auto const result = frame(text, step);
        CHECK(result.records == std::vector<std::string>{"h1,h2", "1,\"a\nb\"",
                                                         "2,\"x\"\"\ny\"\"\"", "", "3,\"\"",
                                                         "4,\"\\.\n\\.\"", "5,last"});
        CHECK(result.lines == std::vector<std::uint64_t>{1, 2, 4, 6, 7, 8, 10});
    }
}

TEST_CASE("CR LF line ends are taken off, quoted ones are data")
{
    std::string const text = "h1,h2\r\n1,\"a\r\nb\"\r\n2,\"\r\"\r\n3,x";
    for (std::size_t step : {1UL, 3UL, text.size()}) {
        INFO(step);
        CHECK(frame(text, step).records ==
              std::vector<std::string>{"h1,h2", "1,\"a\r\nb\"", "2,\"\r\"", "3,x"});
    }
}

TEST_CASE("line ends other than the first line's are refused, as COPY refuses them")
{
    CHECK(frame_error("h\r\n1\r\n2\n3\r\n") ==
          "bad row in f.csv: line 3: the line ends in LF alone, but line 1 in CR LF");
    CHECK(frame_error("h\n1\n2\r\n") ==
          "bad row in f.csv: line 3: the line ends in CR LF, but line 1 in LF alone");
    CHECK(frame_error("h\n1,a\rb\n") == "bad row in f.csv: line 2: a carriage return "
                                        "outside quotes, not before a line feed");
    CHECK(frame_error("h\r\n1,\"a\nb\",c\rd\r\n") ==
          "bad row in f.csv: line 3: a carriage return outside quotes, not before a line "
          "feed");
    // COPY refuses a CR at the very end too, even in a CR LF file.
    CHECK_THAT(frame_error("h\r\n1\r\n2\r"), Catch::Contains("line 3: a carriage return"));
    // A header with a CR inside would make COPY take CR for the line end.
    CHECK_THAT(frame_error("h1\r,h2\n1,2\n"), Catch::Contains("line 1: a carriage return"));
}

TEST_CASE("a line of \\. alone, COPY's end-of-data marker, is refused")
{
    CHECK(frame_error("h\n1\n\\.\n2\n") ==
          "bad row in f.csv: line 3: the line is '\\.', which COPY takes for the end of "
          "the data");
    CHECK_THAT(frame_error("h\r\n1\r\n\\.\r\n2\r\n"), Catch::Contains("line 3: the line"));
    CHECK_THAT(frame_error("h\n1\n\\."), Catch::Contains("line 3: the line is '\\.'"));
    // As data it is fine: quoted, or with more on its line.
    CHECK(frame("h\n\"\\.\"\n\\.,1\n", 4).records.size() == 3);
}

TEST_CASE("a quote still open at the end of the file names the line it opened on")
{
    CHECK(frame_error("h\n1,ok\n2,\"open\n3,x\n4,y\n") ==
          "bad row in f.csv: line 3: a quoted field opens here and is not closed before "
          "the end of the file");
    // The quote that is left open is the last one of its line.
    CHECK_THAT(frame_error("h\n1,\"a\"\"b\",\"c\n\n"), Catch::Contains("line 2: a quoted"));
    CHECK_THAT(frame_error("h\n1,\"a\nb\" \"c\nd\n"), Catch::Contains("line 3: a quoted"));
}

TEST_CASE("a record longer than the limit is refused, naming where it starts")
{
    std::string const header = "h\n1,x\n";
    std::string const body(max_record_bytes, 'x');
    for (std::size_t step : {4096UL, 256UL * 1024UL}) {
        INFO(step);
        CHECK(frame_error(header + "2,\"" + body, step) ==
              "bad row in f.csv: line 3: a quoted field opens here and does not close "
              "within 1 MiB (an unmatched quote?)");
        CHECK(frame_error(header + "2,\"a\nb\",\"c\n" + body, step) ==
              "bad row in f.csv: line 4: a quoted field opens here and does not close "
              "within 1 MiB (an unmatched quote?)");
        CHECK(frame_error(header + "2," + body, step) ==
              "bad row in f.csv: line 3: the row is longer than 1 MiB");
        CHECK(frame_error(header + "2," + body + "\n", step) ==
              "bad row in f.csv: line 3: the row is longer than 1 MiB");
    }
    // One whole piece of text holding the long record.
    CHECK(frame_error(header + "2," + body + "\n3,x\n", 3 * max_record_bytes) ==
          "bad row in f.csv: line 3: the row is longer than 1 MiB");
    // Up to the limit, line end included, a record is taken.
    std::string const longest(max_record_bytes - 1, 'y');
    CHECK(frame(header + longest + "\n" + longest, 65536).records.size() == 4);
}
