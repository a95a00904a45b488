#include "check_analyzers_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

constexpr std::string_view kServicePortNameAnalyzer = "service.PortNameAnalyzer";

// Without `extra_spec` the first port is on line 7.
std::string service(const std::string& ports, const std::string& ns = "shop",
                    const std::string& extra_spec = "") {
  return "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: " + ns +
         "}\nspec:\n  selector: {app: web}\n" + extra_spec + "  ports:\n" + ports;
}

TEST(ServicePortName, ProtocolPrefixesAndAppProtocolPass) {
  EXPECT_TRUE(run_analyzer(kServicePortNameAnalyzer,
                           service("  - {name: http-web, port: 80}\n"
                                   "  - {name: GRPC, port: 81}\n"
                                   "  - {name: grpc-web-ui, port: 82}\n"
                                   "  - {name: web, port: 83, appProtocol: http}\n"
                                   "  - {port: 3306}\n"
                                   "  - {name: dns, port: 5353, protocol: UDP}\n"))
                  .empty());
  // Skipped: system namespaces and Istio's own control plane.
  EXPECT_TRUE(
      run_analyzer(kServicePortNameAnalyzer, service("  - {port: 8080}\n", "kube-system")).empty());
}

TEST(ServicePortName, PortWithoutProtocolNameIsInfo) {
  auto found = run_analyzer(kServicePortNameAnalyzer, service("  - {name: http, port: 80}\n"
                                                              "  - name: web\n"
                                                              "    port: 8080\n"
                                                              "    targetPort: 9090\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0118");
  EXPECT_EQ(found[0].severity, base::Severity::Info);
  EXPECT_EQ(found[0].resource.str(), "Service shop/web");
  EXPECT_EQ(line_col(found[0]), "9:11");  // spec.ports[1].port
  EXPECT_EQ(found[0].message,
            "Port name web (port: 8080, targetPort: 9090) doesn't follow the naming convention of "
            "Istio port.");
}

TEST(ServicePortName, ExternalNameWithTcpOrUnnamedPortIsAWarning) {
  auto found = run_analyzer(kServicePortNameAnalyzer, service("  - {name: tcp, port: 443}\n"
                                                              "  - {name: https, port: 8443}\n",
                                                              "shop",
                                                              "  type: ExternalName\n"
                                                              "  externalName: web.example.com\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0150");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(line_col(found[0]), "9:23");
  EXPECT_EQ(found[0].message,
            "Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and "
            "unmatched traffic for ports serving TCP protocol from being forwarded correctly");
}

}  // namespace
}  // namespace igw::check::testing
