// Go-compatible durations: time.ParseDuration and Duration.String.
#include "lib/base/duration.h"

#include <gtest/gtest.h>

#include <limits>

namespace igw::base {
namespace {

constexpr int64_t kNs = 1;
constexpr int64_t kUs = 1000 * kNs;
constexpr int64_t kMs = 1000 * kUs;
constexpr int64_t kS = 1000 * kMs;
constexpr int64_t kMin = 60 * kS;
constexpr int64_t kH = 60 * kMin;

int64_t parsed(std::string_view text) {
  std::string why;
  auto d = parse_duration(text, &why);
  EXPECT_TRUE(d.has_value()) << text << ": " << why;
  return d ? d->nanos : -42;
}

std::string error_of(std::string_view text) {
  std::string why;
  auto d = parse_duration(text, &why);
  EXPECT_FALSE(d.has_value()) << text << " parsed as " << (d ? d->nanos : 0);
  return why;
}

TEST(ParseDuration, GoExamples) {
  EXPECT_EQ(parsed("0"), 0);
  EXPECT_EQ(parsed("0s"), 0);
  EXPECT_EQ(parsed("+0"), 0);
  EXPECT_EQ(parsed("-0"), 0);
  EXPECT_EQ(parsed("5s"), 5 * kS);
  EXPECT_EQ(parsed("30s"), 30 * kS);
  EXPECT_EQ(parsed("1478s"), 1478 * kS);
  EXPECT_EQ(parsed("-5s"), -5 * kS);
  EXPECT_EQ(parsed("+5s"), 5 * kS);
  EXPECT_EQ(parsed("-0s"), 0);
  EXPECT_EQ(parsed("5.0s"), 5 * kS);
  EXPECT_EQ(parsed("5.6s"), 5 * kS + 600 * kMs);
  EXPECT_EQ(parsed("5.s"), 5 * kS);
  EXPECT_EQ(parsed(".5s"), 500 * kMs);
  EXPECT_EQ(parsed("1.0s"), kS);
  EXPECT_EQ(parsed("1.00s"), kS);
  EXPECT_EQ(parsed("1.004s"), kS + 4 * kMs);
  EXPECT_EQ(parsed("1.0040s"), kS + 4 * kMs);
  EXPECT_EQ(parsed("100.00100s"), 100 * kS + 1 * kMs);
  EXPECT_EQ(parsed("10ns"), 10 * kNs);
  EXPECT_EQ(parsed("11us"), 11 * kUs);
  EXPECT_EQ(parsed("12\xC2\xB5s"), 12 * kUs);  // U+00B5 micro sign
  EXPECT_EQ(parsed("12\xCE\xBCs"), 12 * kUs);  // U+03BC Greek mu
  EXPECT_EQ(parsed("13ms"), 13 * kMs);
  EXPECT_EQ(parsed("14s"), 14 * kS);
  EXPECT_EQ(parsed("15m"), 15 * kMin);
  EXPECT_EQ(parsed("16h"), 16 * kH);
  EXPECT_EQ(parsed("3h30m"), 3 * kH + 30 * kMin);
  EXPECT_EQ(parsed("1h30m"), 90 * kMin);
  EXPECT_EQ(parsed("10.5s4m"), 4 * kMin + 10 * kS + 500 * kMs);
  EXPECT_EQ(parsed("-2m3.4s"), -(2 * kMin + 3 * kS + 400 * kMs));
  EXPECT_EQ(parsed("1h2m3s4ms5us6ns"), kH + 2 * kMin + 3 * kS + 4 * kMs + 5 * kUs + 6 * kNs);
  EXPECT_EQ(parsed("39h9m14.425s"), 39 * kH + 9 * kMin + 14 * kS + 425 * kMs);
  EXPECT_EQ(parsed("52763797000ns"), 52763797000 * kNs);
  EXPECT_EQ(parsed("0.3333333333333333333h"), 20 * kMin);
  EXPECT_EQ(parsed("1.5s"), 1500 * kMs);
  EXPECT_EQ(parsed("500ms"), 500 * kMs);
  EXPECT_EQ(parsed("1\xC2\xB5s"), kUs);
  EXPECT_EQ(parsed("-1s"), -kS);
  EXPECT_EQ(parsed("24h"), 24 * kH);
}

TEST(ParseDuration, FractionsTruncateLikeGo) {
  // Go scales the fraction through a float64 and truncates: never rounds up.
  EXPECT_EQ(parsed("1.0000000005s"), kS);
  EXPECT_EQ(parsed("0.9999999999s"), 999999999);
  // Many fraction digits: the ones past 63 bits are ignored, not an error.
  EXPECT_EQ(parsed("0.100000000000000000000h"), 6 * kMin);
  EXPECT_EQ(parsed("0.830103483285477580700h"), 49 * kMin + 48 * kS + 372539827 * kNs);
}

TEST(ParseDuration, Limits) {
  EXPECT_EQ(parsed("9223372036854775807ns"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(parsed("-9223372036854775808ns"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(parsed("9223372036s854ms775us807ns"), std::numeric_limits<int64_t>::max());
  error_of("9223372036854775808ns");
  error_of("9223372036854775810ns");
  error_of("-9223372036854775809ns");
  error_of("3000000h");
  error_of("9223372036854775807ns1ns");
  error_of("18446744073709551616ns");
}

TEST(ParseDuration, Errors) {
  EXPECT_EQ(error_of(""), "invalid duration \"\"");
  EXPECT_EQ(error_of("3"), "missing unit in duration \"3\"");
  EXPECT_EQ(error_of("-"), "invalid duration \"-\"");
  EXPECT_EQ(error_of("s"), "invalid duration \"s\"");
  EXPECT_EQ(error_of("."), "invalid duration \".\"");
  EXPECT_EQ(error_of("-."), "invalid duration \"-.\"");
  EXPECT_EQ(error_of(".s"), "invalid duration \".s\"");
  EXPECT_EQ(error_of("+.s"), "invalid duration \"+.s\"");
  EXPECT_EQ(error_of("1d"), "unknown unit \"d\" in duration \"1d\"");
  EXPECT_EQ(error_of("1sec"), "unknown unit \"sec\" in duration \"1sec\"");
  EXPECT_EQ(error_of("1S"), "unknown unit \"S\" in duration \"1S\"");
  EXPECT_EQ(error_of("3000000h1m"), "invalid duration \"3000000h1m\"");
  error_of(" 1s");
  error_of("1s ");
  error_of("1 s");
  error_of("1.5");
  error_of("--1s");
  error_of("1s-1s");
  error_of("1e3s");
  error_of("0x10s");
  error_of("1..5s");
  // Without `why` the caller just gets nullopt.
  EXPECT_FALSE(parse_duration("nope").has_value());
}

TEST(FormatDuration, GoStrings) {
  EXPECT_EQ(format_duration(Duration{0}), "0s");
  EXPECT_EQ(format_duration(Duration{1}), "1ns");
  EXPECT_EQ(format_duration(Duration{1100}), "1.1\xC2\xB5s");
  EXPECT_EQ(format_duration(Duration{kUs}), "1\xC2\xB5s");
  EXPECT_EQ(format_duration(Duration{2200 * kUs}), "2.2ms");
  EXPECT_EQ(format_duration(Duration{500 * kMs}), "500ms");
  EXPECT_EQ(format_duration(Duration{3300 * kMs}), "3.3s");
  EXPECT_EQ(format_duration(Duration{1500 * kMs}), "1.5s");
  EXPECT_EQ(format_duration(Duration{4 * kMin + 5 * kS}), "4m5s");
  EXPECT_EQ(format_duration(Duration{4 * kMin + 5001 * kMs}), "4m5.001s");
  EXPECT_EQ(format_duration(Duration{5 * kH + 6 * kMin + 7001 * kMs}), "5h6m7.001s");
  EXPECT_EQ(format_duration(Duration{8 * kMin + 1}), "8m0.000000001s");
  EXPECT_EQ(format_duration(Duration{kH}), "1h0m0s");
  EXPECT_EQ(format_duration(Duration{90 * kMin}), "1h30m0s");
  EXPECT_EQ(format_duration(Duration{-kS}), "-1s");
  EXPECT_EQ(format_duration(Duration{-1}), "-1ns");
  EXPECT_EQ(format_duration(Duration{std::numeric_limits<int64_t>::max()}),
            "2562047h47m16.854775807s");
  EXPECT_EQ(format_duration(Duration{std::numeric_limits<int64_t>::min()}),
            "-2562047h47m16.854775808s");
}

TEST(FormatDuration, RoundTrips) {
  for (const char* text : {"1h30m0s", "1.5s", "500ms", "1\xC2\xB5s", "-1s", "2h0m0.5s", "7ns"}) {
    auto d = parse_duration(text);
    ASSERT_TRUE(d) << text;
    EXPECT_EQ(format_duration(*d), text);
  }
}

TEST(Duration, Accessors) {
  Duration d{1500 * kMs};
  EXPECT_EQ(d.millis(), 1500);
  EXPECT_EQ(d.seconds(), 1);
  EXPECT_LT(Duration{1}, Duration{2});
  EXPECT_EQ(Duration{-1500 * kMs}.seconds(), -1);
}

}  // namespace
}  // namespace igw::base
