#include "taxi_etl/source_version.hpp"

#include "taxi_etl/error.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace taxi_etl {

source_validators response_validators(CURL *h)
{
    source_validators found;
    curl_header *header = nullptr;
    if (curl_easy_header(h, "ETag", 0, CURLH_HEADER, -1, &header) == CURLHE_OK) {
        found.etag = header->value;
    }
    if (curl_easy_header(h, "Last-Modified", 0, CURLH_HEADER, -1, &header) == CURLHE_OK) {
        found.last_modified = header->value;
    }
    curl_off_t length = -1;
    curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    if (length >= 0) {
        found.length = static_cast<std::uint64_t>(length);
    }
    return found;
}

header_list::header_list(std::vector<std::string> const &lines)
{
    for (auto const &line : lines) {
        auto *next = curl_slist_append(list.get(), line.c_str());
        if (next == nullptr) {
            fail(exit_code::internal, "cannot build an HTTP request header");
        }
        (void)list.release();
        list.reset(next);
    }
}

source_validators file_validators(std::string const &path, std::string_view shown)
{
    struct stat info
    {
    };
    if (::stat(path.c_str(), &info) != 0) {
        auto const code = (errno == ENOENT) ? exit_code::not_found : exit_code::bad_data;
        fail(code, "cannot open {}: {}", shown, std::strerror(errno));
    }
    source_validators found;
    found.length = static_cast<std::uint64_t>(info.st_size);
    found.mtime_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 +
                     info.st_mtim.tv_nsec;
    return found;
}

std::optional<std::string> file_url_path(std::string_view url)
{
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parts{curl_url(),
                                                              &curl_url_cleanup};
    if (!parts || curl_url_set(parts.get(), CURLUPART_URL, std::string{url}.c_str(), 0) !=
                      CURLUE_OK) {
        return std::nullopt;
    }
    char *scheme = nullptr;
    char *path = nullptr;
    std::optional<std::string> found;
    if (curl_url_get(parts.get(), CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        std::string_view{scheme} == "file" &&
        curl_url_get(parts.get(), CURLUPART_PATH, &path, CURLU_URLDECODE) == CURLUE_OK) {
        found = path;
    }
    curl_free(scheme);
    curl_free(path);
    return found;
}

bool same_version(source_validators const &recorded, source_validators const &now)
{
    if (recorded.length && now.length && *recorded.length != *now.length) {
        return false;
    }
    if (!recorded.etag.empty()) {
        return recorded.etag == now.etag;
    }
    if (!recorded.last_modified.empty()) {
        return recorded.last_modified == now.last_modified;
    }
    return recorded.mtime_ns && recorded.mtime_ns == now.mtime_ns;
}

std::vector<std::string> conditional_headers(source_validators const &recorded)
{
    if (!recorded.etag.empty()) {
        return {"If-None-Match: " + recorded.etag};
    }
    if (!recorded.last_modified.empty()) {
        return {"If-Modified-Since: " + recorded.last_modified};
    }
    return {};
}

} // namespace taxi_etl
