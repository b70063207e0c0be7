// ISA-L backend of gzip_inflater (built when TAXI_ETL_WITH_ISAL is ON): igzip
// inflates several times faster than zlib, and inflating is a large part of
// the client's work on a first load.

#include "taxi_etl/error.hpp"
#include "taxi_etl/gzip_inflate.hpp"

#include <isa-l/igzip_lib.h>

#include <vector>

namespace taxi_etl {

namespace {

constexpr std::size_t output_size = 256U * 1024U;

// zlib's words for the same faults, so a message reads alike with either backend.
char const *error_text(int rc)
{
    switch (rc) {
    case ISAL_INVALID_BLOCK:
        return "invalid block type";
    case ISAL_INVALID_SYMBOL:
        return "invalid code";
    case ISAL_INVALID_LOOKBACK:
        return "invalid distance too far back";
    case ISAL_INVALID_WRAPPER:
        return "incorrect header check";
    case ISAL_UNSUPPORTED_METHOD:
        return "unknown compression method";
    case ISAL_INCORRECT_CHECKSUM:
        return "incorrect data check"; // the trailer's CRC32 or length
    case ISAL_NEED_DICT:
        return "needs a dictionary";
    default:
        return "error";
    }
}

} // namespace

struct gzip_inflater::state
{
    inflate_state stream{};
    std::vector<char> output = std::vector<char>(output_size);
};

gzip_inflater::gzip_inflater(std::string source_name)
: m_source_name(std::move(source_name)), m_state(std::make_unique<state>())
{
    isal_inflate_init(&m_state->stream);
    // Parses the gzip header and checks the trailer's CRC32 and length.
    m_state->stream.crc_flag = ISAL_GZIP;
}

gzip_inflater::~gzip_inflater() = default;

std::string_view gzip_inflater::backend() noexcept
{
    return "ISA-L";
}

bool gzip_inflater::inflate(std::string_view input, text_out const &out)
{
    auto &s = *m_state;
    auto &is = s.stream;
    // ISA-L's API is not const-correct; it never writes to the input.
    is.next_in = reinterpret_cast<std::uint8_t *>(const_cast<char *>(input.data()));
    is.avail_in = static_cast<std::uint32_t>(input.size());
    while (true) {
        if (m_member_done) {
            if (is.avail_in == 0) {
                break;
            }
            isal_inflate_reset(&is); // the next member
            is.crc_flag = ISAL_GZIP;
            m_member_done = false;
        }
        is.next_out = reinterpret_cast<std::uint8_t *>(s.output.data());
        is.avail_out = static_cast<std::uint32_t>(s.output.size());
        auto const avail_before = is.avail_in;
        int const rc = isal_inflate(&is);
        m_total_in += avail_before - is.avail_in;
        if (rc < 0 || rc == ISAL_NEED_DICT) {
            fail_corrupt(error_text(rc));
        }
        auto const produced = s.output.size() - is.avail_out;
        if (produced > 0 && !out({s.output.data(), produced})) {
            return false;
        }
        if (is.block_state == ISAL_BLOCK_FINISH) {
            m_member_done = true;
        } else if (is.avail_in == 0 && is.avail_out != 0) {
            break; // all input taken and all output flushed
        } else if (produced == 0 && is.avail_in == avail_before) {
            fail(exit_code::internal, "ISA-L made no progress inflating {}", m_source_name);
        }
    }
    return true;
}

} // namespace taxi_etl
