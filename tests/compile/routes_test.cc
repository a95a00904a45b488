// Route emission and translation (SEMANTICS R3.1–R3.13, R4.1–R4.12, R5.1).
#include "tests/compile/compile_util.h"

#include <gtest/gtest.h>

namespace igw::compile {
namespace {

using testing::compile_yaml;
using testing::http_gateway;

// Compiles one VirtualService in `web` bound to istio-system/gw on port 80 for host a.com and
// returns the routes of vhost a.com:80.
struct Routes {
  testing::Compiled c;
  std::vector<const Route*> routes;
};

Routes routes_of(const std::string& http, const std::string& extra_docs = "",
                 const std::string& gateway = "") {
  Routes r;
  std::string yaml = (gateway.empty() ? http_gateway() : gateway) + R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: [a.com]
  gateways: [istio-system/gw]
  http:
)" + http + extra_docs;
  r.c = compile_yaml(yaml);
  const VirtualHost* vh = testing::vhost(*r.c.table, "http.80", "a.com:80");
  if (vh)
    r.routes = vh->routes;
  return r;
}

bool has_note(const RouteTable& t, const std::string& rule) {
  for (const auto& n : t.notes()) {
    if (n.rule == rule)
      return true;
  }
  return false;
}

TEST(RouteEmission, R3_1_RulesAfterACatchAllAreDropped) {
  auto r = routes_of(R"(
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: api}}]
  - match: [{uri: {prefix: /}}]
    route: [{destination: {host: web}}]
  - match: [{uri: {prefix: /never}}]
    route: [{destination: {host: never}}]
)");
  ASSERT_EQ(r.routes.size(), 2u);
  EXPECT_TRUE(r.routes[1]->match.catch_all);
  EXPECT_TRUE(has_note(*r.c.table, "R3.1"));
}

TEST(RouteEmission, R3_1_MatchEntriesAfterACatchAllEntryAreDropped) {
  auto r = routes_of(R"(
  - match: [{uri: {prefix: /a}}, {uri: {regex: ".*"}}, {uri: {prefix: /b}}]
    route: [{destination: {host: api}}]
)");
  ASSERT_EQ(r.routes.size(), 2u);
  EXPECT_EQ(r.routes[1]->origin.match_index, std::optional<uint32_t>(1));
}

TEST(RouteEmission, R3_1_EachMatchEntryIsItsOwnRoute) {
  auto r = routes_of(R"(
  - name: api
    match: [{name: one, uri: {exact: /one}}, {uri: {prefix: /two}}]
    route: [{destination: {host: api}}]
)");
  ASSERT_EQ(r.routes.size(), 2u);
  EXPECT_EQ(r.routes[0]->name, "api.one");
  EXPECT_EQ(r.routes[1]->name, "api");
  EXPECT_EQ(r.routes[0]->origin.rule_index, 0u);
  EXPECT_EQ(r.routes[0]->origin.match_loc.line, 19u);
}

TEST(RouteEmission, R3_2_R3_12_PortFilteredMatchesAreNotEmitted) {
  auto r = routes_of(R"(
  - match: [{port: 8080, uri: {prefix: /x}}, {port: 80, uri: {prefix: /y}}]
    route: [{destination: {host: api}}]
)");
  ASSERT_EQ(r.routes.size(), 1u);
  EXPECT_EQ(r.routes[0]->match.path.value, "/y");
  EXPECT_TRUE(has_note(*r.c.table, "R3.2"));
}

TEST(RouteEmission, R3_13_MatchGatewaysOverrideVsGateways) {
  auto r = routes_of(R"(
  - match: [{gateways: [other-gw], uri: {prefix: /x}}]
    route: [{destination: {host: api}}]
  - match: [{gateways: [istio-system/gw], uri: {prefix: /y}}]
    route: [{destination: {host: api}}]
  - match: [{sourceLabels: {app: sleep}}]
    route: [{destination: {host: api}}]
)");
  ASSERT_EQ(r.routes.size(), 1u);
  EXPECT_EQ(r.routes[0]->match.path.value, "/y");
}

