// Tests: igw.HttpsRedirect (IGW0403).
#include "tests/check_igw/check_igw_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

// An HTTPS server for app.example.com and api.example.com (lines 1-21) and, from line 22, a
// plain HTTP server whose fields each test provides.
std::string gateway_with_http_server(const std::string& http_server) {
  return R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - app.example.com
    - api.example.com
    tls:
      mode: SIMPLE
      credentialName: app-cert
  - port:
      number: 80
      name: http
)" + http_server;
}

TEST(HttpsRedirect, PlainHttpForHttpsHostsWithoutRedirect) {
  auto found = run_check("igw.HttpsRedirect", gateway_with_http_server(R"(      protocol: HTTP
    hosts:
    - "*.example.com"
)"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0403");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(found[0].resource.str(), "Gateway istio-system/gw");
  EXPECT_EQ(line_col(found[0]), "25:7");
  EXPECT_EQ(found[0].message,
            "servers[1] (port 80 HTTP) serves \"app.example.com\", \"api.example.com\" in plain "
            "text although servers[0] (port 443 HTTPS) of Gateway istio-system/gw serves them over "
            "HTTPS; without tls.httpsRedirect the plain-text requests are routed, not "
            "redirected.");
  EXPECT_EQ(found[0].hint,
            "Set tls.httpsRedirect: true on this server (Envoy answers plain HTTP with a 301 to "
            "https://), unless a VirtualService on this port already redirects every request.");
}

TEST(HttpsRedirect, RedirectWrittenFalseIsPointedAt) {
  auto found = run_check("igw.HttpsRedirect", gateway_with_http_server(R"(      protocol: HTTP
    hosts:
    - app.example.com
    tls:
      httpsRedirect: false
)"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(line_col(found[0]), "27:22");
}

TEST(HttpsRedirect, RedirectingServerPasses) {
  EXPECT_TRUE(run_check("igw.HttpsRedirect", gateway_with_http_server(R"(      protocol: HTTP
    hosts:
    - "*.example.com"
    tls:
      httpsRedirect: true
)"))
                  .empty());
}

TEST(HttpsRedirect, HostsOnlyServedInPlainTextPass) {
  EXPECT_TRUE(run_check("igw.HttpsRedirect", gateway_with_http_server(R"(      protocol: HTTP
    hosts:
    - legacy.example.org
)"))
                  .empty());
}

TEST(HttpsRedirect, HttpsOnAnotherGatewayOfTheSameWorkloadCounts) {
  auto found = run_check("igw.HttpsRedirect", R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: plain
  namespace: web
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - web/shop.example.com
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: secure
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - shop.example.com
    tls:
      mode: SIMPLE
      credentialName: shop
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: elsewhere
  namespace: istio-system
spec:
  selector:
    app: other-gateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - shop.example.com
)");
  // The Gateway selecting another workload is not affected by "secure".
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].resource.str(), "Gateway web/plain");
  EXPECT_EQ(line_col(found[0]), "15:7");
  EXPECT_EQ(found[0].message,
            "servers[0] (port 80 HTTP) serves \"shop.example.com\" in plain text although "
            "servers[0] (port 443 HTTPS) of Gateway istio-system/secure serves it over HTTPS; "
            "without tls.httpsRedirect the plain-text requests are routed, not redirected.");
}

}  // namespace
}  // namespace igw::check::testing
