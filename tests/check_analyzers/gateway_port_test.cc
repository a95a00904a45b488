#include "check_analyzers_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

constexpr std::string_view kGatewayPortAnalyzer = "gateway.IngressGatewayPortAnalyzer";

// A custom ingress workload: a Pod and a Service exposing port 80 -> targetPort 8080.
const std::string kGatewayPodWorkload = R"(---
apiVersion: v1
kind: Pod
metadata:
  name: my-gw-1
  namespace: gw
  labels:
    app: my-gw
---
apiVersion: v1
kind: Service
metadata:
  name: my-gw
  namespace: gw
spec:
  selector:
    app: my-gw
  ports:
  - name: http
    port: 80
    targetPort: 8080
)";

std::string gateway(const std::string& selector_value, int port) {
  return R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: web
  namespace: gw
spec:
  selector:
    app: )" +
         selector_value +
         R"(
  servers:
  - port:
      number: )" +
         std::to_string(port) +
         R"(
      name: http
      protocol: HTTP
    hosts:
    - "*.example.com"
)" + kGatewayPodWorkload;
}

TEST(IngressGatewayPort, ServicePortOrTargetPortPasses) {
  EXPECT_TRUE(run_analyzer(kGatewayPortAnalyzer, gateway("my-gw", 80)).empty());
  EXPECT_TRUE(run_analyzer(kGatewayPortAnalyzer, gateway("my-gw", 8080)).empty());
}

TEST(IngressGatewayPort, PortNotOnServiceIsAWarningAtTheSelector) {
  auto found = run_analyzer(kGatewayPortAnalyzer, gateway("my-gw", 8443));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0162");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(found[0].resource.str(), "Gateway gw/web");
  EXPECT_EQ(found[0].analyzer, kGatewayPortAnalyzer);
  EXPECT_EQ(line_col(found[0]), "8:5");
  EXPECT_EQ(found[0].message,
            "The gateway is listening on a target port (port 8443) that is not defined in the "
            "Service associated with its workload instances (Pod selector app=my-gw). If you need "
            "to access the gateway port through the gateway Service, it will not be available.");
}

TEST(IngressGatewayPort, SelectorMatchingNoPodIsAnError) {
  auto found = run_analyzer(kGatewayPortAnalyzer, gateway("typo", 80));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0101");
  EXPECT_EQ(found[0].severity, base::Severity::Error);
  EXPECT_EQ(found[0].resource.str(), "Gateway gw/web");
  EXPECT_EQ(line_col(found[0]), "8:5");
  EXPECT_EQ(found[0].message, "Referenced selector not found: \"app=typo\"");
}

TEST(IngressGatewayPort, ImplicitIngressServiceCoversTheDefaultPorts) {
  const std::string yaml = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: default-ingress
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*"]
  - port: {number: 8443, name: https-alt, protocol: HTTPS}
    hosts: ["*"]
)";
  auto found = run_analyzer(kGatewayPortAnalyzer, yaml, {.harness = true});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0162");
  EXPECT_EQ(found[0].resource.str(), "Gateway default-ingress");
  EXPECT_NE(found[0].message.find("(port 8443)"), std::string::npos);
  EXPECT_NE(found[0].message.find("(Pod selector istio=ingressgateway)"), std::string::npos);
}

TEST(IngressGatewayPort, DoesNotRunWithoutPodsAndServicesInTheInput) {
  const std::string yaml = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: web
spec:
  selector:
    app: nothing-selects-this
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
)";
  EXPECT_TRUE(run_analyzer(kGatewayPortAnalyzer, yaml).empty());
  EXPECT_EQ(run_analyzer(kGatewayPortAnalyzer, yaml, {.harness = true}).size(), 1u);
}

}  // namespace
}  // namespace igw::check::testing
