// Small string helpers shared by every module.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igw::base {

std::string to_lower(std::string_view s);
// [A-Za-z0-9], whatever the locale.
constexpr bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
// ASCII case-insensitive equality; inline because header lookups call it per header.
inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = static_cast<char>(y - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

std::string_view trim(std::string_view s);
// Splits on `sep`; keeps empty pieces.
std::vector<std::string_view> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Optimal-string-alignment edit distance (adjacent transpositions count as one edit).
size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word` when it is a plausible typo (distance ≤ max(1, len/3), or
// one is a prefix/plural of the other); nullopt otherwise.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);
// Decimal integer with optional sign; nullopt on anything else (no spaces, no overflow).
std::optional<int64_t> parse_int(std::string_view s);
// Quote for messages the way Go's %q does for printable ASCII: "text" with \" and \\ escaped.
std::string quote(std::string_view s);

}  // namespace igw::base
