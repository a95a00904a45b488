#include "check_analyzers_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

constexpr std::string_view kVsDestinationHostAnalyzer = "virtualservice.DestinationHostAnalyzer";

// Lines 1-23: a one-port Service, a two-port Service and an external ServiceEntry.
const std::string kServices = R"(apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: shop
spec:
  ports:
  - {name: http, port: 9080}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  ports:
  - {name: http, port: 80}
  - {name: https, port: 443}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext, namespace: shop}
spec: {hosts: ["*.partner.com"], ports: [{number: 443, name: tls, protocol: TLS}]}
)";

// Line 24 starts the VirtualService; its first destination host is on line 35.
std::string vs_routing_to(const std::string& destination, const std::string& extra = "") {
  return R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: front
  namespace: shop
spec:
  hosts: [front]
  http:
  - route:
    - destination:
        )" +
         destination + "\n" + extra;
}

TEST(VsDestinationHost, KnownHostsAndPortsPass) {
  EXPECT_TRUE(
      run_analyzer(kVsDestinationHostAnalyzer, kServices + vs_routing_to("host: reviews")).empty());
  EXPECT_TRUE(run_analyzer(kVsDestinationHostAnalyzer,
                           kServices + vs_routing_to("host: web.shop.svc.cluster.local\n"
                                                     "        port: {number: 443}"))
                  .empty());
  EXPECT_TRUE(
      run_analyzer(kVsDestinationHostAnalyzer, kServices + vs_routing_to("host: api.partner.com"))
          .empty());
  // Istio's implicit ingress Service is a known host too.
  EXPECT_TRUE(
      run_analyzer(kVsDestinationHostAnalyzer,
                   kServices + vs_routing_to("host: istio-ingressgateway.istio-system.svc.cluster."
                                             "local\n        port: {number: 80}"))
          .empty());
}

TEST(VsDestinationHost, UnknownHostIsAnError) {
  auto found = run_analyzer(kVsDestinationHostAnalyzer, kServices + vs_routing_to("host: reviewz"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0101");
  EXPECT_EQ(found[0].severity, base::Severity::Error);
  EXPECT_EQ(found[0].resource.str(), "VirtualService shop/front");
  EXPECT_EQ(line_col(found[0]), "35:15");
  EXPECT_EQ(found[0].message, "Referenced host not found: \"reviewz\"");
}

TEST(VsDestinationHost, UnknownMirrorHostIsAnError) {
  auto found =
      run_analyzer(kVsDestinationHostAnalyzer,
                   kServices + vs_routing_to("host: reviews", "    mirror: {host: shadow}\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0101");
  EXPECT_EQ(line_col(found[0]), "36:20");
  EXPECT_EQ(found[0].message, "Referenced mirror host not found: \"shadow\"");
}

TEST(VsDestinationHost, WrongPortIsAnError) {
  auto found = run_analyzer(kVsDestinationHostAnalyzer,
                            kServices + vs_routing_to("host: reviews\n        port: {number: 80}"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0101");
  EXPECT_EQ(line_col(found[0]), "35:15");
  EXPECT_EQ(found[0].message, "Referenced host:port not found: \"reviews:80\"");
}

TEST(VsDestinationHost, MultiPortServiceNeedsAPort) {
  auto found = run_analyzer(kVsDestinationHostAnalyzer, kServices + vs_routing_to("host: web"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0112");
  EXPECT_EQ(found[0].severity, base::Severity::Error);
  EXPECT_EQ(line_col(found[0]), "35:15");
  EXPECT_EQ(found[0].message,
            "This VirtualService routes to a service \"web\" that exposes multiple ports [80 443]. "
            "Specifying a port in the destination is required to disambiguate.");
}

TEST(VsDestinationHost, ServiceNotExportedToTheNamespaceIsUnknown) {
  const std::string hidden = R"(apiVersion: v1
kind: Service
metadata:
  name: billing
  namespace: finance
  annotations:
    networking.istio.io/exportTo: "."
spec:
  ports:
  - {name: http, port: 80}
)";
  auto found = run_analyzer(kVsDestinationHostAnalyzer,
                            hidden + vs_routing_to("host: billing.finance.svc.cluster.local"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0101");
}

TEST(VsDestinationHost, SubsetlessGatewayRouteBypassesSubsetRouting) {
  const std::string mesh_vs = R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-split, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v2}
)";
  std::string gateway_vs = vs_routing_to("host: reviews");
  gateway_vs.replace(gateway_vs.find("  http:"), 0, "  gateways: [istio-system/public]\n");
  auto found = run_analyzer(kVsDestinationHostAnalyzer, kServices + gateway_vs + mesh_vs);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0140");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(found[0].resource.str(), "VirtualService shop/front");
  EXPECT_EQ(line_col(found[0]), "36:15");
  EXPECT_EQ(found[0].message,
            "Subset in virtual service shop/reviews-split has no effect on ingress gateway "
            "shop/front requests");
}

}  // namespace
}  // namespace igw::check::testing
