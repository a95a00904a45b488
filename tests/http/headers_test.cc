// http::Headers and the R4.4 header parser order (envoy:source/common/router/header_parser.cc).
#include "lib/http/headers.h"

#include "lib/http/header_ops.h"
#include "tests/http/http_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace igw::http {
namespace {

using ::testing::ElementsAre;
using testing::lines;

TEST(Headers, LookupIsCaseInsensitiveAndKeepsOrder) {
  Headers h{{"Content-Type", "text/plain"}, {"x-a", "1"}, {"X-A", "2"}};
  EXPECT_EQ(h.get("content-type"), "text/plain");
  EXPECT_EQ(h.get_joined("x-a"), "1,2");
  EXPECT_EQ(h.count("X-a"), 2u);
  EXPECT_FALSE(h.get("missing").has_value());
}

TEST(Headers, OverwriteMovesTheHeaderToTheEnd) {
  Headers h{{"a", "1"}, {"b", "2"}, {"a", "3"}};
  h.overwrite("a", "9");
  EXPECT_THAT(lines(h), ElementsAre("b: 2", "a: 9"));
}

TEST(Headers, SetInPlaceKeepsThePosition) {
  Headers h{{"a", "1"}, {"b", "2"}, {"a", "3"}};
  h.set_in_place("a", "9");
  EXPECT_THAT(lines(h), ElementsAre("a: 9", "b: 2"));
  h.set_in_place("c", "new");
  EXPECT_THAT(lines(h), ElementsAre("a: 9", "b: 2", "c: new"));
}

// The edits take views, which may show bytes of the list itself: a growing vector or entries
// moving while duplicates are dropped must not change what was asked for (long values, so
// they live on the heap and a stale view would read freed memory under ASan).
TEST(Headers, EditsTakeViewsIntoTheListItself) {
  const std::string long_value(40, 'v');
  Headers h;
  h.add("x-long-name-that-is-not-short", long_value);
  for (int i = 0; i < 8; ++i) {
    std::string_view name = h.entries().front().name;
    std::string_view value = h.entries().front().value;
    h.add(name, value);  // the vector grows under the views
  }
  ASSERT_EQ(h.size(), 9u);
  for (const auto& e : h)
    EXPECT_EQ(e.value, long_value);

  Headers d{{"a", "1"},
            {"x-dup-header-with-long-name", "first"},
            {"x-dup-header-with-long-name", long_value},
            {"b", "2"},
            {"x-dup-header-with-long-name", "third"}};
  // Entry 2 is dropped and "b" moves over it before the last duplicate is looked at.
  std::string_view later_name = d.entries()[2].name;
  std::string_view later_value = d.entries()[2].value;
  d.set_in_place(later_name, later_value);
  EXPECT_THAT(lines(d), ElementsAre("a: 1", "x-dup-header-with-long-name: " + long_value, "b: 2"));

  Headers o{{"x-over-header-with-long-name", long_value}, {"c", "3"}};
  o.overwrite(o.entries()[0].name, o.entries()[0].value);
  EXPECT_THAT(lines(o), ElementsAre("c: 3", "x-over-header-with-long-name: " + long_value));
}

TEST(Headers, DiffNamesAddedRemovedChanged) {
  Headers before{{"a", "1"}, {"b", "2"}};
  Headers after{{"b", "3"}, {"c", "4"}};
  auto d = diff_headers(before, after);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].kind, HeaderChange::Kind::kRemoved);
  EXPECT_EQ(d[0].name, "a");
  EXPECT_EQ(d[1].kind, HeaderChange::Kind::kChanged);
  EXPECT_EQ(d[1].new_value, "3");
  EXPECT_EQ(d[2].kind, HeaderChange::Kind::kAdded);
  EXPECT_EQ(d[2].name, "c");
}

TEST(HeaderOps, R4_4_RemoveRunsBeforeAdd) {
  // A header both removed and added ends up with the added value only.
  Headers h{{"x-api-version", "old"}, {"keep", "1"}};
  evaluate_header_ops({{"x-api-version", "2.0", /*append=*/true}}, {"x-api-version"}, h);
  EXPECT_THAT(lines(h), ElementsAre("keep: 1", "x-api-version: 2.0"));
}

TEST(HeaderOps, R4_4_SetOverwritesAddAppends) {
  Headers h{{"cache-control", "no-store"}, {"vary", "accept"}};
  evaluate_header_ops(
      {{"cache-control", "public, max-age=31536000", false}, {"vary", "origin", true}}, {}, h);
  EXPECT_THAT(lines(h), ElementsAre("vary: accept", "cache-control: public, max-age=31536000",
                                    "vary: origin"));
}

TEST(HeaderOps, R4_4_OverwritesHappenBeforeAppendsWhateverTheOrder) {
  // Envoy collects values, then overwrites, then appends: an `add` listed before a `set` of the
  // same name still follows it.
  Headers h;
  evaluate_header_ops({{"x", "added", true}, {"x", "set", false}}, {}, h);
  EXPECT_THAT(lines(h), ElementsAre("x: set", "x: added"));
}

TEST(HeaderOps, EmptyValuesAreSkippedAndNamesLowerCased) {
  Headers h{{"x-empty", "kept"}};
  evaluate_header_ops({{"X-Empty", "", false}, {"X-API-Version", "1.0", true}}, {}, h);
  EXPECT_THAT(lines(h), ElementsAre("x-empty: kept", "x-api-version: 1.0"));
}

TEST(HeaderOps, PercentEscapesAndSubstitutionCommands) {
  EXPECT_EQ(unescape_header_value("100%% sure"), "100% sure");
  EXPECT_THAT(substitution_commands("ip=%DOWNSTREAM_REMOTE_ADDRESS% 50%% %REQ(x-id)%"),
              ElementsAre("%DOWNSTREAM_REMOTE_ADDRESS%", "%REQ(x-id)%"));
}

}  // namespace
}  // namespace igw::http
