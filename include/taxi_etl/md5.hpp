#pragma once

// MD5 digests written as PostgreSQL's md5() writes them: 32 lower-case hex
// digits. One hasher is reused for every row of a file.

#include <openssl/evp.h>

#include <memory>
#include <string_view>

namespace taxi_etl {

class md5_hasher
{
public:
    // Throws etl_error(internal) when OpenSSL has no MD5.
    md5_hasher();

    static constexpr std::size_t hex_size = 32;

    // The digest of `input` as hex_size hex digits at `hex_out`; false when
    // OpenSSL fails (then `hex_out` is left as it was).
    bool hex_digest(std::string_view input, char *hex_out);

private:
    struct md_ctx_deleter
    {
        void operator()(EVP_MD_CTX *ctx) const noexcept { EVP_MD_CTX_free(ctx); }
    };
    std::unique_ptr<EVP_MD_CTX, md_ctx_deleter> m_ctx;
    struct md_deleter
    {
        void operator()(EVP_MD *md) const noexcept { EVP_MD_free(md); }
    };
    std::unique_ptr<EVP_MD, md_deleter> m_type;
};

} // namespace taxi_etl
