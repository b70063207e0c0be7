#include "taxi_etl/decompress.hpp"

#include "taxi_etl/byte_size.hpp"
#include "taxi_etl/error.hpp"

namespace taxi_etl {

namespace {

constexpr std::size_t output_size = 256U * 1024U;
constexpr int gzip_only_window_bits = 15 + 16;

bool has_gzip_magic(std::string_view bytes)
{
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1fU &&
           static_cast<unsigned char>(bytes[1]) == 0x8bU;
}

} // namespace

decompressor::decompressor(std::string source_name, text_sink sink,
                           std::uint64_t max_output)
: m_source_name(std::move(source_name)), m_sink(std::move(sink)), m_max_output(max_output),
  m_output(output_size)
{
}

decompressor::~decompressor()
{
    if (m_stream) {
        inflateEnd(m_stream.get());
    }
}

bool decompressor::feed(std::string_view input)
{
    switch (m_mode) {
    case mode::plain:
        return emit(input);
    case mode::gzip:
        return inflate_chunk(input);
    case mode::undecided:
        break;
    }
    return decide_and_feed(input);
}

bool decompressor::decide_and_feed(std::string_view input)
{
    m_sniffed.append(input);
    if (m_sniffed.size() < 2) {
        return true;
    }
    std::string const first = std::move(m_sniffed);
    m_sniffed.clear();
    if (has_gzip_magic(first)) {
        m_mode = mode::gzip;
        m_stream = std::make_unique<z_stream>();
        if (inflateInit2(m_stream.get(), gzip_only_window_bits) != Z_OK) {
            fail(exit_code::internal, "cannot initialise zlib");
        }
        return inflate_chunk(first);
    }
    if (std::string_view{m_source_name}.ends_with(".gz")) {
        fail(exit_code::bad_data, "{} is not gzip data (it starts with {:?})",
             m_source_name, first.substr(0, 16));
    }
    m_mode = mode::plain;
    return emit(first);
}

bool decompressor::inflate_chunk(std::string_view input)
{
    auto &zs = *m_stream;
    // zlib's API is not const-correct; it never writes to the input.
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.data()));
    zs.avail_in = static_cast<uInt>(input.size());
    while (true) {
        if (m_member_done) {
            if (zs.avail_in == 0) {
                break;
            }
            // Several gzip members in one file are one stream (as gunzip does).
            inflateReset(&zs);
            m_member_done = false;
        }
        zs.next_out = reinterpret_cast<Bytef *>(m_output.data());
        zs.avail_out = static_cast<uInt>(m_output.size());
        int const rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            fail(exit_code::bad_data, "{} is corrupt: gzip {} after {} compressed bytes",
                 m_source_name, zs.msg != nullptr ? zs.msg : "error", zs.total_in);
        }
        auto const produced = m_output.size() - zs.avail_out;
        if (produced > 0 && !emit({m_output.data(), produced})) {
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

bool decompressor::emit(std::string_view text)
{
    m_output_bytes += text.size();
    if (m_output_bytes > m_max_output) {
        fail(exit_code::bad_data,
             "{} is larger than --max-bytes {} once decompressed; raise --max-bytes for a "
             "larger file",
             m_source_name, format_byte_size(m_max_output));
    }
    return m_sink(text);
}

void decompressor::finish()
{
    if (m_mode == mode::undecided && !m_sniffed.empty()) {
        // A one-byte source: too short to be gzip.
        if (std::string_view{m_source_name}.ends_with(".gz")) {
            fail(exit_code::bad_data, "{} is not gzip data (1 byte)", m_source_name);
        }
        m_mode = mode::plain;
        emit(m_sniffed);
        return;
    }
    if (m_mode == mode::undecided && std::string_view{m_source_name}.ends_with(".gz")) {
        fail(exit_code::bad_data, "{} is empty: no gzip data", m_source_name);
    }
    if (m_mode == mode::gzip && !m_member_done) {
        fail(exit_code::bad_data,
             "{} is truncated: the gzip stream ends early after {} compressed bytes",
             m_source_name, m_stream->total_in);
    }
}

} // namespace taxi_etl
