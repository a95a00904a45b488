// String helpers: case, trimming, splitting, edit distance, typo suggestions, Go %q quoting.
#include "lib/base/strings.h"

#include <gtest/gtest.h>

namespace igw::base {
namespace {

TEST(Strings, CaseHelpers) {
  EXPECT_EQ(to_lower("GateWay-01"), "gateway-01");
  EXPECT_EQ(to_lower("\xC3\x89"), "\xC3\x89");  // bytes past ASCII are left alone
  EXPECT_TRUE(iequals("VirtualService", "virtualservice"));
  EXPECT_FALSE(iequals("VirtualService", "VirtualServices"));
  EXPECT_FALSE(iequals("a", "b"));
  EXPECT_TRUE(iequals("", ""));
}

TEST(Strings, Trim) {
  EXPECT_EQ(trim("  a b \t\r"), "a b");
  EXPECT_EQ(trim("\t"), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("x"), "x");
}

TEST(Strings, SplitKeepsEmptyPieces) {
  EXPECT_EQ(split("a,b,,c", ','), (std::vector<std::string_view>{"a", "b", "", "c"}));
  EXPECT_EQ(split("", ','), (std::vector<std::string_view>{""}));
  EXPECT_EQ(split(",", ','), (std::vector<std::string_view>{"", ""}));
  EXPECT_EQ(split("ns/name", '/'), (std::vector<std::string_view>{"ns", "name"}));
}

TEST(Strings, Join) {
  EXPECT_EQ(join({"a", "b", "c"}, ", "), "a, b, c");
  EXPECT_EQ(join({}, ","), "");
  EXPECT_EQ(join({"only"}, ","), "only");
}

TEST(Strings, EditDistance) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("hosts", "hsots"), 1u);  // adjacent transposition counts once
  EXPECT_EQ(edit_distance("ca", "abc"), 3u);       // optimal string alignment, not Damerau
  EXPECT_EQ(edit_distance("gateway", "gateway"), 0u);
}

TEST(Strings, ClosestMatch) {
  const std::vector<std::string> fields = {"hosts", "gateways", "http", "tls", "tcp", "exportTo"};
  EXPECT_EQ(closest_match("host", fields), "hosts");  // singular of a plural
  EXPECT_EQ(closest_match("gateway", fields), "gateways");
  EXPECT_EQ(closest_match("hsots", fields), "hosts");        // transposition
  EXPECT_EQ(closest_match("exportto", fields), "exportTo");  // case-insensitive, as written
  EXPECT_EQ(closest_match("HTTP", fields), "http");
  EXPECT_EQ(closest_match("tlss", fields), "tls");
  EXPECT_EQ(closest_match("routes", fields), std::nullopt);
  EXPECT_EQ(closest_match("", fields), std::nullopt);
  EXPECT_EQ(closest_match("hosts", {}), std::nullopt);
  // The closest wins; on a tie the earlier candidate.
  EXPECT_EQ(closest_match("tcx", {"tls", "tcp"}), "tcp");
  EXPECT_EQ(closest_match("tc", {"tcp", "tls"}), "tcp");
  // A long word tolerates more edits (len/3).
  EXPECT_EQ(closest_match("credentalNme", {"credentialName"}), "credentialName");
  EXPECT_EQ(closest_match("xyzzyName", {"credentialName"}), std::nullopt);
}

TEST(Strings, ParseInt) {
  EXPECT_EQ(parse_int("0"), 0);
  EXPECT_EQ(parse_int("443"), 443);
  EXPECT_EQ(parse_int("+8080"), 8080);
  EXPECT_EQ(parse_int("-1"), -1);
  EXPECT_EQ(parse_int("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(parse_int("9223372036854775808"), std::nullopt);
  EXPECT_EQ(parse_int(""), std::nullopt);
  EXPECT_EQ(parse_int("+"), std::nullopt);
  EXPECT_EQ(parse_int("-"), std::nullopt);
  EXPECT_EQ(parse_int(" 1"), std::nullopt);
  EXPECT_EQ(parse_int("1 "), std::nullopt);
  EXPECT_EQ(parse_int("1e3"), std::nullopt);
  EXPECT_EQ(parse_int("0x10"), std::nullopt);
  EXPECT_EQ(parse_int("+-1"), std::nullopt);
}

TEST(Strings, QuoteLikeGo) {
  EXPECT_EQ(quote("abc"), "\"abc\"");
  EXPECT_EQ(quote(""), "\"\"");
  EXPECT_EQ(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(quote("a\nb\tc\r"), "\"a\\nb\\tc\\r\"");
  EXPECT_EQ(quote("\a\b\f\v"), "\"\\a\\b\\f\\v\"");
  EXPECT_EQ(quote(std::string("\x00\x01\x7f", 3)), "\"\\x00\\x01\\x7f\"");
  EXPECT_EQ(quote("caf\xC3\xA9"), "\"caf\xC3\xA9\"");  // printable UTF-8 passes through
}

}  // namespace
}  // namespace igw::base
