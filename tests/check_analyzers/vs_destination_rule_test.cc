#include "check_analyzers_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

constexpr std::string_view kVsDestinationRuleAnalyzer = "virtualservice.DestinationRuleAnalyzer";

// Lines 1-9: a DestinationRule defining subset v1 of reviews in shop.
const std::string kRule = R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
)";

// Lines 10-20; the route destination is on line 20, a mirror on line 21.
std::string vs_in_namespace_routing_to(const std::string& ns, const std::string& destination,
                                       const std::string& extra = "") {
  return R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: front
  namespace: )" +
         ns + R"(
spec:
  hosts: [front]
  http:
  - route:
    - destination: )" +
         destination + "\n" + extra;
}

TEST(VsDestinationRule, DefinedSubsetPasses) {
  EXPECT_TRUE(
      run_analyzer(kVsDestinationRuleAnalyzer,
                   kRule + vs_in_namespace_routing_to("shop", "{host: reviews, subset: v1}"))
          .empty());
  EXPECT_TRUE(
      run_analyzer(kVsDestinationRuleAnalyzer,
                   kRule + vs_in_namespace_routing_to("other",
                                                      "{host: reviews.shop.svc.cluster.local, "
                                                      "subset: v1}"))
          .empty());
  // No subset: nothing to look up.
  EXPECT_TRUE(run_analyzer(kVsDestinationRuleAnalyzer,
                           kRule + vs_in_namespace_routing_to("shop", "{host: ratings}"))
                  .empty());
}

TEST(VsDestinationRule, UndefinedSubsetIsAnError) {
  auto found =
      run_analyzer(kVsDestinationRuleAnalyzer,
                   kRule + vs_in_namespace_routing_to("shop", "{host: reviews, subset: v2}"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0101");
  EXPECT_EQ(found[0].severity, base::Severity::Error);
  EXPECT_EQ(found[0].resource.str(), "VirtualService shop/front");
  EXPECT_EQ(line_col(found[0]), "20:27");
  EXPECT_EQ(found[0].message,
            "Referenced host+subset in destinationrule not found: \"reviews+v2\"");
}

TEST(VsDestinationRule, SubsetOfARuleInAnotherNamespaceIsNotFoundForAShortName) {
  auto found =
      run_analyzer(kVsDestinationRuleAnalyzer,
                   kRule + vs_in_namespace_routing_to("other", "{host: reviews, subset: v1}"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message,
            "Referenced host+subset in destinationrule not found: \"reviews+v1\"");
}

TEST(VsDestinationRule, UndefinedMirrorSubsetIsAnError) {
  auto found = run_analyzer(
      kVsDestinationRuleAnalyzer,
      kRule + vs_in_namespace_routing_to("shop", "{host: reviews, subset: v1}",
                                         "    mirror: {host: reviews, subset: shadow}\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(line_col(found[0]), "21:20");
  EXPECT_EQ(found[0].message,
            "Referenced mirror+subset in destinationrule not found: \"reviews+shadow\"");
}

}  // namespace
}  // namespace igw::check::testing
