// Source files and positions: line lookup for carets, "file:line:col" rendering.
#include "lib/base/source_loc.h"

#include "lib/base/result.h"

#include <gtest/gtest.h>

#include <memory>

namespace igw::base {
namespace {

TEST(SourceFile, Lines) {
  SourceFile f("a.yaml", "one\ntwo\r\n\nfour");
  EXPECT_EQ(f.path(), "a.yaml");
  EXPECT_EQ(f.line_count(), 4u);
  EXPECT_EQ(f.line_text(1), "one");
  EXPECT_EQ(f.line_text(2), "two");  // CR of CRLF dropped
  EXPECT_EQ(f.line_text(3), "");
  EXPECT_EQ(f.line_text(4), "four");
  EXPECT_EQ(f.line_text(0), "");
  EXPECT_EQ(f.line_text(5), "");
}

TEST(SourceFile, TrailingNewlineIsNotAnExtraLine) {
  EXPECT_EQ(SourceFile("a", "x\n").line_count(), 1u);
  EXPECT_EQ(SourceFile("a", "x\n\n").line_count(), 2u);
  EXPECT_EQ(SourceFile("a", "").line_count(), 1u);
  EXPECT_EQ(SourceFile("a", "").line_text(1), "");
  EXPECT_EQ(SourceFile("a", "\n").line_count(), 1u);
}

TEST(SourceLoc, Str) {
  auto f = std::make_shared<SourceFile>("dir/a.yaml", "x");
  EXPECT_EQ((SourceLoc{f, 3, 7}).str(), "dir/a.yaml:3:7");
  EXPECT_EQ((SourceLoc{f, 3, 0}).str(), "dir/a.yaml:3");
  EXPECT_EQ((SourceLoc{f, 0, 0}).str(), "dir/a.yaml");
  EXPECT_EQ(SourceLoc{}.str(), "");
  EXPECT_EQ(SourceLoc{}.path(), "");
  EXPECT_TRUE((SourceLoc{f, 1, 1}).has_position());
  EXPECT_FALSE((SourceLoc{f, 0, 0}).has_position());
  EXPECT_TRUE((SourceLoc{f, 0, 0}).known());
  EXPECT_FALSE(SourceLoc{}.known());
}

TEST(Result, ValueAndError) {
  Result<int> ok = 5;
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 5);
  Result<int> bad = make_error("boom");
  EXPECT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "boom");
  Result<std::string> s = std::string("abc");
  EXPECT_EQ(s->size(), 3u);
  std::string moved = std::move(s).value();
  EXPECT_EQ(moved, "abc");
  Result<void> v;
  EXPECT_TRUE(v);
  Result<void> verr = make_error("nope");
  EXPECT_FALSE(verr);
  EXPECT_EQ(verr.error().message, "nope");
}

}  // namespace
}  // namespace igw::base
