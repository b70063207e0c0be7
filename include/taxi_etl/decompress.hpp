#pragma once

// Turns the source's bytes into CSV text as they arrive. gzip is recognised
// by its magic bytes, so a plain .csv passes through unchanged; a source
// whose name ends in .gz must be gzip.

#include <zlib.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace taxi_etl {

using text_sink = std::function<bool(std::string_view)>;

class decompressor
{
public:
    // source_name is used in messages and to know whether gzip is required.
    decompressor(std::string source_name, text_sink sink);
    ~decompressor();
    decompressor(decompressor const &) = delete;
    decompressor &operator=(decompressor const &) = delete;

    // Returns false if the sink asked to stop. Throws etl_error(bad_data)
    // for data that is not gzip or is corrupt.
    bool feed(std::string_view input);

    // Call after the last input: throws etl_error(bad_data) if the gzip
    // stream ended early (a truncated download).
    void finish();

    [[nodiscard]] bool is_gzip() const noexcept { return m_mode == mode::gzip; }

private:
    enum class mode
    {
        undecided,
        plain,
        gzip,
    };

    bool decide_and_feed(std::string_view input);
    bool inflate_chunk(std::string_view input);

    std::string m_source_name;
    text_sink m_sink;
    mode m_mode = mode::undecided;
    std::string m_sniffed; // first bytes, kept until the mode is known
    std::unique_ptr<z_stream> m_stream;
    bool m_member_done = false; // the last gzip member ended cleanly
    std::vector<char> m_output;
};

} // namespace taxi_etl
