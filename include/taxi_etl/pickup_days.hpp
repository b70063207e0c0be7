#pragma once

// The pickup days of a file's rows, counted while the file streams: the
// merge and the transform's bookkeeping need them, and the fields are split
// for the row id anyway, which spares the load passes over the staged rows.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace taxi_etl {

class pickup_day_counter
{
public:
    // One row picked up on `day` ("YYYY-MM-DD").
    void add(std::string_view day)
    {
        if (day != m_last_day) {
            // Counted by runs: most rows repeat the previous row's day.
            if (m_last_day_rows > 0) {
                m_day_rows[m_last_day] += m_last_day_rows;
            }
            m_last_day = day;
            m_last_day_rows = 0;
        }
        ++m_last_day_rows;
    }

    // A row whose pickup the client is not sure of: from now on the days
    // are the database's to work out.
    void lose_certainty() noexcept { m_certain = false; }

    // The days with the rows of each; nothing after lose_certainty().
    [[nodiscard]] std::optional<std::map<std::string, std::uint64_t>> day_rows() const;

    // The days alone.
    [[nodiscard]] std::optional<std::set<std::string>> days() const;

private:
    std::map<std::string, std::uint64_t> m_day_rows; // but the last day's run
    std::string m_last_day;
    std::uint64_t m_last_day_rows = 0;
    bool m_certain = true;
};

} // namespace taxi_etl