TEST(RouteEmission, R3_3_CatchAllRoutesMovedToTheEndAcrossVirtualServices) {
  auto r = routes_of(R"(
  - route: [{destination: {host: web}}]
)",
                     R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: z-api, namespace: web, creationTimestamp: "2030-01-01T00:00:00Z"}
spec:
  hosts: [a.com]
  gateways: [istio-system/gw]
  http: [{match: [{uri: {prefix: /api}}], route: [{destination: {host: api}}]}]
)");
  ASSERT_EQ(r.routes.size(), 2u);
  EXPECT_EQ(r.routes[0]->origin.vs_name, "z-api");
  EXPECT_TRUE(r.routes[1]->match.catch_all);
}

TEST(RouteMatchTranslation, R3_4_R3_6_PathSpecifiers) {
  auto r = routes_of(R"(
  - match: [{uri: {exact: /x}, ignoreUriCase: true}]
    route: [{destination: {host: a}}]
  - match: [{uri: {regex: "/u/[0-9]+"}}]
    route: [{destination: {host: a}}]
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: a}}]
)");
  ASSERT_EQ(r.routes.size(), 3u);
  EXPECT_EQ(r.routes[0]->match.path.kind, PathMatcher::Kind::kExact);
  EXPECT_FALSE(r.routes[0]->match.path.case_sensitive);
  EXPECT_TRUE(r.routes[0]->match.path.matches("/X"));
  EXPECT_EQ(r.routes[1]->match.path.kind, PathMatcher::Kind::kRegex);
  EXPECT_TRUE(r.routes[1]->match.path.matches("/u/12"));
  EXPECT_FALSE(r.routes[1]->match.path.matches("/u/12/x"));  // full match (R3.5)
  EXPECT_TRUE(r.routes[2]->match.path.matches("/apix"));     // plain string prefix
}

TEST(RouteMatchTranslation, R3_8_R3_9_R3_10_R3_15_HeaderOrder) {
  auto r = routes_of(R"(
  - match:
    - headers: {X-B: {exact: "1"}, x-a: {prefix: p}, "@request.auth.claims.group": {exact: g}}
      withoutHeaders: {x-c: {}, x-d: {exact: "2"}}
      method: {exact: GET}
      authority: {exact: a.com}
      scheme: {exact: http}
      queryParams: {q: {regex: "*"}}
    route: [{destination: {host: a}}]
)");
  ASSERT_EQ(r.routes.size(), 1u);
  const RouteMatch& m = r.routes[0]->match;
  std::vector<std::string> names;
  for (const auto& h : m.headers)
    names.push_back(h.name);
  EXPECT_EQ(names, (std::vector<std::string>{"x-a", "x-b", "x-c", "x-d", ":method", ":authority",
                                             ":scheme"}));
  EXPECT_TRUE(m.headers[2].invert);
  EXPECT_FALSE(m.headers[2].treat_missing_as_empty);  // presence check
  EXPECT_TRUE(m.headers[3].treat_missing_as_empty);
  ASSERT_EQ(m.claims.size(), 1u);
  EXPECT_EQ(m.claims[0].claim, "group");
  ASSERT_EQ(m.query_params.size(), 1u);
  EXPECT_EQ(m.query_params[0].match.kind, StringMatcher::Kind::kPresent);
  EXPECT_FALSE(m.catch_all);
}

TEST(RouteMatchTranslation, R3_5_InvalidRegexDropsTheRoute) {
  auto r = routes_of(R"(
  - match: [{uri: {regex: "/a(b"}}]
    route: [{destination: {host: a}}]
  - route: [{destination: {host: b}}]
)");
  ASSERT_EQ(r.routes.size(), 1u);
  EXPECT_TRUE(has_note(*r.c.table, "R3.5"));
}

