// generate_trips.cpp - deterministic generator of NYC TLC-like trip CSV files, the test
// data of taxi-etl.
//
// Build: g++ -std=c++20 -O2 -o taxi-etl-gen tests/tools/generate_trips.cpp -lz
//
// The rows imitate the quirks of the real TLC files that the loader has to cope with:
// pickups outside the file's month, mixed number spellings (".86", "6", "6.0", "-5.5"),
// empty fields, refunds, exact duplicate rows and rows sharing (VendorID, pickup time).
// Everything comes from one seeded PRNG, so equal arguments give byte-identical output.
// --quoting all writes every field in one of the forms PostgreSQL's COPY ... CSV reads
// (quotes anywhere in a field, "" inside quotes, quoted commas and line breaks, quoted
// empty text), and --line-end crlf ends lines as the real files do.

#include <zlib.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace {

constexpr char usage[] =
    "usage: taxi-etl-gen --taxi green|yellow|fhv --year YYYY --month M --rows N\n"
    "                    [--seed S] [--out PATH] [--level L]\n"
    "                    [--quoting none|all] [--line-end lf|crlf]\n"
    "  Writes a header and N rows of fake TLC trip data as gzip CSV (level L, default 1).\n"
    "  --quoting all: each field in a random CSV quoting form, and some text values\n"
    "  holding quotes, commas and line breaks. --line-end crlf: lines end in CR LF.\n"
    "  PATH ending in .csv gives plain CSV; PATH '-' or none gives gzip on stdout.\n"
    "  YYYY is 2000..2099, M is 1..12, L is 0..9, S defaults to 1.\n";

// Indexed by taxi_kind.
constexpr std::array<std::string_view, 3> headers{
    "VendorID,lpep_pickup_datetime,lpep_dropoff_datetime,store_and_fwd_flag,RatecodeID,"
    "PULocationID,DOLocationID,passenger_count,trip_distance,fare_amount,extra,mta_tax,"
    "tip_amount,tolls_amount,ehail_fee,improvement_surcharge,total_amount,payment_type,"
    "trip_type,congestion_surcharge",
    "VendorID,tpep_pickup_datetime,tpep_dropoff_datetime,passenger_count,trip_distance,"
    "RatecodeID,store_and_fwd_flag,PULocationID,DOLocationID,payment_type,fare_amount,"
    "extra,mta_tax,tip_amount,tolls_amount,improvement_surcharge,total_amount,"
    "congestion_surcharge",
    "dispatching_base_num,pickup_datetime,dropOff_datetime,PUlocationID,DOlocationID,"
    "SR_Flag,Affiliated_base_number"};

// The columns each kind stores as text (bit i: column i), the only ones whose values may
// hold quotes, commas and line breaks; the others must keep the value COPY reads.
constexpr std::array<uint32_t, 3> text_columns{
    1u << 0 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 6, // green
    1u << 0 | 1u << 5 | 1u << 6 | 1u << 7 | 1u << 8, // yellow
    1u << 0 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 6, // fhv
};

// Quirk rates, in rows per million.
constexpr uint32_t off_month_pickup_ppm = 1'000;
constexpr uint32_t duplicate_ppm = 500;
constexpr uint32_t same_key_ppm = 5'000;
constexpr uint32_t refund_ppm = 2'000;
constexpr uint32_t huge_fare_ppm = 20;
constexpr uint32_t tiny_fare_ppm = 20;
constexpr uint32_t empty_passengers_ppm = 500;
constexpr uint32_t empty_ratecode_ppm = 500;
// From 2020 on, many rows lack VendorID, passenger_count, RatecodeID, flags, payment_type.
constexpr uint32_t green_no_dispatch_info_ppm = 300'000;
constexpr uint32_t yellow_no_dispatch_info_ppm = 50'000;

constexpr int64_t seconds_per_day = 86'400;
constexpr int64_t max_trip_seconds = 90 * 60;
constexpr int location_count = 265;
// Distinct FHV bases per file; the real files have a few hundred.
constexpr int base_count = 400;

enum class taxi_kind
{
    green,
    yellow,
    fhv
};

