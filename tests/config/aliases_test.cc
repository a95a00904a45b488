// Anchors, aliases and merge keys, and the limits that keep them from exploding.
#include "tests/config/config_test_util.h"

namespace igw::config {
namespace {

using testing::at;
using testing::diags;
using testing::parse;

TEST(Aliases, CopyTheAnchoredTree) {
  auto r = parse("a: &x {k: v, n: [1, 2]}\nb: *x\nc: [*x, *x]\nd: &s text\ne: *s\n");
  ASSERT_FALSE(r.input_error) << diags(r);
  const Node& root = r.documents.at(0).root;
  EXPECT_EQ(at(root, {"b", "k"})->value, "v");
  EXPECT_EQ(at(root, {"b", "n", "1"})->value, "2");
  EXPECT_EQ(at(root, {"c", "1", "k"})->value, "v");
  EXPECT_EQ(root.find("e")->value, "text");
}

TEST(Aliases, UnknownAnchorIsAnError) {
  auto r = parse("a: *missing\n");
  EXPECT_TRUE(r.input_error);
  EXPECT_EQ(diags(r), "IGW0002 1:4");
}

TEST(MergeKeys, ExplicitKeysWinAndEarlierSourcesWin) {
  auto r = parse(R"(base: &base {timeout: 5s, retries: 3}
other: &other {timeout: 9s, extra: on}
route:
  <<: [*base, *other]
  retries: 1
single:
  <<: *base
  name: s
)");
  ASSERT_FALSE(r.input_error) << diags(r);
  const Node& route = *r.documents.at(0).root.find("route");
  EXPECT_EQ(route.find("retries")->value, "1");   // explicit key wins (even written after)
  EXPECT_EQ(route.find("timeout")->value, "5s");  // first merge source wins
  EXPECT_EQ(route.find("extra")->value, "on");
  EXPECT_EQ(route.find("<<"), nullptr);
  EXPECT_EQ(route.entries.size(), 3u);
  const Node& single = *r.documents.at(0).root.find("single");
  EXPECT_EQ(single.find("timeout")->value, "5s");
  EXPECT_EQ(single.find("name")->value, "s");
}

TEST(MergeKeys, QuotedMergeKeyIsAnOrdinaryKey) {
  auto r = parse("m:\n  \"<<\": {a: 1}\n");
  ASSERT_FALSE(r.input_error) << diags(r);
  EXPECT_NE(r.documents.at(0).root.find("m")->find("<<"), nullptr);
}

TEST(MergeKeys, MergingAScalarIsAnError) {
  auto r = parse("m:\n  <<: 3\n");
  EXPECT_TRUE(r.input_error);
  EXPECT_EQ(diags(r), "IGW0002 2:7");
  EXPECT_NE(r.diagnostics.items()[0].message.find("merge key"), std::string::npos);
}

TEST(Limits, BillionLaughsIsRefused) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
            prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + "]\n";
  }
  auto r = parse(bomb);
  EXPECT_TRUE(r.input_error);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics.items()[0].code, "IGW0002");
  EXPECT_NE(r.diagnostics.items()[0].message.find("alias expansion exceeds 100000 nodes"),
            std::string::npos);
  EXPECT_TRUE(r.documents.empty());
}

TEST(Limits, AliasExpansionBudgetIsConfigurable) {
  std::string text = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n";
  LoadLimits tight;
  tight.max_alias_expansion = 10;
  EXPECT_TRUE(parse(text, tight).input_error);
  EXPECT_FALSE(parse(text).input_error);
}

TEST(Limits, AliasOfALongStringCountsBytes) {
  std::string text = "a: &a " + std::string(1000, 'x') + "\nb: [";
  for (int i = 0; i < 20; ++i)
    text += "*a, ";
  text += "*a]\n";
  LoadLimits tight;
  tight.max_alias_expansion_bytes = 10'000;
  auto r = parse(text, tight);
  EXPECT_TRUE(r.input_error);
  EXPECT_NE(r.diagnostics.items().at(0).message.find("bytes"), std::string::npos);
  EXPECT_FALSE(parse(text).input_error);
}

TEST(Limits, DeepFlowNestingIsRefusedAtTheLimit) {
  auto at_limit = parse("a: " + std::string(255, '[') + std::string(255, ']') + "\n");
  EXPECT_FALSE(at_limit.input_error) << diags(at_limit);
  auto over = parse("a: " + std::string(256, '[') + std::string(256, ']') + "\n");
  EXPECT_TRUE(over.input_error);
  EXPECT_EQ(diags(over), "IGW0002 1:259");
  EXPECT_NE(over.diagnostics.items()[0].message.find("deeper than 256 levels"), std::string::npos);
  // Far deeper than yaml-cpp's own guard, and unclosed: still one clear error, no crash.
  auto huge = parse("a: " + std::string(100000, '[') + "\n");
  EXPECT_TRUE(huge.input_error);
  EXPECT_EQ(huge.diagnostics.size(), 1u);
  auto maps = parse("a: " + std::string(3000, '{') + "\n");
  EXPECT_TRUE(maps.input_error);
}

TEST(Limits, DeepBlockNestingIsRefused) {
  std::string maps;
  for (int i = 0; i < 2000; ++i)
    maps += std::string(static_cast<size_t>(i), ' ') + "k:\n";
  auto r = parse(maps);
  EXPECT_TRUE(r.input_error);
  EXPECT_EQ(diags(r), "IGW0002 257:257");
  std::string seqs;
  for (int i = 0; i < 2000; ++i)
    seqs += "- ";
  EXPECT_TRUE(parse(seqs + "x\n").input_error);
}

TEST(Limits, AliasesCannotNestPastTheLimit) {
  // Each alias adds the depth of its anchor: a chain of them would build a tree far deeper than
  // the text, which every recursive consumer would have to walk.
  std::string text = "a0: &a0 " + std::string(200, '[') + std::string(200, ']') + "\n";
  text += "a1: &a1 " + std::string(100, '[') + "*a0" + std::string(100, ']') + "\n";
  auto r = parse(text);
  EXPECT_TRUE(r.input_error);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics.items()[0].message.find("alias nests the document deeper"),
            std::string::npos);
  EXPECT_EQ(r.diagnostics.items()[0].loc.line, 2u);
}

TEST(Limits, MaxDepthIsConfigurable) {
  LoadLimits shallow;
  shallow.max_depth = 3;
  EXPECT_FALSE(parse("a: {b: [1]}\n", shallow).input_error);
  EXPECT_TRUE(parse("a: {b: [[1]]}\n", shallow).input_error);
}

}  // namespace
}  // namespace igw::config