TEST(Actions, R4_2_ClusterNamesAndPorts) {
  auto r = routes_of(R"(
  - match: [{uri: {prefix: /a}}]
    route: [{destination: {host: reviews, subset: v2, port: {number: 9080}}}]
  - match: [{uri: {prefix: /b}}]
    route: [{destination: {host: single}}]
  - match: [{uri: {prefix: /c}}]
    route: [{destination: {host: multi}}]
  - route: [{destination: {host: unknown.example.org}}]
)",
                     R"(---
apiVersion: v1
kind: Service
metadata: {name: single, namespace: web}
spec: {ports: [{name: http, port: 8000}]}
---
apiVersion: v1
kind: Service
metadata: {name: multi, namespace: web}
spec: {ports: [{name: http, port: 8000}, {name: grpc, port: 9000}]}
)");
  ASSERT_EQ(r.routes.size(), 4u);
  EXPECT_EQ(r.routes[0]->route.clusters[0].name, "outbound|9080|v2|reviews.web.svc.cluster.local");
  EXPECT_EQ(r.routes[1]->route.clusters[0].name, "outbound|8000||single.web.svc.cluster.local");
  EXPECT_EQ(r.routes[2]->route.clusters[0].name, "outbound|80||multi.web.svc.cluster.local");
  const Cluster* unknown = r.routes[3]->route.clusters[0].cluster;
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->name, "outbound|80||unknown.example.org");
  EXPECT_TRUE(unknown->service.empty());
  EXPECT_EQ(r.c.table->find_cluster("outbound|8000||single.web.svc.cluster.local")->service,
            "Service web/single");
}

TEST(Actions, R4_3_WeightedClustersDropZeroWeights) {
  auto r = routes_of(R"(
  - route:
    - {destination: {host: a}, weight: 90}
    - {destination: {host: b}, weight: 0}
    - destination: {host: c}
      weight: 10
      headers: {request: {set: {x-canary: "1", host: c.internal}}}
)");
  ASSERT_EQ(r.routes.size(), 1u);
  const RouteAction& a = r.routes[0]->route;
  EXPECT_TRUE(a.weighted);
  ASSERT_EQ(a.clusters.size(), 2u);
  EXPECT_EQ(a.total_weight, 100u);
  EXPECT_EQ(a.clusters[1].headers.request_add.size(), 1u);  // host → authority rewrite
  EXPECT_EQ(a.clusters[1].host_rewrite, "c.internal");
  EXPECT_EQ(a.pick(0).host, "a.web.svc.cluster.local");
  EXPECT_EQ(a.pick(89).host, "a.web.svc.cluster.local");
  EXPECT_EQ(a.pick(90).host, "c.web.svc.cluster.local");
  EXPECT_EQ(a.pick(199).host, "c.web.svc.cluster.local");
}

TEST(Actions, R4_4_HeaderOperationsOrderAndAuthority) {
  auto r = routes_of(R"(
  - headers:
      request:
        set: {z: "1", a: "2", ":authority": set.example}
        add: {m: "3", host: add.example}
        remove: [x-remove, ":path", Host]
      response:
        set: {content-type: application/json}
        remove: [server]
    route: [{destination: {host: a}}]
)");
  const Route& rt = *r.routes[0];
  ASSERT_EQ(rt.headers.request_add.size(), 3u);
  EXPECT_EQ(rt.headers.request_add[0].key, "a");
  EXPECT_FALSE(rt.headers.request_add[0].append);
  EXPECT_EQ(rt.headers.request_add[1].key, "z");
  EXPECT_EQ(rt.headers.request_add[2].key, "m");
  EXPECT_TRUE(rt.headers.request_add[2].append);
  EXPECT_EQ(rt.headers.request_remove, (std::vector<std::string>{"x-remove"}));
  EXPECT_EQ(rt.route.host_rewrite, "set.example");  // set wins over add
  EXPECT_EQ(rt.headers.response_add[0].value, "application/json");
}

