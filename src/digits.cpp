#include "taxi_etl/digits.hpp"

#include <algorithm>
#include <array>

namespace taxi_etl {

bool all_digits(std::string_view text) noexcept
{
    return !text.empty() && std::ranges::all_of(text, is_digit);
}

std::optional<int> parse_digits(std::string_view text, std::size_t max_digits)
{
    // Nine digits always fit in an int.
    if (text.size() > std::min<std::size_t>(max_digits, 9) || !all_digits(text)) {
        return std::nullopt;
    }
    return digits_at(text, 0, text.size());
}

bool is_real_date(int year, int month, int day) noexcept
{
    constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) {
        return false;
    }
    bool const leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= (month == 2 && leap ? 29 : days[static_cast<std::size_t>(month - 1)]);
}

std::optional<civil_date> parse_date(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    auto const year = parse_digits(text.substr(0, 4), 4);
    auto const month = parse_digits(text.substr(5, 2), 2);
    auto const day = parse_digits(text.substr(8, 2), 2);
    if (!year || !month || !day || !is_real_date(*year, *month, *day)) {
        return std::nullopt;
    }
    return civil_date{*year, *month, *day};
}

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept
{
    year -= month <= 2 ? 1 : 0;
    std::int64_t const era = (year >= 0 ? year : year - 399) / 400;
    auto const year_of_era = static_cast<unsigned>(year - era * 400);
    unsigned const day_of_year =
        (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    unsigned const day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

} // namespace taxi_etl
