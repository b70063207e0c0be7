#include "taxi_etl/pickup_days.hpp"

namespace taxi_etl {

std::optional<std::map<std::string, std::uint64_t>> pickup_day_counter::day_rows() const
{
    if (!m_certain) {
        return std::nullopt;
    }
    auto rows = m_day_rows;
    if (m_last_day_rows > 0) {
        rows[m_last_day] += m_last_day_rows;
    }
    return rows;
}

std::optional<std::set<std::string>> pickup_day_counter::days() const
{
    auto const rows = day_rows();
    if (!rows) {
        return std::nullopt;
    }
    std::set<std::string> days;
    for (auto const &[day, count] : *rows) {
        days.insert(day);
    }
    return days;
}

} // namespace taxi_etl