TEST(Actions, R4_5_RedirectTranslation) {
  auto r = routes_of(R"(
  - match: [{uri: {prefix: /a}}]
    redirect: {uri: /new, authority: b.com, redirectCode: 308}
  - match: [{uri: {prefix: /b}}]
    redirect: {scheme: https, port: 443}
  - match: [{uri: {prefix: /c}}]
    redirect: {derivePort: FROM_REQUEST_PORT, scheme: https}
  - match: [{uri: {prefix: /d}}]
    redirect: {port: 8443}
  - match: [{uri: {prefix: /e}}]
    redirect: {uri: /x, redirectCode: 305}
)");
  ASSERT_EQ(r.routes.size(), 5u);
  EXPECT_EQ(r.routes[0]->action, ActionKind::kRedirect);
  EXPECT_EQ(r.routes[0]->redirect.response_code, 308u);
  EXPECT_EQ(r.routes[0]->redirect.host_redirect, "b.com");
  EXPECT_EQ(r.routes[1]->redirect.port_redirect, 0u);   // 443 with https is cleared
  EXPECT_EQ(r.routes[2]->redirect.port_redirect, 80u);  // derived at config time
  EXPECT_EQ(r.routes[3]->redirect.port_redirect, 8443u);
  EXPECT_EQ(r.routes[4]->action, ActionKind::kNone);
  EXPECT_TRUE(has_note(*r.c.table, "R4.5"));
}

TEST(Actions, R4_7_DirectResponseBody) {
  auto r = routes_of(R"(
  - match: [{uri: {prefix: /s}}]
    directResponse: {status: 503, body: {string: "down"}}
  - match: [{uri: {prefix: /b}}]
    directResponse: {status: 200, body: {bytes: aGVsbG8=}}
  - directResponse: {status: 204}
)");
  EXPECT_EQ(r.routes[0]->direct_response.status, 503u);
  EXPECT_EQ(r.routes[0]->direct_response.body, std::optional<std::string>("down"));
  EXPECT_EQ(r.routes[1]->direct_response.body, std::optional<std::string>("hello"));
  EXPECT_FALSE(r.routes[2]->direct_response.body.has_value());
}

TEST(Actions, R4_8_Rewrites) {
  auto r = routes_of(R"(
  - match: [{uri: {prefix: /api}}]
    rewrite: {uri: /v1, authority: backend.internal}
    route: [{destination: {host: a}}]
  - rewrite: {uriRegexRewrite: {match: "^/old/(.*)$", rewrite: "/new/\\1"}}
    route: [{destination: {host: a}}]
)");
  EXPECT_EQ(r.routes[0]->route.prefix_rewrite, std::optional<std::string>("/v1"));
  EXPECT_EQ(r.routes[0]->route.host_rewrite, "backend.internal");
  ASSERT_TRUE(r.routes[1]->route.regex_rewrite);
  EXPECT_EQ(r.routes[1]->route.regex_rewrite->substitution, "/new/\\1");
}

TEST(Actions, R4_9_TimeoutDefaultsToDisabled) {
  auto r = routes_of(R"(
  - match: [{uri: {prefix: /t}}]
    timeout: 1.5s
    route: [{destination: {host: a}}]
  - route: [{destination: {host: a}}]
)");
  EXPECT_TRUE(r.routes[0]->route.timeout_set);
  EXPECT_EQ(r.routes[0]->route.timeout.millis(), 1500);
  EXPECT_FALSE(r.routes[1]->route.timeout_set);
  EXPECT_EQ(r.routes[1]->route.timeout.nanos, 0);
}

