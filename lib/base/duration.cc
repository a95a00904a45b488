#include "lib/base/duration.h"

#include <fmt/format.h>

#include <cmath>
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

std::optional<Duration> parse_duration(std::string_view s, std::string* why) {
  auto fail = [&](std::string msg) -> std::optional<Duration> {
    if (why)
      *why = std::move(msg);
    return std::nullopt;
  };
  std::string_view orig = s;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0")
    return Duration{0};
  if (s.empty())
    return fail(fmt::format("invalid duration \"{}\"", orig));
  long double total = 0;
  while (!s.empty()) {
    size_t i = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
      ++i;
    size_t int_len = i;
    size_t frac_len = 0;
    if (i < s.size() && s[i] == '.') {
      ++i;
      size_t f = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9')
        ++i;
      frac_len = i - f;
    }
    if (int_len == 0 && frac_len == 0)
      return fail(fmt::format("invalid duration \"{}\"", orig));
    std::string number(s.substr(0, i));
    s.remove_prefix(i);
    size_t u = 0;
    while (u < s.size() && !(s[u] >= '0' && s[u] <= '9') && s[u] != '.')
      ++u;
    std::string_view unit = s.substr(0, u);
    s.remove_prefix(u);
    if (unit.empty())
      return fail(fmt::format("missing unit in duration \"{}\"", orig));
    const Unit* found = nullptr;
    for (const auto& k : kUnits) {
      if (k.name == unit)
        found = &k;
    }
    if (!found)
      return fail(fmt::format("unknown unit \"{}\" in duration \"{}\"", unit, orig));
    total += std::strtold(number.c_str(), nullptr) * static_cast<long double>(found->nanos);
    if (total > static_cast<long double>(std::numeric_limits<int64_t>::max())) {
      return fail(fmt::format("invalid duration \"{}\"", orig));
    }
  }
  int64_t n = static_cast<int64_t>(std::llround(total));
  return Duration{neg ? -n : n};
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
  if (u < 1'000'000)
    return fmt::format("{}{}{}us", sign, u / 1000, frac(u, 1000));
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
