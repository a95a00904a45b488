#include "check_analyzers_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

constexpr std::string_view kDeprecationAnalyzer = "deprecation.DeprecationAnalyzer";

std::string vs_with_delay(const std::string& delay) {
  return R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - fault:
      delay:
        fixedDelay: 5s
)" + delay +
         R"(    route:
    - destination: {host: reviews}
)";
}

TEST(Deprecation, PercentageAndSidecarWithoutEgressProxyPass) {
  EXPECT_TRUE(run_analyzer(kDeprecationAnalyzer, vs_with_delay("        percentage: {value: 10}\n"))
                  .empty());
  const std::string sidecar = R"(apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: shop}
spec:
  outboundTrafficPolicy: {mode: REGISTRY_ONLY}
)";
  EXPECT_TRUE(run_analyzer(kDeprecationAnalyzer, sidecar).empty());
}

TEST(Deprecation, IntegerDelayPercentIsDeprecated) {
  auto found = run_analyzer(kDeprecationAnalyzer, vs_with_delay("        percent: 10\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0002");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(found[0].resource.str(), "VirtualService shop/reviews");
  EXPECT_EQ(line_col(found[0]), "10:18");
  EXPECT_EQ(found[0].message,
            "Deprecated: HTTPRoute.fault.delay.percent is deprecated; use "
            "HTTPRoute.fault.delay.percentage");
}

TEST(Deprecation, SidecarEgressProxyIsIgnored) {
  const std::string sidecar = R"(apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: shop}
spec:
  outboundTrafficPolicy:
    mode: ALLOW_ANY
    egressProxy:
      host: proxy.example.com
      port: {number: 3128}
)";
  auto found = run_analyzer(kDeprecationAnalyzer, sidecar);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0002");
  EXPECT_EQ(found[0].resource.str(), "Sidecar shop/default");
  EXPECT_EQ(line_col(found[0]), "7:5");
  EXPECT_EQ(found[0].message, "Deprecated: OutboundTrafficPolicy.EgressProxy ignored");
}

}  // namespace
}  // namespace igw::check::testing