TEST(Actions, R4_10_IstioRetryDefaults) {
  auto r = routes_of(R"(
  - match: [{uri: {prefix: /none}}]
    route: [{destination: {host: a}}]
  - match: [{uri: {prefix: /off}}]
    retries: {attempts: 0}
    route: [{destination: {host: a}}]
  - match: [{uri: {prefix: /custom}}]
    retries: {attempts: 3, perTryTimeout: 2s, retryOn: "503,gateway-error", retryIgnorePreviousHosts: false}
    route: [{destination: {host: a}}]
  - route: [{destination: {host: hashed}}]
)",
                     R"(---
apiVersion: v1
kind: Service
metadata: {name: hashed, namespace: web}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: hashed, namespace: web}
spec:
  host: hashed
  trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: x-user}}}
)");
  ASSERT_EQ(r.routes.size(), 4u);
  const RetryPolicy& def = r.routes[0]->route.retry;
  EXPECT_TRUE(def.enabled);
  EXPECT_TRUE(def.istio_default);
  EXPECT_EQ(def.num_retries, 2u);
  EXPECT_EQ(def.retry_on,
            "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes");
  EXPECT_TRUE(def.retriable_status_codes.empty());
  EXPECT_TRUE(def.previous_hosts_predicate);
  EXPECT_EQ(def.host_selection_retry_max_attempts, 5u);
  EXPECT_FALSE(r.routes[1]->route.retry.enabled);
  const RetryPolicy& custom = r.routes[2]->route.retry;
  EXPECT_EQ(custom.num_retries, 3u);
  EXPECT_EQ(custom.retry_on, "gateway-error,retriable-status-codes");
  EXPECT_EQ(custom.retriable_status_codes, (std::vector<uint32_t>{503}));
  EXPECT_EQ(custom.per_try_timeout->millis(), 2000);
  EXPECT_FALSE(custom.previous_hosts_predicate);
  const RetryPolicy& hashed = r.routes[3]->route.retry;
  EXPECT_TRUE(r.routes[3]->route.consistent_hash);
  EXPECT_FALSE(hashed.previous_hosts_predicate);  // consistent-hash LB
  EXPECT_TRUE(r.routes[3]->route.clusters[0].cluster->consistent_hash);
}

TEST(Actions, R4_11_FaultPercentages) {
  auto r = routes_of(R"(
  - fault:
      delay: {fixedDelay: 2s, percentage: {value: 12.5}}
      abort: {httpStatus: 503}
    route: [{destination: {host: a}}]
)");
  ASSERT_TRUE(r.routes[0]->fault);
  EXPECT_EQ(r.routes[0]->fault->delay->ppm, 125000u);
  EXPECT_EQ(r.routes[0]->fault->delay->fixed.millis(), 2000);
  EXPECT_EQ(r.routes[0]->fault->abort->http_status, std::optional<uint32_t>(503));
  EXPECT_EQ(r.routes[0]->fault->abort->ppm, 0u);  // no percentage aborts nothing
}

