// match::shadowed_routes and plain_text_only: routes no request can reach.
#include "lib/match/shadowed.h"

#include "tests/match/match_util.h"

#include <gtest/gtest.h>

namespace igw::match {
namespace {

using testing::compile_yaml;

const compile::RouteConfig* config_named(const compile::RouteTable& t, std::string_view name) {
  const compile::RouteConfig* rc = t.find_route_config(name);
  EXPECT_NE(rc, nullptr) << name;
  return rc;
}

const compile::VirtualHost* vhost_named(const compile::RouteConfig& rc, std::string_view name) {
  for (const auto& vh : rc.virtual_hosts) {
    if (vh.name == name)
      return &vh;
  }
  ADD_FAILURE() << "no virtual host " << name;
  return nullptr;
}

const char* kShadowingGateway = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*.example.com"]
    tls: {mode: SIMPLE, credentialName: cert}
---
)";

TEST(ShadowedRoutesTest, LaterCatchAllOfAnotherVirtualService) {
  auto c = compile_yaml(std::string(kShadowingGateway) + R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: web}
spec:
  hosts: [app.example.com]
  gateways: [istio-system/gw]
  http:
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: api}}]
  - route: [{destination: {host: frontend}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: b, namespace: web}
spec:
  hosts: [app.example.com]
  gateways: [istio-system/gw]
  http:
  - match: [{uri: {prefix: /b}}]
    route: [{destination: {host: b}}]
  - route: [{destination: {host: late}}]
)");
  const auto* rc = config_named(*c.table, "http.80");
  const auto* vh = vhost_named(*rc, "app.example.com:80");
  ASSERT_NE(vh, nullptr);
  // Envoy order: a/api, b/b, a catch-all, b catch-all (catch-alls last, R3.3).
  auto s = shadowed_routes(*rc, *vh);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].kind, ShadowedRoute::Kind::kAfterCatchAll);
  EXPECT_EQ(s[0].route->origin.vs_name, "b");
  EXPECT_EQ(s[0].route->origin.rule_index, 1u);
  EXPECT_EQ(s[0].by->origin.vs_name, "a");
}

TEST(ShadowedRoutesTest, ExactDuplicateButNotAPartialOverlap) {
  auto c = compile_yaml(std::string(kShadowingGateway) + R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: web}
spec:
  hosts: [app.example.com]
  gateways: [istio-system/gw]
  http:
  - match: [{uri: {prefix: /api}, headers: {x-v: {exact: "1"}}}]
    route: [{destination: {host: one}}]
  - match: [{uri: {prefix: /api/v1}}]
    route: [{destination: {host: overlap}}]
  - match: [{uri: {prefix: /api}, headers: {x-v: {exact: "2"}}}]
    route: [{destination: {host: other-value}}]
  - match: [{uri: {prefix: /API}, ignoreUriCase: true, headers: {x-v: {exact: "1"}}}]
    route: [{destination: {host: case}}]
  - match: [{uri: {prefix: /api}, headers: {x-v: {exact: "1"}}}]
    route: [{destination: {host: duplicate}}]
)");
  const auto* rc = config_named(*c.table, "http.80");
  const auto* vh = vhost_named(*rc, "app.example.com:80");
  ASSERT_NE(vh, nullptr);
  auto s = shadowed_routes(*rc, *vh);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].kind, ShadowedRoute::Kind::kDuplicate);
  EXPECT_EQ(s[0].route->origin.rule_index, 4u);
  EXPECT_EQ(s[0].by->origin.rule_index, 0u);
}

TEST(ShadowedRoutesTest, SameConditionsComparesEveryCondition) {
  compile::RouteMatch a;
  compile::RouteMatch b;
  EXPECT_TRUE(same_conditions(a, b));
  b.path.value = "/x";
  EXPECT_FALSE(same_conditions(a, b));
  b = a;
  b.query_params.push_back({"q", {}, {}});
  EXPECT_FALSE(same_conditions(a, b));
  a.query_params.push_back({"q", {}, {}});
  EXPECT_TRUE(same_conditions(a, b));
  compile::HeaderMatcher h;
  h.name = "x";
  a.headers.push_back(h);
  h.invert = true;
  b.headers.push_back(h);
  EXPECT_FALSE(same_conditions(a, b));
  // ignoreUriCase does not change a regex route (R3.6).
  compile::RouteMatch r1;
  compile::RouteMatch r2;
  r1.path.kind = r2.path.kind = compile::PathMatcher::Kind::kRegex;
  r1.path.value = r2.path.value = "/a.*";
  r2.path.case_sensitive = false;
  EXPECT_TRUE(same_conditions(r1, r2));
}

TEST(ShadowedRoutesTest, AuthorityNamingAnotherVirtualHost) {
  auto c = compile_yaml(std::string(kShadowingGateway) + R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: web}
spec:
  hosts: [app.example.com, www.example.com]
  gateways: [istio-system/gw]
  http:
  - match: [{authority: {exact: "www.example.com:443"}}]
    redirect: {authority: app.example.com}
  - match: [{authority: {exact: "nowhere.other.org"}}]
    route: [{destination: {host: nowhere}}]
  - match: [{authority: {prefix: "www"}}]
    route: [{destination: {host: prefix-is-not-checked}}]
  - route: [{destination: {host: frontend}}]
)");
  const auto* rc = config_named(*c.table, "https.443.https.gw.istio-system");
  const auto* app = vhost_named(*rc, "app.example.com:443");
  const auto* www = vhost_named(*rc, "www.example.com:443");
  ASSERT_TRUE(app && www);
  auto s = shadowed_routes(*rc, *app);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].kind, ShadowedRoute::Kind::kAuthorityElsewhere);
  EXPECT_EQ(s[0].authority, "www.example.com:443");
  EXPECT_EQ(s[0].authority_vhost, www);  // the port is ignored for the vhost choice (R2.7)
  EXPECT_EQ(s[1].route->origin.rule_index, 1u);
  EXPECT_EQ(s[1].authority_vhost, nullptr);
  // On www's own vhost the www rule is reachable; the other-host rule is not.
  auto w = shadowed_routes(*rc, *www);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].route->origin.rule_index, 1u);
}

TEST(ShadowedRoutesTest, HttpsRedirectOnAPlainTextPort) {
  auto c = compile_yaml(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*.example.com"]
    tls: {mode: SIMPLE, credentialName: cert}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: web}
spec:
  hosts: [app.example.com]
  gateways: [istio-system/gw]
  http:
  - route: [{destination: {host: frontend}}]
)");
  const auto* http = config_named(*c.table, "http.80");
  const auto* https = config_named(*c.table, "https.443.https.gw.istio-system");
  ASSERT_TRUE(http && https);
  EXPECT_TRUE(plain_text_only(*c.table, *http));
  EXPECT_FALSE(plain_text_only(*c.table, *https));
  const auto* vh = vhost_named(*http, "app.example.com:80");
  ASSERT_NE(vh, nullptr);
  ASSERT_TRUE(vh->require_tls);
  auto s = shadowed_routes(*http, *vh, true);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].kind, ShadowedRoute::Kind::kRequireTls);
  EXPECT_EQ(s[0].by, nullptr);
  // Without the plain-text fact, require_tls alone proves nothing.
  EXPECT_TRUE(shadowed_routes(*http, *vh, false).empty());
}

}  // namespace
}  // namespace igw::match
