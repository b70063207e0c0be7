// What the two backends of gzip_inflater share (gzip_inflate_isal.cpp,
// gzip_inflate_zlib.cpp): the messages of a corrupt and a truncated stream.

#include "taxi_etl/gzip_inflate.hpp"

#include "taxi_etl/error.hpp"

namespace taxi_etl {

void gzip_inflater::fail_corrupt(std::string_view reason) const
{
    fail(exit_code::bad_data, "{} is corrupt: gzip {} after {} compressed bytes",
         m_source_name, reason, m_total_in);
}

void gzip_inflater::finish() const
{
    if (!m_member_done) {
        fail(exit_code::bad_data,
             "{} is truncated: the gzip stream ends early after {} compressed bytes",
             m_source_name, m_total_in);
    }
}

} // namespace taxi_etl
