#include "taxi_etl/decompress.hpp"

#include "taxi_etl/byte_size.hpp"
#include "taxi_etl/error.hpp"
#include "taxi_etl/gzip_inflate.hpp"

namespace taxi_etl {

namespace {

bool has_gzip_magic(std::string_view bytes)
{
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1fU &&
           static_cast<unsigned char>(bytes[1]) == 0x8bU;
}

} // namespace

decompressor::decompressor(std::string source_name, text_sink sink,
                           std::uint64_t max_output)
: m_source_name(std::move(source_name)), m_sink(std::move(sink)), m_max_output(max_output)
{
}

decompressor::~decompressor() = default;

bool decompressor::feed(std::string_view input)
{
    switch (m_mode) {
    case mode::plain:
        return emit(input);
    case mode::gzip:
        return m_inflater->inflate(input,
                                   [this](std::string_view text) { return emit(text); });
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
        m_inflater = std::make_unique<gzip_inflater>(m_source_name);
        return feed(first);
    }
    if (std::string_view{m_source_name}.ends_with(".gz")) {
        fail(exit_code::bad_data, "{} is not gzip data (it starts with {:?})",
             m_source_name, first.substr(0, 16));
    }
    m_mode = mode::plain;
    return emit(first);
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
    if (m_mode == mode::gzip) {
        m_inflater->finish();
    }
}

} // namespace taxi_etl
