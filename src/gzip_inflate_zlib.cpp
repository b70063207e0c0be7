// zlib backend of gzip_inflater (built when TAXI_ETL_WITH_ISAL is OFF).

#include "taxi_etl/error.hpp"
#include "taxi_etl/gzip_inflate.hpp"

#include <zlib.h>

#include <vector>

namespace taxi_etl {

namespace {

constexpr std::size_t output_size = 256U * 1024U;
constexpr int gzip_only_window_bits = 15 + 16;

} // namespace

struct gzip_inflater::state
{
    z_stream stream{};
    std::vector<char> output = std::vector<char>(output_size);
};

gzip_inflater::gzip_inflater(std::string source_name)
: m_source_name(std::move(source_name)), m_state(std::make_unique<state>())
{
    if (inflateInit2(&m_state->stream, gzip_only_window_bits) != Z_OK) {
        fail(exit_code::internal, "cannot initialise zlib");
    }
}

gzip_inflater::~gzip_inflater()
{
    inflateEnd(&m_state->stream);
}

std::string_view gzip_inflater::backend() noexcept
{
    return "zlib";
}

bool gzip_inflater::inflate(std::string_view input, text_out const &out)
{
    auto &s = *m_state;
    auto &zs = s.stream;
    // zlib's API is not const-correct; it never writes to the input.
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.data()));
    zs.avail_in = static_cast<uInt>(input.size());
    while (true) {
        if (m_member_done) {
            if (zs.avail_in == 0) {
                break;
            }
            inflateReset(&zs); // the next member
            m_member_done = false;
        }
        zs.next_out = reinterpret_cast<Bytef *>(s.output.data());
        zs.avail_out = static_cast<uInt>(s.output.size());
        auto const avail_before = zs.avail_in;
        int const rc = ::inflate(&zs, Z_NO_FLUSH);
        m_total_in += avail_before - zs.avail_in;
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            fail_corrupt(zs.msg != nullptr ? zs.msg : "error");
        }
        auto const produced = s.output.size() - zs.avail_out;
        if (produced > 0 && !out({s.output.data(), produced})) {
            return false;
        }
        if (rc == Z_STREAM_END) {
            m_member_done = true;
        } else if (zs.avail_out != 0) {
            break; // all input consumed and all output flushed
        }
    }
    return true;
}

} // namespace taxi_etl
