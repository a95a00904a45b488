// Small string helpers shared by every module.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igw::base {

std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
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
