#pragma once

// Inflates a gzip stream of one or more members (concatenated members are one
// stream, as gunzip reads them), checking each member's CRC32 and length.
// Two backends share this interface, chosen at build time by CMake's
// TAXI_ETL_WITH_ISAL: ISA-L's igzip (several times faster) or zlib.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace taxi_etl {

class gzip_inflater
{
public:
    using text_out = std::function<bool(std::string_view)>;

    // source_name is used in messages.
    explicit gzip_inflater(std::string source_name);
    ~gzip_inflater();
    gzip_inflater(gzip_inflater const &) = delete;
    gzip_inflater &operator=(gzip_inflater const &) = delete;

    // Hands the text to `out` in pieces; returns false if `out` asked to stop.
    // Throws etl_error(bad_data) for corrupt data or trailing garbage.
    bool inflate(std::string_view input, text_out const &out);

    // Call after the last input: throws etl_error(bad_data) if the stream
    // ended inside a member (a truncated download).
    void finish() const;

    // "ISA-L" or "zlib": which backend this build inflates with.
    static std::string_view backend() noexcept;

private:
    // What both backends keep: gzip_inflate.cpp reads it for finish() and
    // the corrupt-stream message.
    [[noreturn]] void fail_corrupt(std::string_view reason) const;
    std::string m_source_name;
    std::uint64_t m_total_in = 0; // compressed bytes taken, over all members (zlib's own
                                  // count restarts with each member)
    bool m_member_done = false;   // the last member ended cleanly

    struct state; // the backend's stream and output buffer
    std::unique_ptr<state> m_state;
};

} // namespace taxi_etl