TEST(Actions, R4_12_MirrorPercentages) {
  auto r = routes_of(R"(
  - match: [{uri: {prefix: /m}}]
    mirror: {host: shadow}
    route: [{destination: {host: a}}]
  - match: [{uri: {prefix: /n}}]
    mirror: {host: shadow}
    mirrorPercentage: {value: 0}
    route: [{destination: {host: a}}]
  - mirrors: [{destination: {host: s1}, percentage: {value: 50}}]
    route: [{destination: {host: a}}]
)");
  ASSERT_EQ(r.routes[0]->route.mirrors.size(), 1u);
  EXPECT_EQ(r.routes[0]->route.mirrors[0].ppm, 1'000'000u);
  EXPECT_EQ(r.routes[0]->route.mirrors[0].cluster, "outbound|80||shadow.web.svc.cluster.local");
  EXPECT_TRUE(r.routes[1]->route.mirrors.empty());
  EXPECT_EQ(r.routes[2]->route.mirrors[0].ppm, 500'000u);
}

TEST(Cors, R5_1_PolicyTranslation) {
  auto r = routes_of(R"(
  - corsPolicy:
      allowOrigins: [{exact: "https://a.com"}, {regex: "https://.*\\.b\\.com"}]
      allowMethods: [GET, POST]
      allowHeaders: [x-a, x-b]
      exposeHeaders: [x-e]
      maxAge: 1.5s
      allowCredentials: true
      unmatchedPreflights: IGNORE
    route: [{destination: {host: a}}]
)");
  ASSERT_TRUE(r.routes[0]->cors);
  const CorsPolicy& p = *r.routes[0]->cors;
  EXPECT_EQ(p.allow_methods, "GET,POST");
  EXPECT_EQ(p.allow_headers, "x-a,x-b");
  EXPECT_EQ(p.max_age, std::optional<std::string>("1"));
  EXPECT_TRUE(p.allow_credentials);
  EXPECT_FALSE(p.forward_not_matching_preflights);
  EXPECT_TRUE(p.origin_allowed("https://a.com"));
  EXPECT_TRUE(p.origin_allowed("https://x.b.com"));
  EXPECT_FALSE(p.origin_allowed("https://a.com.evil"));
}

TEST(Clusters, EndpointsFromServiceEntriesAndEndpointsManifests) {
  auto r = routes_of(R"(
  - match: [{uri: {prefix: /ext}}]
    route: [{destination: {host: api.example.org, subset: v1}}]
  - route: [{destination: {host: web, port: {number: 80}}}]
)",
                     R"(---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext, namespace: web}
spec:
  hosts: [api.example.org]
  ports: [{number: 443, name: https, protocol: HTTPS}]
  resolution: STATIC
  endpoints:
  - {address: 10.0.0.1, labels: {version: v1}}
  - {address: 10.0.0.2, labels: {version: v2}, ports: {https: 8443}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ext, namespace: web}
spec:
  host: api.example.org
  subsets: [{name: v1, labels: {version: v1}}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: web}
spec: {ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: web, namespace: web}
subsets:
- addresses: [{ip: 10.1.0.1}, {ip: 10.1.0.2}]
  ports: [{name: http, port: 8080}]
)");
  const Cluster* ext = r.c.table->find_cluster("outbound|443|v1|api.example.org");
  ASSERT_NE(ext, nullptr);
  ASSERT_EQ(ext->endpoints.size(), 1u);
  EXPECT_EQ(ext->endpoints[0].address, "10.0.0.1");
  EXPECT_EQ(ext->endpoints[0].port, 443u);
  EXPECT_EQ(ext->destination_rule, "web/ext");
  const Cluster* web = r.c.table->find_cluster("outbound|80||web.web.svc.cluster.local");
  ASSERT_NE(web, nullptr);
  ASSERT_EQ(web->endpoints.size(), 2u);
  EXPECT_EQ(web->endpoints[1].address, "10.1.0.2");
  EXPECT_EQ(web->endpoints[1].port, 8080u);
  EXPECT_EQ(web->endpoints[1].source, "Endpoints web/web");
}

}  // namespace
}  // namespace igw::compile

namespace igw::compile {
namespace {

TEST(RouteMatchTranslation, R3_5_RegexRangeFilterNeverChangesTheAnswer) {
  const char* patterns[] = {"/items/[0-9]+/7", "(?i)/ABC/.*", ".*", "/a|/b", "/x(y)?z*", "[a-z]+"};
  const char* inputs[] = {"/items/12/7", "/items/12/8", "/abc/x", "/ABC/", "/b",      "/a",
                          "/xyzzz",      "/x",          "abc",    "",      "/items/", "\xff"};
  for (const char* p : patterns) {
    auto c = testing::compile_yaml(testing::http_gateway() + std::string(R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: [a.com]
  gateways: [istio-system/gw]
  http: [{match: [{uri: {regex: ")") +
                                   p + R"("}}], route: [{destination: {host: a}}]}]
)");
    const VirtualHost* vh = testing::vhost(*c.table, "http.80", "a.com:80");
    ASSERT_NE(vh, nullptr) << p;
    const PathMatcher& m = vh->routes[0]->match.path;
    for (const char* in : inputs) {
      bool full = regex_full_match(*m.regex, in, false, "", "");
      EXPECT_EQ(m.matches(in), full) << p << " on " << in;
    }
  }
}

}  // namespace
}  // namespace igw::compile
