#include "lib/check/analyzers/analyzer_util.h"

#include <gtest/gtest.h>

namespace igw::check::analyzers {
namespace {

TEST(AnalyzerUtil, SelectorStringIsSortedKeyValuePairs) {
  EXPECT_EQ(selector_string({{"istio", "ingressgateway"}, {"app", "gw"}}),
            "app=gw,istio=ingressgateway");
  EXPECT_EQ(selector_string({}), "");
}

TEST(AnalyzerUtil, SelectorMatchesSubsetsOfLabels) {
  Labels pod = {{"app", "gw"}, {"version", "v1"}};
  EXPECT_TRUE(selector_matches({}, pod));
  EXPECT_TRUE(selector_matches({{"app", "gw"}}, pod));
  EXPECT_FALSE(selector_matches({{"app", "gw"}, {"version", "v2"}}, pod));
  EXPECT_FALSE(selector_matches({{"tier", ""}}, pod));
}

TEST(AnalyzerUtil, ShortNamesBecomeFqdnsInTheirNamespace) {
  EXPECT_EQ(to_fqdn("shop", "reviews"), "reviews.shop.svc.cluster.local");
  EXPECT_EQ(to_fqdn("shop", "reviews.other"), "reviews.other");
  EXPECT_EQ(to_fqdn("shop", "*"), "*");
  // Istio's harness leaves namespaces empty; the FQDN keeps the empty label, as upstream.
  EXPECT_EQ(to_fqdn("", "reviews"), "reviews..svc.cluster.local");
  EXPECT_EQ(scoped_fqdn("*", "shop", "reviews"), "*/reviews.shop.svc.cluster.local");
}

TEST(AnalyzerUtil, ResourceNameFromHostParsesKubernetesFqdns) {
  EXPECT_EQ(resource_name_from_host("x", "reviews.shop.svc.cluster.local"),
            (NsName{"shop", "reviews"}));
  // Greedy name: the namespace is the last label before .svc.cluster.local.
  EXPECT_EQ(resource_name_from_host("x", "a.b.shop.svc.cluster.local"), (NsName{"shop", "a.b"}));
  EXPECT_EQ(resource_name_from_host("x", "reviews"), (NsName{"x", "reviews"}));
  EXPECT_EQ(resource_name_from_host("x", "api.example.com"), (NsName{"x", "api.example.com"}));
}

TEST(AnalyzerUtil, ShortOrFullNameSplitsAtTheFirstSlash) {
  EXPECT_EQ(short_or_full_name("apps", "gw"), (NsName{"apps", "gw"}));
  EXPECT_EQ(short_or_full_name("apps", "istio-system/gw"), (NsName{"istio-system", "gw"}));
}

TEST(AnalyzerUtil, ExportToAll) {
  EXPECT_TRUE(exports_to_all({}));
  model::LString dot, star;
  dot.value = ".";
  star.value = "*";
  EXPECT_FALSE(exports_to_all({dot}));
  EXPECT_TRUE(exports_to_all({dot, star}));
}

TEST(AnalyzerUtil, GoListFormatting) {
  EXPECT_EQ(go_list(std::vector<std::string>{"a", "b"}), "[a b]");
  EXPECT_EQ(go_list(std::vector<int64_t>{80, 443}), "[80 443]");
  EXPECT_EQ(go_list(std::vector<std::string>{}), "[]");
}

}  // namespace
}  // namespace igw::check::analyzers
