// Go's fmt formatting of floats (%v) and string lists (%v), for Istio's message texts.
#include "lib/base/strings.h"
#include "lib/check/rules/validators.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace igw::check::rules {

// ---- Go formatting ----------------------------------------------------------------------

std::string go_float(double v) {
  if (std::isnan(v))
    return "NaN";
  if (std::isinf(v))
    return v > 0 ? "+Inf" : "-Inf";
  if (v == 0)
    return std::signbit(v) ? "-0" : "0";
  // Shortest round-trip digits laid out as strconv's 'g' with shortest precision does: the
  // exponent form when exp < -4 || exp >= 6 ("1e+06", "1e-05"), plain decimals otherwise.
  std::array<char, 64> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::scientific);
  std::string_view sci(buf.data(), static_cast<size_t>(res.ptr - buf.data()));
  bool neg = sci.starts_with('-');
  if (neg)
    sci.remove_prefix(1);
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.')
      digits += c;
  }
  int exp = std::atoi(std::string(sci.substr(e + 1)).c_str());
  int nd = static_cast<int>(digits.size());
  constexpr int eprec = 6;
  std::string out = neg ? "-" : "";
  if (exp < -4 || exp >= eprec) {
    out += digits[0];
    if (nd > 1)
      out += "." + digits.substr(1);
    out += fmt::format("e{}{:02d}", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    return out;
  }
  if (exp < 0) {
    out += "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
    return out;
  }
  if (nd <= exp + 1) {
    out += digits + std::string(static_cast<size_t>(exp + 1 - nd), '0');
    return out;
  }
  out += digits.substr(0, static_cast<size_t>(exp + 1)) + "." +
         digits.substr(static_cast<size_t>(exp + 1));
  return out;
}

std::string go_list(const std::vector<std::string>& items) {
  return "[" + base::join(items, " ") + "]";
}

}  // namespace igw::check::rules
