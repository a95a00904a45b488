#include "check_analyzers_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

constexpr std::string_view kGatewayCertificateAnalyzer = "gateway.CertificateAnalyzer";

std::string gateway(const std::string& name, const std::string& selector,
                    const std::string& credential) {
  return "---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: " + name +
         "\n  namespace: istio-system\nspec:\n  selector:\n" + selector +
         "  servers:\n  - port: {number: 443, name: https, protocol: HTTPS}\n"
         "    tls: {mode: SIMPLE, credentialName: " +
         credential + "}\n    hosts: [\"" + name + ".example.com\"]\n";
}

const std::string kIngress = "    istio: ingressgateway\n";

TEST(GatewayCertificate, DistinctCertificatesPass) {
  EXPECT_TRUE(run_analyzer(kGatewayCertificateAnalyzer,
                           gateway("a", kIngress, "a-cert") + gateway("b", kIngress, "b-cert"))
                  .empty());
}

TEST(GatewayCertificate, SharedCredentialIsReportedOnBothGateways) {
  auto found = run_analyzer(kGatewayCertificateAnalyzer, gateway("a", kIngress, "wildcard") +
                                                             gateway("b", kIngress, "wildcard"));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].code, "IST0138");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(found[0].resource.str(), "Gateway istio-system/a");
  EXPECT_EQ(line_col(found[0]), "5:9");  // metadata.name
  EXPECT_EQ(found[0].message,
            "Duplicate certificate in multiple gateways [istio-system/a istio-system/b] may cause "
            "404s if clients re-use HTTP2 connections.");
  EXPECT_EQ(found[1].resource.str(), "Gateway istio-system/b");
  EXPECT_EQ(found[1].message,
            "Duplicate certificate in multiple gateways [istio-system/b istio-system/a] may cause "
            "404s if clients re-use HTTP2 connections.");
}

TEST(GatewayCertificate, OnlyTheGatewayWithTheNarrowerSelectorIsReported) {
  // b's selector is a superset of a's: a sees b, b does not see a.
  auto found = run_analyzer(kGatewayCertificateAnalyzer,
                            gateway("a", kIngress, "wildcard") +
                                gateway("b", kIngress + "    type: internal\n", "wildcard"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].resource.str(), "Gateway istio-system/a");
}

}  // namespace
}  // namespace igw::check::testing
