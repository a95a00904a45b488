#include "check_analyzers_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

constexpr std::string_view kConflictingGatewayAnalyzer = "gateway.ConflictingGatewayAnalyzer";

std::string gateway(const std::string& name, int port, const std::string& host,
                    const std::string& extra_selector = "") {
  return "---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: " + name +
         "\n  namespace: gw\nspec:\n  selector:\n    istio: ingressgateway\n" + extra_selector +
         "  servers:\n  - port:\n      number: " + std::to_string(port) +
         "\n      name: http\n      protocol: HTTP\n    hosts:\n    - " + host + "\n";
}

TEST(ConflictingGateway, DifferentPortsOrHostsDoNotConflict) {
  EXPECT_TRUE(run_analyzer(kConflictingGatewayAnalyzer,
                           gateway("a", 80, "a.example.com") + gateway("b", 8080, "a.example.com"))
                  .empty());
  EXPECT_TRUE(run_analyzer(kConflictingGatewayAnalyzer,
                           gateway("a", 80, "a.example.com") + gateway("b", 80, "b.example.com"))
                  .empty());
}

TEST(ConflictingGateway, SameSelectorPortAndHostConflictOnBothGateways) {
  auto found = run_analyzer(kConflictingGatewayAnalyzer,
                            gateway("a", 80, "a.example.com") + gateway("b", 80, "a.example.com"));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].code, "IST0145");
  EXPECT_EQ(found[0].severity, base::Severity::Error);
  EXPECT_EQ(found[0].resource.str(), "Gateway gw/a");
  // The colliding server's port number.
  EXPECT_EQ(line_col(found[0]), "12:15");
  EXPECT_EQ(found[0].message,
            "Conflict with gateways gw/b (workload selector istio=ingressgateway, port 80, hosts "
            "a.example.com).");
  EXPECT_EQ(found[1].resource.str(), "Gateway gw/b");
  EXPECT_EQ(found[1].message,
            "Conflict with gateways gw/a (workload selector istio=ingressgateway, port 80, hosts "
            "a.example.com).");
}

TEST(ConflictingGateway, OverlappingSelectorsConflictOnlyWhenAPodMatchesBoth) {
  std::string gateways = gateway("a", 80, "a.example.com") +
                         gateway("b", 80, "a.example.com", "    version: canary\n");
  // Only the implicit ingress Pod (istio=ingressgateway) exists: no Pod is selected by both.
  EXPECT_TRUE(run_analyzer(kConflictingGatewayAnalyzer, gateways).empty());
  const std::string canary_pod = R"(---
apiVersion: v1
kind: Pod
metadata:
  name: canary
  namespace: istio-system
  labels: {istio: ingressgateway, version: canary}
)";
  auto found = run_analyzer(kConflictingGatewayAnalyzer, gateways + canary_pod);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].message,
            "Conflict with gateways gw/a (workload selector istio=ingressgateway,version=canary, "
            "port 80, hosts a.example.com).");
}

TEST(ConflictingGateway, DifferentBindAddressesDoNotConflict) {
  std::string a = gateway("a", 80, "a.example.com");
  std::string b = gateway("b", 80, "a.example.com");
  b.insert(b.find("    hosts:"), "    bind: 10.0.0.1\n");
  EXPECT_TRUE(run_analyzer(kConflictingGatewayAnalyzer, a + b).empty());
}

}  // namespace
}  // namespace igw::check::testing
