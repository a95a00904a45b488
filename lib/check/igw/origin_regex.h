// Reading CORS origin regexes: dots meant literally, and origins that prove the point.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace igw::check::igw_facts {

// Offsets of every '.' in the host part of an origin regex (after "://", up to the first '/')
// that matches any character although a literal dot was almost certainly meant: not escaped,
// not inside a character class, and not the wildcard of ".*", ".+", ".?" or ".{n}".
std::vector<size_t> unescaped_host_dots(std::string_view pattern);

// An origin `pattern` admits only because the dot at `dot` matches any character, such as
// "https://evil-example.com" for "https://.*.example.com"; empty when the pattern is too
// involved to render or the example does not hold up (both checked with RE2).
std::string look_alike_origin(std::string_view pattern, size_t dot);

// `pattern` with a backslash before each of `dots`.
std::string escape_dots(std::string_view pattern, const std::vector<size_t>& dots);

// Whether the matcher admits every origin. Envoy allows an origin when a matcher matches it or
// matches the literal "*" (SEMANTICS R5.4); a matcher also counts as admitting everything when
// it admits an origin nobody owns, "https://igw-probe.invalid" (RFC 6761 reserves .invalid).
bool admits_any_origin_exact(std::string_view value);
bool admits_any_origin_prefix(std::string_view value);
bool admits_any_origin_regex(std::string_view pattern);

}  // namespace igw::check::igw_facts
