// Go-compatible duration parsing and formatting (time.ParseDuration, Duration.String).
#include "lib/base/duration.h"

#include <fmt/format.h>

#include <limits>

namespace igw::base {

namespace {
struct Unit {
  std::string_view name;
  int64_t nanos;
};
constexpr Unit kUnits[] = {
    {"ns", 1},           {"us", 1000},         {"\xC2\xB5s", 1000},  // U+00B5 micro sign
    {"\xCE\xBCs", 1000},                                             // U+03BC Greek mu
    {"ms", 1'000'000},   {"s", 1'000'000'000}, {"m", 60'000'000'000}, {"h", 3'600'000'000'000}};
}  // namespace

// Go's time.ParseDuration, step for step: integer arithmetic on the whole part, the fraction
// scaled through a double and truncated, overflow past 1<<63 rejected.
std::optional<Duration> parse_duration(std::string_view s, std::string* why) {
  const std::string_view orig = s;
  auto fail = [&](std::string msg) -> std::optional<Duration> {
    if (why)
      *why = std::move(msg);
    return std::nullopt;
  };
  auto invalid = [&] { return fail(fmt::format("invalid duration \"{}\"", orig)); };
  constexpr uint64_t kLimit = uint64_t{1} << 63;
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };

  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0")
    return Duration{0};
  if (s.empty())
    return invalid();
  uint64_t total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || is_digit(s[0])))
      return invalid();
    // Whole part.
    uint64_t v = 0;
    size_t i = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      if (v > (kLimit - 1) / 10)
        return invalid();
      v = v * 10 + static_cast<uint64_t>(s[i] - '0');
      if (v > kLimit)
        return invalid();
    }
    bool pre = i > 0;
    s.remove_prefix(i);
    // Fraction: digits past what fits in 63 bits are read but ignored, as Go does.
    uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      bool overflow = false;
      for (i = 0; i < s.size() && is_digit(s[i]); ++i) {
        if (overflow)
          continue;
        if (f > (kLimit - 1) / 10) {
          overflow = true;
          continue;
        }
        uint64_t next = f * 10 + static_cast<uint64_t>(s[i] - '0');
        if (next > kLimit) {
          overflow = true;
          continue;
        }
        f = next;
        scale *= 10;
      }
      post = i > 0;
      s.remove_prefix(i);
    }
    if (!pre && !post)
      return invalid();
    size_t u = 0;
    while (u < s.size() && s[u] != '.' && !is_digit(s[u]))
      ++u;
    if (u == 0)
      return fail(fmt::format("missing unit in duration \"{}\"", orig));
    std::string_view unit_name = s.substr(0, u);
    s.remove_prefix(u);
    const Unit* unit = nullptr;
    for (const auto& k : kUnits) {
      if (k.name == unit_name)
        unit = &k;
    }
    if (!unit)
      return fail(fmt::format("unknown unit \"{}\" in duration \"{}\"", unit_name, orig));
    uint64_t scale_ns = static_cast<uint64_t>(unit->nanos);
    if (v > kLimit / scale_ns)
      return invalid();
    v *= scale_ns;
    if (f > 0) {
      v += static_cast<uint64_t>(static_cast<double>(f) * (static_cast<double>(scale_ns) / scale));
      if (v > kLimit)
        return invalid();
    }
    total += v;
    if (total > kLimit)
      return invalid();
  }
  if (neg)
    return Duration{total == kLimit ? std::numeric_limits<int64_t>::min()
                                    : -static_cast<int64_t>(total)};
  if (total > kLimit - 1)
    return invalid();
  return Duration{static_cast<int64_t>(total)};
}

std::string format_duration(Duration d) {
  int64_t n = d.nanos;
  if (n == 0)
    return "0s";
  std::string sign = n < 0 ? "-" : "";
  uint64_t u = n < 0 ? static_cast<uint64_t>(-(n + 1)) + 1 : static_cast<uint64_t>(n);
  auto frac = [](uint64_t value, uint64_t scale) {
    std::string digits = fmt::format("{}", value % scale);
    int width = 0;
    for (uint64_t x = scale; x > 1; x /= 10)
      ++width;
    digits = std::string(static_cast<size_t>(width) - digits.size(), '0') + digits;
    while (!digits.empty() && digits.back() == '0')
      digits.pop_back();
    return digits.empty() ? std::string() : "." + digits;
  };
  if (u < 1000)
    return fmt::format("{}{}ns", sign, u);
  if (u < 1'000'000)  // Go prints microseconds with U+00B5 MICRO SIGN
    return fmt::format("{}{}{}\xC2\xB5s", sign, u / 1000, frac(u, 1000));
  if (u < 1'000'000'000)
    return fmt::format("{}{}{}ms", sign, u / 1'000'000, frac(u, 1'000'000));
  uint64_t secs = u / 1'000'000'000;
  std::string s = fmt::format("{}{}s", secs % 60, frac(u, 1'000'000'000));
  uint64_t mins = secs / 60;
  if (mins == 0)
    return sign + s;
  std::string m = fmt::format("{}m", mins % 60);
  uint64_t hours = mins / 60;
  if (hours == 0)
    return sign + m + s;
  return fmt::format("{}{}h{}{}", sign, hours, m, s);
}

}  // namespace igw::base
