#include "taxi_etl/md5.hpp"

#include "taxi_etl/error.hpp"

#include <array>

namespace taxi_etl {

md5_hasher::md5_hasher()
: m_ctx(EVP_MD_CTX_new()),
  // Fetched once: EVP_md5() makes every digest look the algorithm up
  // again, under a lock.
  m_type(EVP_MD_fetch(nullptr, "MD5", nullptr))
{
    if (!m_ctx || !m_type) {
        fail(exit_code::internal, "cannot create an MD5 context");
    }
}

bool md5_hasher::hex_digest(std::string_view input, char *hex_out)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestInit_ex(m_ctx.get(), m_type.get(), nullptr) != 1 ||
        EVP_DigestUpdate(m_ctx.get(), input.data(), input.size()) != 1 ||
        EVP_DigestFinal_ex(m_ctx.get(), digest.data(), &length) != 1 ||
        length != hex_size / 2) {
        return false;
    }
    constexpr std::string_view hex = "0123456789abcdef";
    for (std::size_t i = 0; i < hex_size / 2; ++i) {
        hex_out[2 * i] = hex[digest[i] >> 4U];
        hex_out[2 * i + 1] = hex[digest[i] & 0x0FU];
    }
    return true;
}

} // namespace taxi_etl
