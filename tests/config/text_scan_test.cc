// The structural pre-reading used to explain syntax errors.
#include "lib/config/text_scan.h"

#include <gtest/gtest.h>

namespace igw::config {
namespace {

std::string unclosed(std::string_view text) {
  std::string out;
  for (const auto& b : scan_text(text).unclosed) {
    if (!out.empty())
      out += " ";
    out += std::string(1, b.bracket) + "@" + std::to_string(b.pos.line) + ":" +
           std::to_string(b.pos.col);
  }
  return out;
}

TEST(TextScan, BalancedFlowCollections) {
  EXPECT_EQ(unclosed("a: [1, {b: [c]}]\nd: {e: f}\n"), "");
  EXPECT_EQ(unclosed("a: [\n  1,\n  2\n]\n"), "");  // multi-line flow
  EXPECT_EQ(unclosed(""), "");
}

TEST(TextScan, UnclosedOpeners) {
  EXPECT_EQ(unclosed("a: [1, 2\nb: 3\n"), "[@1:4");
  EXPECT_EQ(unclosed("a: [1, [2, 3]\n"), "[@1:4");
  EXPECT_EQ(unclosed("a: [b, {c: d]\n"), "{@1:8");  // the ']' closes the '[' past the '{'
  EXPECT_EQ(unclosed("- {a: 1\n- [b\n"), "{@1:3 [@2:3");
  EXPECT_EQ(unclosed("a: [\n---\nb: {\n"), "[@1:4 {@3:4");  // "---" ends a document
}

TEST(TextScan, BracketsInPlainScalarsQuotesAndCommentsAreText) {
  EXPECT_EQ(unclosed("a: foo[1\nb: x{y\n"), "");
  EXPECT_EQ(unclosed("a: \"[\"\nb: '{'\n"), "");
  EXPECT_EQ(unclosed("a: 1 # [unclosed\n# {\n"), "");
  EXPECT_EQ(unclosed("a: \"esc \\\" [\"\n"), "");
  EXPECT_EQ(unclosed("a: 'it''s ['\n"), "");
  EXPECT_EQ(unclosed("a: don't [x]\n"), "");  // an apostrophe inside a plain scalar
  EXPECT_EQ(unclosed("a: |\n  [not flow\n  {either\nb: [ok]\n"), "");  // block scalar content
  EXPECT_EQ(unclosed("url: http://x/[a\n"), "");
}

TEST(TextScan, QuotesSpanningLines) {
  auto s = scan_text("a: \"abc\nb: 2\nc: \"x\"\n");
  ASSERT_EQ(s.multiline_quotes.size(), 1u);
  EXPECT_EQ(s.multiline_quotes[0].open.line, 1u);
  EXPECT_EQ(s.multiline_quotes[0].open.col, 4u);
  EXPECT_TRUE(s.multiline_quotes[0].closed);
  EXPECT_EQ(s.multiline_quotes[0].close.line, 3u);
  EXPECT_EQ(s.multiline_quotes[0].close.col, 4u);

  auto never = scan_text("a: 'abc\nb: 2\n");
  ASSERT_EQ(never.multiline_quotes.size(), 1u);
  EXPECT_FALSE(never.multiline_quotes[0].closed);
  EXPECT_EQ(never.multiline_quotes[0].quote, '\'');

  EXPECT_TRUE(scan_text("a: \"one line\"\nb: 'two'\n").multiline_quotes.empty());
}

TEST(TextScan, PositionsAreOffsetsLinesAndColumns) {
  auto s = scan_text("x: 1\r\ny: [\n");
  ASSERT_EQ(s.unclosed.size(), 1u);
  EXPECT_EQ(s.unclosed[0].pos.offset, 9u);
  EXPECT_EQ(s.unclosed[0].pos.line, 2u);
  EXPECT_EQ(s.unclosed[0].pos.col, 4u);
  EXPECT_TRUE(s.unclosed[0].pos.before(2, 5));
  EXPECT_FALSE(s.unclosed[0].pos.before(2, 4));
  EXPECT_TRUE(s.unclosed[0].pos.before(3, 1));
}

}  // namespace
}  // namespace igw::config