__extension__ typedef unsigned __int128 uint128; // GCC/Clang builtin; silences -Wpedantic

// splitmix64: tiny, fast and fully specified, unlike std:: distributions whose output
// differs between standard library versions.
class rng
{
public:
    explicit rng(uint64_t seed) : m_state(seed) {}

    uint64_t next()
    {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    // Uniform in [0, n); the multiply-shift bias is far below what test data can notice.
    uint64_t below(uint64_t n)
    {
        return static_cast<uint64_t>((static_cast<uint128>(next()) * n) >> 64);
    }

    // Uniform in [low, high].
    int64_t between(int64_t low, int64_t high)
    {
        return low + static_cast<int64_t>(below(static_cast<uint64_t>(high - low) + 1));
    }

    bool chance(uint32_t per_million) { return below(1'000'000) < per_million; }

    // Index i with probability weights[i] / sum(weights).
    size_t pick(std::initializer_list<uint32_t> weights)
    {
        uint64_t total = 0;
        for (uint32_t weight : weights)
            total += weight;
        uint64_t ticket = below(total);
        size_t index = 0;
        for (auto weight = weights.begin(); ticket >= *weight; ++weight, ++index)
            ticket -= *weight;
        return index;
    }

private:
    uint64_t m_state;
};

// How a number in hundredths is spelled; the TLC files mix all of these.
// Six dollars: trimmed "6", at_least_one "6.0", two "6.00".
enum class decimal_places
{
    trimmed,
    at_least_one,
    two
};

struct number_style
{
    decimal_places decimals = decimal_places::trimmed;
    bool bare_dot = false; // ".86" instead of "0.86"
};

// Writes value zero-padded to exactly width digits into at[0..width).
void put_digits(char *at, int64_t value, int width)
{
    for (int i = width - 1; i >= 0; --i, value /= 10)
        at[i] = static_cast<char>('0' + value % 10);
}

// Appends comma-separated fields to a line; hand-formatted because printf per field is too
// slow for multi-million-row files. Empty optionals and strings give empty fields.
class csv_row
{
public:
    explicit csv_row(std::string &line) : m_line(line) {}

    void end() { m_line += '\n'; }

    void text(std::string_view value)
    {
        separate();
        m_line += value;
    }

    void number(std::optional<int64_t> value)
    {
        separate();
        if (value)
            append_integer(*value);
    }

    // "YYYY-MM-DD HH:MM:SS" for seconds since 1970-01-01 (local time, as in the TLC files).
    void date_time(int64_t seconds)
    {
        separate();
        const std::chrono::year_month_day date{
            std::chrono::sys_days{std::chrono::days{seconds / seconds_per_day}}};
        const int64_t second_of_day = seconds % seconds_per_day;
        char text[] = "YYYY-MM-DD hh:mm:ss";
        put_digits(text, static_cast<int>(date.year()), 4);
        put_digits(text + 5, static_cast<unsigned>(date.month()), 2);
        put_digits(text + 8, static_cast<unsigned>(date.day()), 2);
        put_digits(text + 11, second_of_day / 3600, 2);
        put_digits(text + 14, second_of_day / 60 % 60, 2);
        put_digits(text + 17, second_of_day % 60, 2);
        m_line.append(text, sizeof text - 1);
    }

    void decimal(std::optional<int64_t> hundredths, number_style style)
    {
        separate();
        if (!hundredths)
            return;
        int64_t value = *hundredths;
        if (value < 0)
            m_line += '-', value = -value;
        const int64_t whole = value / 100;
        const bool has_fraction =
            style.decimals != decimal_places::trimmed || value % 100 != 0;
        if (whole != 0 || !(style.bare_dot && has_fraction))
            append_integer(whole);
        if (!has_fraction)
            return;
        m_line += '.';
        m_line += static_cast<char>('0' + value / 10 % 10);
        if (value % 10 != 0 || style.decimals == decimal_places::two)
            m_line += static_cast<char>('0' + value % 10);
    }

