// Diagnostics: severities, resource references, istioctl's ordering and de-duplication.
#include "lib/base/diagnostic.h"

#include <gtest/gtest.h>

#include <memory>

namespace igw::base {
namespace {

constexpr MessageType kErr{"IST0101", "ReferencedResourceNotFound", Severity::Error, "x"};
constexpr MessageType kErr2{"IST0145", "ConflictingGateways", Severity::Error, "x"};
constexpr MessageType kWarn{"IST0108", "UnknownAnnotation", Severity::Warning, "x"};
constexpr MessageType kInfo{"IGW0004", "SkippedDocument", Severity::Info, "x"};

TEST(Severity, NamesAndParsing) {
  EXPECT_EQ(severity_name(Severity::Info), "Info");
  EXPECT_EQ(severity_name(Severity::Warning), "Warning");
  EXPECT_EQ(severity_name(Severity::Error), "Error");
  Severity s = Severity::Info;
  EXPECT_TRUE(parse_severity("ERROR", s));
  EXPECT_EQ(s, Severity::Error);
  EXPECT_TRUE(parse_severity("warn", s));
  EXPECT_EQ(s, Severity::Warning);
  EXPECT_TRUE(parse_severity("Warning", s));
  EXPECT_TRUE(parse_severity("info", s));
  EXPECT_EQ(s, Severity::Info);
  EXPECT_FALSE(parse_severity("fatal", s));
  EXPECT_FALSE(parse_severity("", s));
  EXPECT_EQ(s, Severity::Info);  // untouched on failure
}

TEST(ResourceRef, Str) {
  EXPECT_EQ((ResourceRef{"Gateway", "istio-system", "gw"}).str(), "Gateway istio-system/gw");
  EXPECT_EQ((ResourceRef{"Namespace", "", "prod"}).str(), "Namespace prod");
  EXPECT_EQ(ResourceRef{}.str(), "");
  EXPECT_TRUE(ResourceRef{}.empty());
}

TEST(Diagnostic, MakeCopiesTheType) {
  auto file = std::make_shared<SourceFile>("a.yaml", "x: 1\n");
  Diagnostic d = Diagnostic::make(kWarn, "msg", SourceLoc{file, 1, 4}, {"Gateway", "ns", "gw"});
  EXPECT_EQ(d.severity, Severity::Warning);
  EXPECT_EQ(d.code, "IST0108");
  EXPECT_EQ(d.name, "UnknownAnnotation");
  EXPECT_EQ(d.message, "msg");
  EXPECT_EQ(d.loc.str(), "a.yaml:1:4");
  EXPECT_EQ(d.resource.str(), "Gateway ns/gw");
}

TEST(Diagnostics, CountsAndAppend) {
  Diagnostics a, b;
  a.emplace(kErr, "e1");
  a.emplace(kWarn, "w1").hint = "do this";
  b.emplace(kInfo, "i1");
  b.emplace(kErr, "e2");
  a.append(std::move(b));
  EXPECT_EQ(a.size(), 4u);
  EXPECT_EQ(a.count(Severity::Error), 2u);
  EXPECT_EQ(a.count(Severity::Warning), 1u);
  EXPECT_EQ(a.count(Severity::Info), 1u);
  EXPECT_TRUE(a.has_errors());
  EXPECT_EQ(a.items()[1].hint, "do this");
  Diagnostics none;
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.has_errors());
}

TEST(Diagnostics, SortOrderIsLevelCodeResourcePositionMessage) {
  auto f1 = std::make_shared<SourceFile>("a.yaml", "");
  auto f2 = std::make_shared<SourceFile>("b.yaml", "");
  Diagnostics d;
  d.emplace(kInfo, "info", SourceLoc{f1, 1, 1});
  d.emplace(kWarn, "warn", SourceLoc{f1, 1, 1});
  d.emplace(kErr2, "err2", SourceLoc{f1, 1, 1});
  d.emplace(kErr, "b-res", SourceLoc{f1, 1, 1}, {"VirtualService", "ns", "b"});
  d.emplace(kErr, "a-res-line9", SourceLoc{f1, 9, 1}, {"VirtualService", "ns", "a"});
  d.emplace(kErr, "a-res-line3-col5", SourceLoc{f1, 3, 5}, {"VirtualService", "ns", "a"});
  d.emplace(kErr, "a-res-line3-col2", SourceLoc{f1, 3, 2}, {"VirtualService", "ns", "a"});
  d.emplace(kErr, "a-res-file-b", SourceLoc{f2, 1, 1}, {"VirtualService", "ns", "a"});
  d.emplace(kErr, "gateway", SourceLoc{f2, 1, 1}, {"Gateway", "ns", "z"});
  d.emplace(kErr, "no-resource");
  d.sort_and_dedupe();
  std::vector<std::string> order;
  for (const auto& x : d.items())
    order.push_back(x.message);
  EXPECT_EQ(order, (std::vector<std::string>{"no-resource", "gateway", "a-res-line3-col2",
                                             "a-res-line3-col5", "a-res-line9", "a-res-file-b",
                                             "b-res", "err2", "warn", "info"}));
}

TEST(Diagnostics, DedupeDropsExactDuplicatesOnly) {
  auto f = std::make_shared<SourceFile>("a.yaml", "");
  auto same_path_other_file = std::make_shared<SourceFile>("a.yaml", "");
  Diagnostics d;
  d.emplace(kErr, "same", SourceLoc{f, 2, 3}, {"Gateway", "ns", "gw"});
  d.emplace(kErr, "same", SourceLoc{same_path_other_file, 2, 3}, {"Gateway", "ns", "gw"});
  d.emplace(kErr, "same", SourceLoc{f, 2, 4}, {"Gateway", "ns", "gw"});  // other column
  d.emplace(kErr, "other", SourceLoc{f, 2, 3}, {"Gateway", "ns", "gw"});
  d.emplace(kWarn, "same", SourceLoc{f, 2, 3}, {"Gateway", "ns", "gw"});  // other level
  d.sort_and_dedupe();
  EXPECT_EQ(d.size(), 4u);
  d.sort_and_dedupe();  // idempotent
  EXPECT_EQ(d.size(), 4u);
}

TEST(Diagnostics, SortIsStableForEqualKeys) {
  Diagnostics d;
  d.emplace(kErr, "m").hint = "first";
  d.emplace(kErr, "m").hint = "second";
  d.sort_and_dedupe();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].hint, "first");  // the first of equal findings is kept
}

}  // namespace
}  // namespace igw::base
