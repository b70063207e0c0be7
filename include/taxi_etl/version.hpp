#pragma once

// What `taxi-etl --version` says: the release and the commit it was built
// from, so that a report from a server names the exact code.

#include <string>
#include <string_view>

namespace taxi_etl {

// `git describe --always --dirty` of the source tree when the binary was
// built (e.g. "1a2b3c4", "v0.1.0-3-g1a2b3c4-dirty"); "unknown" when it was
// not built from a git checkout. Generated at build time.
std::string_view build_commit() noexcept;

// "0.1.0 (git 1a2b3c4)": the version each run records in the history.
std::string version_text();

// "taxi-etl 0.1.0 (git 1a2b3c4)".
std::string version_line();

} // namespace taxi_etl
