// render::write_decision_text: the `igw routes URL` explanation.
#include "lib/render/decision_text.h"

#include "tests/render/routes_render_util.h"

#include <gtest/gtest.h>

namespace igw::render {
namespace {

using testing::compile_yaml;
using testing::decision_text;
using testing::explain;

const char* kDecisionTextConfig = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: https-web, protocol: HTTPS}
    hosts: [app.example.com, www.example.com]
    tls: {mode: SIMPLE, credentialName: web-cert}
  - port: {number: 443, name: https-api, protocol: HTTPS}
    hosts: [api.example.com]
    tls: {mode: SIMPLE, credentialName: api-cert}
  - port: {number: 8443, name: https-legacy, protocol: HTTPS}
    hosts: [legacy.example.com]
    tls: {mode: PASSTHROUGH}
  - port: {number: 9000, name: tcp, protocol: TCP}
    hosts: [db.example.com]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: prod}
spec:
  hosts: [app.example.com, www.example.com]
  gateways: [istio-system/gw]
  http:
  - match: [{authority: {exact: www.example.com}}]
    redirect: {authority: app.example.com}
  - name: teapot
    match: [{uri: {exact: /brew}}]
    directResponse: {status: 418, body: {string: "short and stout"}}
  - route: [{destination: {host: frontend, port: {number: 80}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: prod}
spec:
  hosts: [api.example.com]
  gateways: [istio-system/gw]
  http:
  - name: health
    match: [{uri: {exact: /health}}]
    route: [{destination: {host: api, port: {number: 8080}}}]
  - name: v2
    match: [{uri: {prefix: /api/v2/}}]
    rewrite: {uri: /v2/}
    timeout: 3s
    corsPolicy:
      allowOrigins: [{exact: "https://app.example.com"}]
      allowMethods: [GET, POST]
      maxAge: 1h
    headers:
      request: {set: {x-api: "2"}}
      response: {add: {x-api-version: "2.0"}, remove: [server-timing]}
    route:
    - destination: {host: api-v2, port: {number: 8080}, subset: blue}
      weight: 80
    - destination: {host: api-v2, port: {number: 8080}, subset: green}
      weight: 20
  - name: broken
    match: [{uri: {prefix: /broken}}]
    fault: {abort: {httpStatus: 503, percentage: {value: 100}}}
    route: [{destination: {host: api, port: {number: 8080}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: legacy, namespace: prod}
spec:
  hosts: [legacy.example.com]
  gateways: [istio-system/gw]
  tls:
  - match: [{sniHosts: [legacy.example.com]}]
    route: [{destination: {host: legacy, port: {number: 443}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: prod}
spec:
  hosts: [db.example.com]
  gateways: [istio-system/gw]
  tcp:
  - route: [{destination: {host: postgres, port: {number: 5432}}}]
)";

class DecisionTextTest : public ::testing::Test {
 protected:
  void SetUp() override { t_ = compile_yaml(kDecisionTextConfig); }
  testing::Table t_;
};

TEST_F(DecisionTextTest, RoutedRequestShowsTheWholeChain) {
  auto e = explain(*t_.table, "https", "api.example.com", "/api/v2/orders?x=1", 443,
                   {{"origin", "https://app.example.com"}}, "POST");
  std::string s = decision_text(*e);
  EXPECT_NE(s.find("POST https://api.example.com/api/v2/orders?x=1\n"), std::string::npos) << s;
  EXPECT_NE(s.find("Gateway port 443, TLS with SNI \"api.example.com\""), std::string::npos);
  EXPECT_NE(s.find("listener        0.0.0.0_443 (port 443)"), std::string::npos) << s;
  EXPECT_NE(s.find("server          istio-system/gw servers[2] (port https-api)  (gw.yaml:12)"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("TLS SIMPLE, credentialName api-cert"), std::string::npos);
  EXPECT_NE(s.find("route config    https.443.https-api.gw.istio-system"), std::string::npos);
  EXPECT_NE(s.find("virtual host    api.example.com:443 (exact domain \"api.example.com\")"),
            std::string::npos);
  EXPECT_NE(s.find("VirtualService  prod/api  (gw.yaml:"), std::string::npos);
  EXPECT_NE(s.find("rule            http[1] \"v2\" match[0]: uri prefix \"/api/v2/\""),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("outcome         route (forwarded upstream)"), std::string::npos);
  EXPECT_NE(s.find("destinations    api-v2.prod.svc.cluster.local:8080 (subset blue), weight 80 "
                   "of 100"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("cluster outbound|8080|green|api-v2.prod.svc.cluster.local"), std::string::npos);
  EXPECT_NE(s.find("path rewrite    /api/v2/orders?x=1 → /v2/orders?x=1"), std::string::npos) << s;
  EXPECT_NE(s.find("header edits    request set x-api: 2"), std::string::npos) << s;
  EXPECT_NE(s.find("response remove server-timing"), std::string::npos);
  EXPECT_NE(s.find("response add x-api-version: 2.0"), std::string::npos);
  EXPECT_NE(s.find("CORS            origins exact \"https://app.example.com\"; methods GET,POST; "
                   "max age 3600s"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("timeout         route timeout 3s"), std::string::npos) << s;
  EXPECT_NE(s.find("retries         up to 2 retries"), std::string::npos);
  // The rule tried before, with the first condition that failed.
  EXPECT_NE(s.find("Rules tried before it (Envoy takes the first match):\n  VirtualService "
                   "prod/api http[0] match[0] \"health\": uri exact \"/health\" does not match "
                   "\"/api/v2/orders\""),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("\nWhy:\n  [R1.13] listener 0.0.0.0_443"), std::string::npos);
}

TEST_F(DecisionTextTest, RedirectShowsCodeAndLocation) {
  auto e = explain(*t_.table, "https", "www.example.com", "/pricing?plan=pro", 443);
  std::string s = decision_text(*e);
  EXPECT_NE(s.find("outcome         redirect 301 to https://app.example.com/pricing?plan=pro\n"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("gateway answers 301 Moved Permanently"), std::string::npos);
  EXPECT_NE(s.find("rule            http[0] match[0]: uri prefix \"/\" and authority exact "
                   "\"www.example.com\""),
            std::string::npos)
      << s;
}

TEST_F(DecisionTextTest, HttpsRedirectComesBeforeRoutes) {
  auto e = explain(*t_.table, "http", "app.example.com", "/login", 80);
  std::string s = decision_text(*e);
  EXPECT_NE(s.find("outcome         https_redirect 301 to https://app.example.com/login "
                   "(httpsRedirect"),
            std::string::npos)
      << s;
  EXPECT_EQ(s.find("VirtualService  "), std::string::npos) << "no route is chosen\n" << s;
  EXPECT_NE(s.find("[R1.17]"), std::string::npos);
}

TEST_F(DecisionTextTest, NoVirtualHostIsA404WithTheReason) {
  auto e = explain(*t_.table, "http", "shop.other.org", "/", 80);
  std::string s = decision_text(*e);
  EXPECT_NE(s.find("virtual host    none for Host \"shop.other.org\""), std::string::npos) << s;
  EXPECT_NE(s.find("outcome         not_found: 404, response flag NR"), std::string::npos);
  EXPECT_NE(s.find("no virtual host for authority \"shop.other.org\" on http.80 → 404 NR"),
            std::string::npos);
}

TEST_F(DecisionTextTest, SniChoosesTheServerWhoseRoutesLackTheHost) {
  std::string sni = "app.example.com";
  auto e = explain(*t_.table, "https", "api.example.com", "/health", 443, {}, "GET", &sni);
  std::string s = decision_text(*e);
  EXPECT_NE(s.find("TLS with SNI \"app.example.com\", Host \"api.example.com\""),
            std::string::npos);
  EXPECT_NE(s.find("server          istio-system/gw servers[1] (port https-web)"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("[R1.13] host \"api.example.com\" is served by https.443.https-api"),
            std::string::npos)
      << s;
}

TEST_F(DecisionTextTest, DirectResponseShowsStatusAndBody) {
  auto e = explain(*t_.table, "https", "app.example.com", "/brew", 443);
  std::string s = decision_text(*e);
  EXPECT_NE(s.find("outcome         direct_response 418\n"), std::string::npos) << s;
  EXPECT_NE(s.find("body            \"short and stout\""), std::string::npos) << s;
}

TEST_F(DecisionTextTest, FaultAbortIsTheGatewaysAnswer) {
  auto e = explain(*t_.table, "https", "api.example.com", "/broken", 443);
  std::string s = decision_text(*e);
  EXPECT_NE(s.find("fault           abort HTTP 503 for 100%"), std::string::npos) << s;
  EXPECT_NE(s.find("gateway answers 503 Service Unavailable, flag FI"), std::string::npos) << s;
}

TEST_F(DecisionTextTest, PassthroughAndTcpProxyNameTheirRuleAndDestination) {
  auto p = explain(*t_.table, "https", "legacy.example.com", "/", 8443);
  std::string s = decision_text(*p);
  EXPECT_NE(s.find("TLS PASSTHROUGH: not terminated by the gateway"), std::string::npos) << s;
  EXPECT_NE(s.find("outcome         tls_passthrough"), std::string::npos);
  EXPECT_NE(s.find("VirtualService  prod/legacy"), std::string::npos);
  EXPECT_NE(s.find("rule            tls[0]"), std::string::npos);
  EXPECT_NE(s.find("destination     legacy.prod.svc.cluster.local:443"), std::string::npos);

  auto t = explain(*t_.table, "http", "db.example.com:9000", "/", 9000);
  s = decision_text(*t);
  EXPECT_NE(s.find("outcome         tcp_proxy"), std::string::npos) << s;
  EXPECT_NE(s.find("rule            tcp[0]"), std::string::npos);
  EXPECT_NE(s.find("cluster outbound|5432||postgres.prod.svc.cluster.local"), std::string::npos);
}

TEST_F(DecisionTextTest, ClosedConnectionSaysWhy) {
  auto e = explain(*t_.table, "http", "api.example.com:7777", "/", 7777);
  std::string s = decision_text(*e);
  EXPECT_NE(s.find("listener        none for Gateway port 7777"), std::string::npos) << s;
  EXPECT_NE(s.find("outcome         connection_closed: no listener serves this port"),
            std::string::npos);
}

TEST(DecisionTextNoFallback, ExactHostNeverFallsBackToTheWildcard) {
  auto t = compile_yaml(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/gw]
  http:
  - match: [{uri: {prefix: /cart}}]
    route: [{destination: {host: cart}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: all, namespace: shop}
spec:
  hosts: ["*.example.com"]
  gateways: [istio-system/gw]
  http:
  - route: [{destination: {host: storefront}}]
)");
  auto e = explain(*t.table, "http", "shop.example.com", "/products", 80);
  std::string s = decision_text(*e);
  EXPECT_NE(s.find("Rules tried (none matched):\n  VirtualService shop/cart http[0] match[0]: uri "
                   "prefix \"/cart\" does not match \"/products\""),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("Envoy never falls back to \"*.example.com\""), std::string::npos) << s;
  EXPECT_NE(s.find("no route of virtual host shop.example.com:80 matches → 404 NR"),
            std::string::npos);
}

}  // namespace
}  // namespace igw::render