    // FHV base license number, e.g. "B00254".
    void base(int number)
    {
        separate();
        char text[] = "B00000";
        put_digits(text + 1, number, 5);
        m_line.append(text, sizeof text - 1);
    }

private:
    void separate()
    {
        if (!m_first)
            m_line += ',';
        m_first = false;
    }

    void append_integer(int64_t value)
    {
        char digits[24];
        m_line.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
    }

    std::string &m_line;
    bool m_first = true;
};

// A yellow or green trip. Money is in cents, distance in hundredths of a mile.
struct taxi_trip
{
    std::optional<int> vendor, ratecode, passengers, payment_type, trip_type;
    std::string_view store_and_forward;
    int64_t pickup = 0, dropoff = 0; // seconds since 1970-01-01
    int pu_location = 0, do_location = 0;
    int64_t distance = 0, fare = 0, extra = 0, mta_tax = 0, tip = 0, tolls = 0,
            improvement = 0;
    std::optional<int64_t> congestion;
    number_style distance_style, amount_style;

    int64_t total() const
    {
        return fare + extra + mta_tax + tip + tolls + improvement + congestion.value_or(0);
    }
};

// A span of time pickups are drawn from uniformly.
struct time_window
{
    int64_t start = 0, length = 0;
};

int64_t seconds_since_epoch(std::chrono::year_month_day date)
{
    return std::chrono::sys_days{date}.time_since_epoch().count() * seconds_per_day;
}

time_window month_window(std::chrono::year_month month)
{
    const int64_t start = seconds_since_epoch(month / 1);
    return {start, seconds_since_epoch((month + std::chrono::months{1}) / 1) - start};
}

time_window day_window(std::chrono::year_month_day day)
{
    return {seconds_since_epoch(day), seconds_per_day};
}

class trip_generator
{
public:
    trip_generator(taxi_kind taxi, int year, int month, uint64_t seed)
    : m_taxi(taxi),
      // Mixing in the file identity keeps different months with the same seed unrelated.
      m_rng(rng(seed).next() ^
            rng(static_cast<uint64_t>((year * 100 + month) * 3 + static_cast<int>(taxi)))
                .next()),
      m_congestion_known(year * 100 + month >= 201902),
      m_dispatch_info_may_be_missing(year >= 2020)
    {
        const std::chrono::year_month file_month = std::chrono::year{year} / month;
        m_month = month_window(file_month);
        // Where the real files' stray pickups lie: the days around the month, the same
        // month a year off, and a few odd dates. pickup_time() weights them in this order.
        m_off_month = {time_window{m_month.start - seconds_per_day, seconds_per_day},
                       time_window{m_month.start + m_month.length, seconds_per_day},
                       month_window(file_month - std::chrono::years{1}),
                       month_window(file_month + std::chrono::years{1}),
                       day_window(std::chrono::year{2008} / 12 / 31),
                       day_window(std::chrono::year{2009} / 1 / 1),
                       day_window(std::chrono::year{2041} / 8 / 17)};
        for (int &base : m_bases)
            base = static_cast<int>(m_rng.between(1, 3'600));
    }

    std::string_view header() const { return headers[static_cast<size_t>(m_taxi)]; }

    // Replaces line with the next CSV line (ending in '\n'); sometimes an exact copy of a
    // line from a few rows back, as the real files contain.
    void next_line(std::string &line)
    {
        if (m_copy_delay == 0) {
            line = m_pending_copy;
            m_copy_delay = -1;
            return;
        }
        line.clear();
        if (m_taxi == taxi_kind::fhv)
            append_fhv(line);
        else
            append_taxi(line, random_taxi_trip());
        if (m_copy_delay > 0) {
            --m_copy_delay;
        } else if (m_rng.chance(duplicate_ppm)) {
            m_pending_copy = line;
            m_copy_delay = static_cast<int>(m_rng.below(4));
        }
    }

private:
    int64_t pickup_time()
    {
        const time_window &window = m_rng.chance(off_month_pickup_ppm)
                                        ? m_off_month[m_rng.pick({35, 35, 8, 8, 5, 5, 4})]
                                        : m_month;
        return m_rng.between(window.start, window.start + window.length - 1);
    }

    // 1..90 minutes, skewed towards short trips like the real ones.
    int64_t trip_seconds()
    {
        return 60 + m_rng.between(0, m_rng.between(0, max_trip_seconds - 60));
    }

    int location() { return static_cast<int>(m_rng.between(1, location_count)); }

    std::optional<int> location_or_empty(uint32_t empty_ppm)
    {
        if (m_rng.chance(empty_ppm))
            return std::nullopt;
        return location();
    }

    // Rows that repeat the previous row's (VendorID or base, pickup) with other fields
    // changed, so that deduplication on that key is exercised.
    bool reuse_previous_key() { return m_previous_id && m_rng.chance(same_key_ppm); }

    taxi_trip random_taxi_trip()
    {
        taxi_trip trip;
        const bool same_key = reuse_previous_key();
        const uint32_t no_dispatch_info_ppm = m_taxi == taxi_kind::green
                                                  ? green_no_dispatch_info_ppm
                                                  : yellow_no_dispatch_info_ppm;
        const bool has_dispatch_info = same_key || !m_dispatch_info_may_be_missing ||
                                       !m_rng.chance(no_dispatch_info_ppm);
        if (same_key) {
            trip.vendor = m_previous_id;
            trip.pickup = m_previous_pickup;
        } else {
            trip.pickup = pickup_time();
            if (has_dispatch_info)
                trip.vendor = m_rng.chance(600'000) ? 2 : 1;
        }
        m_previous_id = trip.vendor;
        m_previous_pickup = trip.pickup;

        const int64_t seconds = trip_seconds();
        trip.dropoff = trip.pickup + seconds;
        if (has_dispatch_info) {
            constexpr std::array ratecodes{1, 2, 3, 4, 5, 6, 99};
            trip.ratecode = ratecodes[m_rng.pick({96'000, 1'500, 300, 300, 1'800, 50, 10})];
            trip.passengers = static_cast<int>(m_rng.pick({20, 700, 140, 40, 20, 50, 30}));
            trip.store_and_forward = m_rng.chance(10'000) ? "Y" : "N";
            trip.payment_type = 1 + static_cast<int>(m_rng.pick({650, 320, 20, 9, 1}));
            if (m_taxi == taxi_kind::green)
                trip.trip_type = m_rng.chance(30'000) ? 2 : 1;
            if (m_rng.chance(empty_passengers_ppm))
                trip.passengers.reset();
            if (m_rng.chance(empty_ratecode_ppm))
                trip.ratecode.reset();
        }
        trip.pu_location = location();
        trip.do_location = location();

        // Roughly the meter: $2.50 + $2.50/mile + waiting time, in 50-cent steps.
        const int64_t mph = m_rng.between(3, 25);
        trip.distance = m_rng.chance(10'000) ? 0 : seconds * mph / 36;
        if (trip.ratecode == 2)
            trip.fare = 5'200; // JFK flat fare
        else
            trip.fare = (250 + trip.distance * 5 / 2 + seconds / 6 + 25) / 50 * 50;
        if (m_rng.chance(huge_fare_ppm))
            trip.fare = m_rng.between(10'000'000, 99'999'999);
        if (m_rng.chance(tiny_fare_ppm))
            trip.fare = 1;
        constexpr std::array extras{0, 50, 100, 250};
        trip.extra = extras[m_rng.pick({50, 30, 15, 5})];
        trip.mta_tax = m_rng.chance(980'000) ? 50 : 0;
        trip.improvement = m_rng.chance(990'000) ? 30 : 0;
        if (trip.payment_type == 1)
            trip.tip = trip.fare * m_rng.between(0, 29) / 100;
        if (m_rng.chance(50'000))
            trip.tolls = m_rng.chance(500'000) ? 576 : 612;
        if (m_congestion_known) {
            // Yellow cabs mostly drive in the surcharge zone, green ones mostly not.
            const uint32_t in_zone = m_taxi == taxi_kind::yellow ? 75 : 30;
            const size_t choice = m_rng.pick({in_zone, 97 - in_zone, 3}); // 2.75, 0, empty
            if (choice < 2)
                trip.congestion = choice == 0 ? 275 : 0;
        }
        if (m_rng.chance(refund_ppm)) {
            for (int64_t *amount : {&trip.fare, &trip.extra, &trip.mta_tax, &trip.tip,
                                    &trip.tolls, &trip.improvement})
                *amount = -*amount;
            if (trip.congestion)
                trip.congestion = -*trip.congestion;
            if (trip.payment_type)
                trip.payment_type = m_rng.chance(500'000) ? 3 : 4;
        }

        constexpr std::array distance_styles{number_style{decimal_places::two, false},
                                             number_style{decimal_places::two, true},
                                             number_style{decimal_places::trimmed, false}};
        trip.distance_style = distance_styles[m_rng.pick({70, 20, 10})];
        constexpr std::array amount_styles{
            number_style{decimal_places::trimmed, false},
            number_style{decimal_places::trimmed, true},
            number_style{decimal_places::at_least_one, false},
            number_style{decimal_places::two, false}};
        trip.amount_style = amount_styles[m_rng.pick({70, 10, 10, 10})];
        return trip;
    }

    void append_taxi(std::string &line, const taxi_trip &trip) const
    {
        const bool green = m_taxi == taxi_kind::green;
        const number_style style = trip.amount_style;
        csv_row row(line);
        row.number(trip.vendor);
        row.date_time(trip.pickup);
        row.date_time(trip.dropoff);
        if (green) {
            row.text(trip.store_and_forward);
            row.number(trip.ratecode);
            row.number(trip.pu_location);
            row.number(trip.do_location);
            row.number(trip.passengers);
            row.decimal(trip.distance, trip.distance_style);
        } else {
            row.number(trip.passengers);
            row.decimal(trip.distance, trip.distance_style);
            row.number(trip.ratecode);
            row.text(trip.store_and_forward);
            row.number(trip.pu_location);
            row.number(trip.do_location);
            row.number(trip.payment_type);
        }
        for (int64_t amount : {trip.fare, trip.extra, trip.mta_tax, trip.tip, trip.tolls})
            row.decimal(amount, style);
        if (green)
            row.text(""); // ehail_fee is never filled in
        row.decimal(trip.improvement, style);
        row.decimal(trip.total(), style);
        if (green) {
            row.number(trip.payment_type);
            row.number(trip.trip_type);
        }
        row.decimal(trip.congestion, style);
        row.end();
    }

    void append_fhv(std::string &line)
    {
        const bool same_key = reuse_previous_key();
        const int base = same_key ? *m_previous_id : random_base();
        const int64_t pickup = same_key ? m_previous_pickup : pickup_time();
        m_previous_id = base;
        m_previous_pickup = pickup;

        csv_row row(line);
        row.base(base);
        row.date_time(pickup);
        row.date_time(pickup + trip_seconds());
        row.number(location_or_empty(550'000));
        row.number(location_or_empty(200'000));
        row.text(m_rng.chance(30'000) ? "1" : ""); // SR_Flag
        // Affiliated base: this base, another base, none.
        const size_t affiliation = m_rng.pick({70, 15, 15});
        if (affiliation == 2)
            row.text("");
        else
            row.base(affiliation == 0 ? base : random_base());
        row.end();
    }

    int random_base() { return m_bases[m_rng.below(base_count)]; }

    taxi_kind m_taxi;
    rng m_rng;
    bool m_congestion_known;             // congestion_surcharge exists from 2019-02 on
    bool m_dispatch_info_may_be_missing; // see green_no_dispatch_info_ppm
    time_window m_month;
    std::array<time_window, 7> m_off_month;
    std::array<int, base_count> m_bases{};
    // VendorID (taxis) or base number (FHV) of the last new row.
    std::optional<int> m_previous_id;
    int64_t m_previous_pickup = 0;
    std::string m_pending_copy;
    // New rows to write before m_pending_copy; -1 when none is pending.
    int m_copy_delay = -1;
};

// Rewrites generated lines (no quotes, commas or line breaks in their values) with every
// quoting form COPY ... (FORMAT csv) reads, so that a loader's CSV reader can be checked
// against PostgreSQL's. Its own PRNG: the rows' values stay those of the plain file,
// except for the text values it changes on purpose.
class quoter
{
public:
    quoter(taxi_kind taxi, uint64_t seed)
    : m_text_columns(text_columns[static_cast<size_t>(taxi)]),
      m_rng(seed ^ 0x51'554f'5445ull)
    {
    }

    void requote(std::string &line)
    {
        m_out.clear();
        std::string_view rest{line.data(), line.size() - 1}; // without its '\n'
        for (uint32_t column = 0;; ++column) {
            const size_t comma = rest.find(',');
            if (column > 0)
                m_out += ',';
            field(rest.substr(0, comma), (m_text_columns >> column & 1u) != 0);
            if (comma == std::string_view::npos)
                break;
            rest.remove_prefix(comma + 1);
        }
        m_out += '\n';
        line.swap(m_out);
    }

private:
    static bool special(std::string_view text)
    {
        return text.find_first_of("\",\r\n") != std::string_view::npos;
    }

    void quoted(std::string_view text)
    {
        m_out += '"';
        for (char c : text) {
            m_out += c;
            if (c == '"')
                m_out += '"';
        }
        m_out += '"';
    }

    void field(std::string_view value, bool text)
    {
        if (value.empty()) {
            // Quoted, an empty value is '' rather than NULL: text only.
            if (text && m_rng.chance(300'000))
                m_out += "\"\"";
            return;
        }
        std::string changed;
        if (text && m_rng.chance(100'000)) {
            constexpr std::array<std::string_view, 7> additions{
                ",", "\"", "\"\"", "\n", "\r\n", "a,\"b\"\n", "\r"};
            changed = std::string{value} + std::string{additions[m_rng.below(7)]};
            value = changed;
        }
        // Cut the value in three pieces (any may be empty), quoted and unquoted in turn;
        // only quoted pieces may hold specials, and two quoted pieces must not touch
        // ("a""b" is a"b). Where a form does not fit, the whole value is quoted.
        const size_t a = m_rng.below(value.size() + 1);
        const size_t b = a + m_rng.below(value.size() - a + 1);
        const std::array<std::string_view, 3> pieces{
            value.substr(0, a), value.substr(a, b - a), value.substr(b)};
        switch (m_rng.pick({15, 20, 25, 25, 15})) {
        case 0: // 12
            if (special(value))
                break;
            m_out += value;
            return;
        case 2: // "1"2"3"
            if (pieces[1].empty() || special(pieces[1]))
                break;
            quoted(pieces[0]);
            m_out += pieces[1];
            quoted(pieces[2]);
            return;
        case 3: // 1"2"3
            if (special(pieces[0]) || special(pieces[2]))
                break;
            m_out += pieces[0];
            quoted(pieces[1]);
            m_out += pieces[2];
            return;
        case 4: // 1""23, an empty quoted section
            if (special(value))
                break;
            m_out += pieces[0];
            m_out += "\"\"";
            m_out += value.substr(a);
            return;
        default: // "123"
            break;
        }
        quoted(value);
    }

    uint32_t m_text_columns;
    rng m_rng;
    std::string m_out;
};

// Collects lines and hands them to zlib in large blocks, which keeps compression fast.
// Plain CSV goes through zlib's transparent mode ("T"), so both cases share one code path.
class output_file
{
public:
    static constexpr size_t block_size = 4 << 20;

    bool open(const std::string &path, int level)
    {
        const std::string mode =
            path.ends_with(".csv") ? "wbT" : "wb" + std::to_string(level);
        m_file = path == "-" ? gzdopen(fileno(stdout), mode.c_str())
                             : gzopen(path.c_str(), mode.c_str());
        if (m_file)
            gzbuffer(m_file, block_size);
        m_buffer.reserve(block_size);
        return m_file != nullptr;
    }

    bool ok() const { return !m_failed; }

    void append(std::string_view text)
    {
        m_buffer += text;
        if (m_buffer.size() >= block_size)
            flush();
    }

    bool close()
    {
        flush();
        m_failed |= gzclose(m_file) != Z_OK;
        return !m_failed;
    }

private:
    void flush()
    {
        m_failed |=
            gzwrite(m_file, m_buffer.data(), static_cast<unsigned>(m_buffer.size())) !=
            static_cast<int>(m_buffer.size());
        m_buffer.clear();
    }

    gzFile m_file = nullptr;
    std::string m_buffer;
    bool m_failed = false;
};

struct generator_options
{
    taxi_kind taxi;
    int year, month;
    uint64_t rows, seed;
    std::string out;
    int level;
    bool quoting;
    bool crlf;
};

// The whole of text as a number within [min, max].
template <typename T> std::optional<T> parse_number(std::string_view text, T min, T max)
{
    T value{};
    const auto [end, error] =
        std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < min ||
        value > max)
        return std::nullopt;
    return value;
}

std::optional<taxi_kind> parse_taxi(std::string_view text)
{
    if (text == "green")
        return taxi_kind::green;
    if (text == "yellow")
        return taxi_kind::yellow;
    if (text == "fhv")
        return taxi_kind::fhv;
    return std::nullopt;
}

// Every option takes a value. A bad value unsets its option, so the final check rejects it.
std::optional<generator_options> parse_options(int argc, char **argv)
{
    std::optional<taxi_kind> taxi;
    std::optional<int> year, month, level = 1;
    std::optional<uint64_t> rows, seed = 1;
    std::optional<bool> quoting = false, crlf = false;
    std::string out = "-";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view name = argv[i], value = argv[i + 1];
        if (name == "--taxi")
            taxi = parse_taxi(value);
        else if (name == "--year")
            year = parse_number(value, 2000, 2099);
        else if (name == "--month")
            month = parse_number(value, 1, 12);
        else if (name == "--rows")
            rows = parse_number<uint64_t>(value, 0, UINT64_MAX);
        else if (name == "--seed")
            seed = parse_number<uint64_t>(value, 0, UINT64_MAX);
        else if (name == "--level")
            level = parse_number(value, 0, 9);
        else if (name == "--quoting")
            quoting = value == "all"    ? std::optional{true}
                      : value == "none" ? std::optional{false}
                                        : std::nullopt;
        else if (name == "--line-end")
            crlf = value == "crlf" ? std::optional{true}
                   : value == "lf" ? std::optional{false}
                                   : std::nullopt;
        else if (name == "--out" && !value.empty())
            out = value;
        else
            return std::nullopt;
    }
    if (argc % 2 == 0 || !taxi || !year || !month || !rows || !seed || !level || !quoting ||
        !crlf)
        return std::nullopt;
    return generator_options{*taxi, *year,  *month,   *rows, *seed,
                             out,   *level, *quoting, *crlf};
}

} // namespace

int main(int argc, char **argv)
{
    const std::optional<generator_options> options = parse_options(argc, argv);
    if (!options) {
        std::fputs(usage, stderr);
        return 2;
    }
    output_file output;
    if (!output.open(options->out, options->level)) {
        std::fprintf(stderr, "taxi-etl-gen: cannot open %s for writing\n",
                     options->out.c_str());
        return 1;
    }
    trip_generator generator(options->taxi, options->year, options->month, options->seed);
    quoter requoter(options->taxi, options->seed);
    const std::string_view line_end = options->crlf ? "\r\n" : "\n";
    output.append(generator.header());
    output.append(line_end);
    std::string line;
    for (uint64_t row = 0; row < options->rows && output.ok(); ++row) {
        generator.next_line(line);
        if (options->quoting)
            requoter.requote(line);
        line.pop_back(); // its '\n'
        output.append(line);
        output.append(line_end);
    }
    if (!output.close()) {
        std::fprintf(stderr, "taxi-etl-gen: writing %s failed\n", options->out.c_str());
        return 1;
    }
    std::fprintf(stderr, "%llu rows written to %s\n",
                 static_cast<unsigned long long>(options->rows), options->out.c_str());
    return 0;
}
