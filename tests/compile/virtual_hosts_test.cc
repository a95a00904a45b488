// Virtual-host construction (SEMANTICS R1.16, R2.1–R2.10, R3.14).
#include "tests/compile/compile_util.h"

#include <gtest/gtest.h>

namespace igw::compile {
namespace {

using testing::compile_yaml;
using testing::http_gateway;
using testing::vhost;

std::string vs(const std::string& name, const std::string& ns, const std::string& hosts,
               const std::string& extra = "", const std::string& ts = "") {
  std::string meta = "{name: " + name + ", namespace: " + ns;
  if (!ts.empty())
    meta += ", creationTimestamp: \"" + ts + "\"";
  meta += "}";
  return "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: " + meta +
         "\nspec:\n  hosts: " + hosts + "\n  gateways: [istio-system/gw]\n" + extra +
         "  http:\n  - route: [{destination: {host: " + name + "}}]\n";
}

std::vector<std::string> vhost_names(const RouteTable& t, const std::string& rc) {
  std::vector<std::string> out;
  for (const auto& vh : t.find_route_config(rc)->virtual_hosts)
    out.push_back(vh.name);
  return out;
}

TEST(VirtualHosts, R2_1_ShortNamesResolveInVsNamespace) {
  auto c = compile_yaml(http_gateway() + vs("reviews", "bookinfo", "[reviews, foo.bar]"));
  EXPECT_EQ(vhost_names(*c.table, "http.80"),
            (std::vector<std::string>{"foo.bar:80", "reviews.bookinfo.svc.cluster.local:80"}));
  const VirtualHost* vh = vhost(*c.table, "http.80", "foo.bar:80");
  ASSERT_NE(vh, nullptr);
  EXPECT_EQ(vh->routes[0]->route.clusters[0].name,
            "outbound|80||reviews.bookinfo.svc.cluster.local");
}

TEST(VirtualHosts, R2_2_GatewayReferenceForms) {
  std::string yaml = http_gateway() + R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: istio-system}
spec:
  hosts: [a.com]
  gateways: [gw]
  http: [{route: [{destination: {host: a}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: b, namespace: web}
spec:
  hosts: [b.com]
  gateways: [gw.istio-system.svc.cluster.local]
  http: [{route: [{destination: {host: b}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: c, namespace: web}
spec:
  hosts: [c.com]
  gateways: [gw]
  http: [{route: [{destination: {host: c}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: d, namespace: istio-system}
spec:
  hosts: [d.com]
  http: [{route: [{destination: {host: d}}]}]
)";
  auto c = compile_yaml(yaml);
  // c binds to web/gw (absent); d has no gateways (mesh only).
  EXPECT_EQ(vhost_names(*c.table, "http.80"), (std::vector<std::string>{"a.com:80", "b.com:80"}));
}

TEST(VirtualHosts, R2_3_ExportToIsEvaluatedAgainstTheWorkloadNamespace) {
  std::string yaml = http_gateway() + vs("private", "web", "[p.com]", "  exportTo: [\".\"]\n") +
                     vs("exported", "web", "[e.com]", "  exportTo: [istio-system]\n") +
                     vs("local", "istio-system", "[l.com]", "  exportTo: [\".\"]\n") +
                     vs("none", "web", "[n.com]", "  exportTo: [\"~\"]\n");
  auto c = compile_yaml(yaml);
  EXPECT_EQ(vhost_names(*c.table, "http.80"), (std::vector<std::string>{"e.com:80", "l.com:80"}));
  bool noted = false;
  for (const auto& n : c.table->notes())
    noted = noted || (n.rule == "R2.3" && n.object == "VirtualService web/private");
  EXPECT_TRUE(noted);
  // A gateway workload in `web` sees the private VS (and not the one exported to istio-system).
  GatewayWorkload wl;
  wl.ns = "web";
  auto w = compile_yaml(yaml, wl);
  EXPECT_EQ(vhost_names(*w.table, "http.80"), (std::vector<std::string>{"p.com:80"}));
}

TEST(VirtualHosts, R2_4_R2_5_IntersectionKeepsTheMoreSpecificName) {
  std::string yaml = http_gateway("gw", 80, "[\"*.example.com\", \"other.org\", \"*\"]") +
                     vs("a", "web", "[a.example.com]") + vs("w", "web", "[\"*.example.com\"]") +
                     vs("x", "web", "[example.com]");
  auto c = compile_yaml(yaml);
  // example.com is not covered by *.example.com but by "*".
  EXPECT_EQ(vhost_names(*c.table, "http.80"),
            (std::vector<std::string>{"*.example.com:80", "a.example.com:80", "example.com:80"}));
  auto s = compile_yaml(http_gateway("gw", 80, "[a.example.com]") +
                        vs("w", "web", "[\"*.example.com\"]"));
  EXPECT_EQ(vhost_names(*s.table, "http.80"), (std::vector<std::string>{"a.example.com:80"}));
}

TEST(VirtualHosts, R2_5_NamespaceQualifiedServerHosts) {
  std::string yaml = http_gateway("gw", 80, "[\"web/a.com\", \"*/b.com\", \"other/c.com\"]") +
                     vs("v", "web", "[a.com, b.com, c.com]");
  auto c = compile_yaml(yaml);
  EXPECT_EQ(vhost_names(*c.table, "http.80"), (std::vector<std::string>{"a.com:80", "b.com:80"}));
}

TEST(VirtualHosts, R2_6_SameHostFromTwoVirtualServicesSharesOneVhost) {
  std::string yaml = http_gateway() + vs("second", "web", "[A.com]", "", "2024-02-01T00:00:00Z") +
                     vs("first", "web", "[a.com]", "", "2024-01-01T00:00:00Z");
  auto c = compile_yaml(yaml);
  const VirtualHost* vh = vhost(*c.table, "http.80", "a.com:80");
  ASSERT_NE(vh, nullptr);
  EXPECT_EQ(vh->domains, (std::vector<std::string>{"a.com"}));
  ASSERT_EQ(vh->routes.size(), 2u);
  ASSERT_EQ(vh->virtual_services.size(), 2u);
  EXPECT_EQ(vh->virtual_services[0].name, "first");  // R2.10 creation order
}

TEST(VirtualHosts, R2_10_TwoVirtualServicesOnOneHostOrderedByCreationTime) {
  std::string older = R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: z-old, namespace: web, creationTimestamp: "2024-01-01T00:00:00Z"}
spec:
  hosts: [a.com]
  gateways: [istio-system/gw]
  http: [{match: [{uri: {prefix: /api}}], route: [{destination: {host: old}}]}]
)";
  std::string newer = R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a-new, namespace: web, creationTimestamp: "2024-03-01T00:00:00Z"}
spec:
  hosts: [a.com]
  gateways: [istio-system/gw]
  http: [{match: [{uri: {prefix: /api}}], route: [{destination: {host: new}}]}]
)";
  auto c = compile_yaml(http_gateway() + newer + older);
  const VirtualHost* vh = vhost(*c.table, "http.80", "a.com:80");
  ASSERT_EQ(vh->routes.size(), 2u);
  EXPECT_EQ(vh->routes[0]->origin.vs_name, "z-old");
  // Same creation time: name order.
  auto same = compile_yaml(http_gateway() + vs("b", "web", "[a.com]") + vs("a", "web", "[a.com]"));
  EXPECT_EQ(vhost(*same.table, "http.80", "a.com:80")->routes[0]->origin.vs_name, "a");
}

TEST(VirtualHosts, R2_10_PrivateBeforeExportedBeforePublic) {
  std::string yaml =
      http_gateway() + vs("pub", "istio-system", "[a.com]", "", "2020-01-01T00:00:00Z") +
      vs("exp", "web", "[a.com]", "  exportTo: [istio-system]\n", "2021-01-01T00:00:00Z") +
      vs("priv", "istio-system", "[a.com]", "  exportTo: [\".\"]\n", "2022-01-01T00:00:00Z");
  auto c = compile_yaml(yaml);
  const VirtualHost* vh = vhost(*c.table, "http.80", "a.com:80");
  ASSERT_EQ(vh->virtual_services.size(), 3u);
  EXPECT_EQ(vh->virtual_services[0].name, "priv");
  EXPECT_EQ(vh->virtual_services[1].name, "exp");
  EXPECT_EQ(vh->virtual_services[2].name, "pub");
}

TEST(VirtualHosts, R2_9_BlackholeWhenNoVirtualServiceBinds) {
  auto c = compile_yaml(http_gateway());
  EXPECT_EQ(vhost_names(*c.table, "http.80"), (std::vector<std::string>{"blackhole:80"}));
  const VirtualHost* vh = vhost(*c.table, "http.80", "blackhole:80");
  EXPECT_TRUE(vh->blackhole);
  EXPECT_EQ(vh->domains, (std::vector<std::string>{"*"}));
  EXPECT_TRUE(vh->routes.empty());
}

TEST(VirtualHosts, R1_16_HttpsRedirectSetsRequireTlsAndCreatesEmptyVhosts) {
  std::string yaml = R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.com", "B.com"]
    tls: {httpsRedirect: true}
)" + vs("a", "web", "[a.com]");
  auto c = compile_yaml(yaml);
  EXPECT_EQ(vhost_names(*c.table, "http.80"), (std::vector<std::string>{"a.com:80", "b.com:80"}));
  EXPECT_TRUE(vhost(*c.table, "http.80", "a.com:80")->require_tls);
  const VirtualHost* b = vhost(*c.table, "http.80", "b.com:80");
  EXPECT_TRUE(b->require_tls);
  EXPECT_TRUE(b->routes.empty());
}

TEST(VirtualHosts, R2_8_IndexedLookupOrder) {
  std::string yaml = http_gateway() + vs("e", "web", "[a.example.com]") +
                     vs("w", "web", "[\"*.example.com\"]") +
                     vs("l", "web", "[\"*.b.example.com\"]") + vs("s", "web", "[\"*\"]");
  auto c = compile_yaml(yaml);
  const RouteConfig* rc = c.table->find_route_config("http.80");
  DomainMatch how;
  EXPECT_EQ(rc->find_virtual_host("a.example.com", &how)->name, "a.example.com:80");
  EXPECT_EQ(how, DomainMatch::kExact);
  EXPECT_EQ(rc->find_virtual_host("x.b.example.com", &how)->name, "*.b.example.com:80");
  EXPECT_EQ(how, DomainMatch::kSuffixWildcard);
  EXPECT_EQ(rc->find_virtual_host("x.example.com", &how)->name, "*.example.com:80");
  EXPECT_EQ(rc->find_virtual_host(".example.com", &how)->name, "*:80");  // ≥ 1 character
  EXPECT_EQ(how, DomainMatch::kAny);
  EXPECT_EQ(rc->find_virtual_host("other.org", &how)->name, "*:80");
}

// The gateway, a root VirtualService istio-system/root for a.com with `http_rules` (YAML list
// items), and whatever documents follow them in the same string.
std::string delegating_root(std::string_view http_rules) {
  return http_gateway() + R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: root, namespace: istio-system}
spec:
  hosts: [a.com]
  gateways: [gw]
  http:)" +
         std::string(http_rules);
}

TEST(VirtualHosts, R3_14_DelegationMergesRootMatchesAndInheritsPolicies) {
  std::string yaml = delegating_root(R"(
  - name: root
    match: [{uri: {prefix: /api}}]
    delegate: {name: api, namespace: team}
    timeout: 5s
  - match: [{uri: {prefix: /missing}}]
    delegate: {name: nope}
  - route: [{destination: {host: web}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: team}
spec:
  http:
  - name: v2
    match: [{uri: {prefix: /api/v2}}]
    route: [{destination: {host: api-v2}}]
  - name: bad
    match: [{uri: {prefix: /other}}]
    route: [{destination: {host: other}}]
  - name: rest
    route: [{destination: {host: api-v1}, weight: 100}]
)");
  auto c = compile_yaml(yaml);
  const VirtualHost* vh = vhost(*c.table, "http.80", "a.com:80");
  ASSERT_NE(vh, nullptr);
  ASSERT_EQ(vh->routes.size(), 3u);
  const Route& v2 = *vh->routes[0];
  EXPECT_EQ(v2.name, "root-v2");
  EXPECT_EQ(v2.match.path.value, "/api/v2");
  EXPECT_EQ(v2.route.clusters[0].name, "outbound|80||api-v2.team.svc.cluster.local");
  EXPECT_TRUE(v2.route.timeout_set);
  EXPECT_EQ(v2.route.timeout.millis(), 5000);
  EXPECT_EQ(v2.origin.delegate_name, "api");
  EXPECT_EQ(v2.origin.rule_index, 0u);
  const Route& rest = *vh->routes[1];
  EXPECT_EQ(rest.match.path.value, "/api");  // delegate rule without match inherits the root's
  EXPECT_EQ(rest.name, "root-rest");
  EXPECT_EQ(vh->routes[2]->route.clusters[0].name,
            "outbound|80||web.istio-system.svc.cluster.local");
  int r314 = 0;
  for (const auto& n : c.table->notes())
    r314 += n.rule == "R3.14";
  EXPECT_EQ(r314, 2);  // "bad" conflicts with /api; "nope" does not exist
}

TEST(VirtualHosts, R3_14_DelegateHeaderMatchesOverrideTheRootsByName) {
  std::string yaml = delegating_root(R"(
  - match:
    - uri: {prefix: /api}
      headers: {x-team: {prefix: a}, x-env: {exact: prod}}
    delegate: {name: api, namespace: team}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: team}
spec:
  http:
  - match: [{headers: {x-team: {exact: api}, x-ver: {exact: "2"}}}]
    route: [{destination: {host: api}}]
)");
  auto c = compile_yaml(yaml);
  const VirtualHost* vh = vhost(*c.table, "http.80", "a.com:80");
  ASSERT_NE(vh, nullptr);
  ASSERT_EQ(vh->routes.size(), 1u);
  std::vector<std::string> headers;
  for (const auto& h : vh->routes[0]->match.headers)
    headers.push_back(h.name + "=" + h.match.value);
  // The delegate's x-team (exact, inside the root's prefix: no conflict) replaces the root's;
  // the root's x-env and the delegate's x-ver stay.
  EXPECT_EQ(headers, (std::vector<std::string>{"x-env=prod", "x-team=api", "x-ver=2"}));
  EXPECT_EQ(vh->routes[0]->match.path.value, "/api");
}

TEST(VirtualHosts, R3_14_DelegateMustBeExportedToTheRootNamespace) {
  std::string yaml = delegating_root(R"(
  - match: [{uri: {prefix: /api}}]
    delegate: {name: api, namespace: team}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: team}
spec:
  exportTo: ["."]
  http: [{route: [{destination: {host: api}}]}]
)");
  auto c = compile_yaml(yaml);
  // The root produced no route, so it adds no vhost.
  EXPECT_EQ(vhost_names(*c.table, "http.80"), (std::vector<std::string>{"blackhole:80"}));
}

}  // namespace
}  // namespace igw::compile
