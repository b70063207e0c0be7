#pragma once

// Turns the source's bytes into CSV text as they arrive. gzip is recognised
// by its magic bytes, so a plain .csv passes through unchanged; a source
// whose name ends in .gz must be gzip.

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

namespace taxi_etl {

class gzip_inflater;

using text_sink = std::function<bool(std::string_view)>;

class decompressor
{
public:
    // source_name is used in messages and to know whether gzip is required.
    // More than max_output bytes of text (a gzip bomb, an endless body) is
    // bad data: --max-bytes names the limit in the message.
    decompressor(std::string source_name, text_sink sink,
                 std::uint64_t max_output = std::numeric_limits<std::uint64_t>::max());
    ~decompressor();
    decompressor(decompressor const &) = delete;
    decompressor &operator=(decompressor const &) = delete;

    // Returns false if the sink asked to stop. Throws etl_error(bad_data)
    // for data that is not gzip, is corrupt, or inflates past max_output.
    bool feed(std::string_view input);

    // Call after the last input: throws etl_error(bad_data) if the gzip
    // stream ended early (a truncated download).
    void finish();

private:
    enum class mode
    {
        undecided,
        plain,
        gzip,
    };

    bool decide_and_feed(std::string_view input);
    bool emit(std::string_view text); // counts, then hands to the sink

    std::string m_source_name;
    text_sink m_sink;
    std::uint64_t m_max_output;
    std::uint64_t m_output_bytes = 0;
    mode m_mode = mode::undecided;
    std::string m_sniffed;                     // first bytes, kept until the mode is known
    std::unique_ptr<gzip_inflater> m_inflater; // once the magic bytes say gzip
};

} // namespace taxi_etl
