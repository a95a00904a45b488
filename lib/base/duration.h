// Durations as Istio's CRDs accept them: Go's time.ParseDuration syntax ("1h30m", "1.5s", "24h").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace igw::base {

struct Duration {
  int64_t nanos = 0;

  int64_t millis() const { return nanos / 1'000'000; }
  // Whole seconds, fractional part truncated (Envoy's max-age rendering).
  int64_t seconds() const { return nanos / 1'000'000'000; }
  friend auto operator<=>(const Duration&, const Duration&) = default;
};

// Parses Go duration syntax: optional sign, then one or more <decimal><unit> with units
// ns, us, µs, ms, s, m, h; "0" alone is zero. nullopt (with `why`) on bad syntax or overflow.
std::optional<Duration> parse_duration(std::string_view text, std::string* why = nullptr);
// Renders like Go's Duration.String(): "1h0m0s", "1.5s", "500ms", "1\u00b5s" (micro sign), "0s".
std::string format_duration(Duration d);

}  // namespace igw::base
