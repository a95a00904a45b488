// Tests: Positions inside scalars (plain, single- and double-quoted).
#include "lib/check/igw/scalar_position.h"

#include <gtest/gtest.h>

#include <memory>

namespace igw::check::igw_facts {
namespace {

model::LString scalar(const std::string& text, std::string value, uint32_t col) {
  auto file = std::make_shared<base::SourceFile>("f.yaml", text);
  model::LString s;
  s.value = std::move(value);
  s.loc = base::SourceLoc{file, 1, col};
  s.present = true;
  return s;
}

uint32_t col_of(const model::LString& s, size_t offset) {
  return loc_in_scalar(s, offset).col;
}

TEST(ScalarPosition, PlainScalar) {
  auto s = scalar("regex: https://a.b", "https://a.b", 8);
  EXPECT_EQ(col_of(s, 0), 8u);
  EXPECT_EQ(col_of(s, 9), 17u);
}

TEST(ScalarPosition, DoubleQuotedWithEscapes) {
  // Value: https://x\.y.z (the YAML text doubles the backslash).
  auto s = scalar(R"(regex: "https://x\\.y.z")", R"(https://x\.y.z)", 8);
  EXPECT_EQ(col_of(s, 0), 9u);
  EXPECT_EQ(col_of(s, 9), 18u);   // the backslash, written as "\\"
  EXPECT_EQ(col_of(s, 10), 20u);  // the dot after it
  EXPECT_EQ(col_of(s, 12), 22u);
  auto u = scalar(R"(v: "\u00e9.x")", "\xc3\xa9.x", 4);
  EXPECT_EQ(col_of(u, 2), 11u);
}

TEST(ScalarPosition, SingleQuoted) {
  auto s = scalar("v: 'it''s.x'", "it's.x", 4);
  EXPECT_EQ(col_of(s, 2), 7u);  // the quote, written as ''
  EXPECT_EQ(col_of(s, 3), 9u);
  EXPECT_EQ(col_of(s, 4), 10u);
}

TEST(ScalarPosition, FallsBackToTheScalarStart) {
  // The value does not match the line (e.g. a folded scalar): the start is the honest answer.
  auto s = scalar("v: >", "folded text", 4);
  EXPECT_EQ(col_of(s, 3), 4u);
  auto t = scalar("v: abc", "abd", 4);
  EXPECT_EQ(col_of(t, 1), 4u);
}

}  // namespace
}  // namespace igw::check::igw_facts
