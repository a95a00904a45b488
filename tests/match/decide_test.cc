// match::decide end to end on compiled tables (SEMANTICS R1.13–R3.11).
#include "tests/match/match_util.h"

#include <gtest/gtest.h>

namespace igw::match {
namespace {

using testing::compile_yaml;
using testing::Req;
using testing::route;

const char* kGateway = R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
)";

std::string with_vs(const std::string& spec_http, const std::string& hosts = "[a.com]",
                    const std::string& extra = "") {
  return std::string(kGateway) + R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: )" +
         hosts + R"(
  gateways: [istio-system/gw]
  http:
)" + spec_http +
         extra;
}

std::string cluster_of(const Decision& d) {
  if (!d.route || d.route->route.clusters.empty())
    return "";
  return d.route->route.clusters.front().host;
}

TEST(VhostSelection, R2_7_PortInHostIgnoredForVhostChoice) {
  auto c = compile_yaml(with_vs("  - route: [{destination: {host: a}}]\n"));
  Req req("A.COM:8080", "/");
  auto r = route(*c.table, req);
  EXPECT_EQ(r.decision.outcome, Outcome::kRoute);
  EXPECT_EQ(r.decision.domain_match, compile::DomainMatch::kExact);
  EXPECT_TRUE(r.trace_has_rule("R2.7"));
  EXPECT_FALSE(r.trace_mentions("trace and plain decisions differ"));
}

TEST(VhostSelection, R3_9_PortKeptForAuthorityMatch) {
  auto c = compile_yaml(with_vs(R"(  - match: [{authority: {exact: a.com}}]
    route: [{destination: {host: exact}}]
)"));
  Req plain("a.com", "/");
  EXPECT_EQ(route(*c.table, plain).decision.outcome, Outcome::kRoute);
  Req with_port("a.com:8080", "/");
  auto r = route(*c.table, with_port);
  EXPECT_EQ(r.decision.outcome, Outcome::kNotFound);
  EXPECT_TRUE(r.trace_mentions("the port is part of :authority"));
  EXPECT_TRUE(r.trace_has_rule("R3.9"));
}

TEST(VhostSelection, R2_8_ExactBeforeWildcard_NoFallback) {
  std::string yaml = with_vs(R"(  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: exact}}]
)") + R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: wild, namespace: web}
spec:
  hosts: ["*.com"]
  gateways: [istio-system/gw]
  http: [{route: [{destination: {host: wild}}]}]
)";
  auto c = compile_yaml(yaml);
  Req api("a.com", "/api/x");
  EXPECT_EQ(cluster_of(route(*c.table, api).decision), "exact.web.svc.cluster.local");
  Req other("a.com", "/other");
  auto r = route(*c.table, other);
  EXPECT_EQ(r.decision.outcome, Outcome::kNotFound);
  EXPECT_EQ(r.decision.status, 404u);
  EXPECT_EQ(r.decision.response_flag, "NR");
  EXPECT_EQ(r.decision.virtual_host->name, "a.com:80");
  EXPECT_TRUE(r.trace_mentions("never falls back"));
  Req b("b.com", "/other");
  auto rb = route(*c.table, b);
  EXPECT_EQ(cluster_of(rb.decision), "wild.web.svc.cluster.local");
  EXPECT_EQ(rb.decision.domain_match, compile::DomainMatch::kSuffixWildcard);
}

TEST(VhostSelection, R2_9_NoVirtualHostIs404NR) {
  auto c = compile_yaml(with_vs("  - route: [{destination: {host: a}}]\n"));
  Req req("unknown.org", "/");
  auto r = route(*c.table, req);
  EXPECT_EQ(r.decision.outcome, Outcome::kNotFound);
  EXPECT_EQ(r.decision.virtual_host, nullptr);
  EXPECT_TRUE(
      r.trace_mentions("no virtual host for authority \"unknown.org\" on http.80 → 404 NR"));
}

TEST(VhostSelection, R2_9_BlackholeAnswers404) {
  auto c = compile_yaml(kGateway);
  Req req("a.com", "/");
  auto r = route(*c.table, req);
  EXPECT_EQ(r.decision.outcome, Outcome::kNotFound);
  ASSERT_NE(r.decision.virtual_host, nullptr);
  EXPECT_TRUE(r.decision.virtual_host->blackhole);
}

TEST(RouteMatching, R3_4_PrefixIsAPlainStringPrefix) {
  auto c = compile_yaml(with_vs(R"(  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: api}}]
)"));
  Req apix("a.com", "/apix");
  EXPECT_EQ(route(*c.table, apix).decision.outcome, Outcome::kRoute);
  Req root("a.com", "/");
  auto r = route(*c.table, root);
  EXPECT_EQ(r.decision.outcome, Outcome::kNotFound);
  EXPECT_TRUE(r.trace_mentions("uri prefix \"/api\" does not match \"/\""));
}

TEST(RouteMatching, R3_3_FirstMatchWinsAndTraceListsEarlierMisses) {
  auto c = compile_yaml(with_vs(R"(  - match: [{uri: {prefix: /api/v2/}}]
    route: [{destination: {host: v2}}]
  - match: [{uri: {prefix: /api/}}]
    route: [{destination: {host: v1}}]
  - route: [{destination: {host: web}}]
)"));
  Req req("a.com", "/api/v1/users");
  auto r = route(*c.table, req);
  EXPECT_EQ(cluster_of(r.decision), "v1.web.svc.cluster.local");
  ASSERT_GE(r.trace.steps.size(), 3u);
  bool miss = false;
  for (const auto& s : r.trace.steps) {
    if (s.kind == TraceStep::Kind::kRouteMiss) {
      miss = true;
      EXPECT_EQ(s.rule, "R3.4");
      EXPECT_NE(s.message.find("uri prefix \"/api/v2/\" does not match \"/api/v1/users\""),
                std::string::npos);
      EXPECT_NE(s.message.find("VirtualService web/vs http[0]"), std::string::npos);
    }
  }
  EXPECT_TRUE(miss);
  EXPECT_EQ(r.decision.route->origin.rule_index, 1u);
}

TEST(RouteMatching, R3_1_RulesAfterCatchAllNeverMatch) {
  auto c = compile_yaml(with_vs(R"(  - route: [{destination: {host: web}}]
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: api}}]
)"));
  Req req("a.com", "/api");
  EXPECT_EQ(cluster_of(route(*c.table, req).decision), "web.web.svc.cluster.local");
}

TEST(RouteMatching, R3_5_RegexIsFullMatchWithoutQuery) {
  auto c = compile_yaml(with_vs(R"(  - match: [{uri: {regex: "/users/[0-9]+"}}]
    route: [{destination: {host: u}}]
)"));
  Req ok("a.com", "/users/42?x=1");
  EXPECT_EQ(route(*c.table, ok).decision.outcome, Outcome::kRoute);
  Req longer("a.com", "/users/42/x");
  auto r = route(*c.table, longer);
  EXPECT_EQ(r.decision.outcome, Outcome::kNotFound);
  EXPECT_TRUE(r.trace_has_rule("R3.5"));
}

TEST(RouteMatching, R3_6_IgnoreUriCaseForPrefixNotRegex) {
  auto c = compile_yaml(with_vs(R"(  - match: [{uri: {prefix: /API}, ignoreUriCase: true}]
    route: [{destination: {host: p}}]
  - match: [{uri: {regex: "/ABC"}, ignoreUriCase: true}]
    route: [{destination: {host: r}}]
)"));
  Req p("a.com", "/api/x");
  EXPECT_EQ(cluster_of(route(*c.table, p).decision), "p.web.svc.cluster.local");
  Req r("a.com", "/abc");
  EXPECT_EQ(route(*c.table, r).decision.outcome, Outcome::kNotFound);
}

TEST(RouteMatching, R3_8_HeaderMatchersAndRepeatedHeaders) {
  auto c = compile_yaml(with_vs(R"(  - match: [{headers: {x-ver: {exact: "v1,v2"}}}]
    route: [{destination: {host: joined}}]
  - match: [{headers: {x-ver: {prefix: v}}}]
    route: [{destination: {host: prefix}}]
  - match: [{headers: {x-any: {}}}]
    route: [{destination: {host: present}}]
)"));
  Req joined("a.com", "/");
  joined.header("x-ver", "v1").header("x-ver", "v2");
  EXPECT_EQ(cluster_of(route(*c.table, joined).decision), "joined.web.svc.cluster.local");
  Req one("a.com", "/");
  one.header("x-ver", "v3");
  EXPECT_EQ(cluster_of(route(*c.table, one).decision), "prefix.web.svc.cluster.local");
  Req present("a.com", "/");
  present.header("x-any", "");
  EXPECT_EQ(cluster_of(route(*c.table, present).decision), "present.web.svc.cluster.local");
  Req none("a.com", "/");
  auto r = route(*c.table, none);
  EXPECT_EQ(r.decision.outcome, Outcome::kNotFound);
  EXPECT_TRUE(r.trace_mentions("header x-ver is missing"));
}

TEST(RouteMatching, R3_9_MethodAndScheme) {
  auto c = compile_yaml(with_vs(R"(  - match: [{method: {exact: POST}, scheme: {exact: http}}]
    route: [{destination: {host: post}}]
)"));
  Req get("a.com", "/");
  EXPECT_EQ(route(*c.table, get).decision.outcome, Outcome::kNotFound);
  Req post("a.com", "/");
  post.method("POST");
  EXPECT_EQ(route(*c.table, post).decision.outcome, Outcome::kRoute);
}

TEST(RouteMatching, R3_10_WithoutHeaders) {
  auto c = compile_yaml(with_vs(R"(  - match: [{withoutHeaders: {x-debug: {exact: "1"}}}]
    route: [{destination: {host: not-one}}]
  - match: [{withoutHeaders: {x-trace: {}}}]
    route: [{destination: {host: absent}}]
)"));
  Req absent("a.com", "/");
  EXPECT_EQ(cluster_of(route(*c.table, absent).decision), "not-one.web.svc.cluster.local");
  Req two("a.com", "/");
  two.header("x-debug", "2");
  EXPECT_EQ(cluster_of(route(*c.table, two).decision), "not-one.web.svc.cluster.local");
  Req one("a.com", "/");
  one.header("x-debug", "1");
  EXPECT_EQ(cluster_of(route(*c.table, one).decision), "absent.web.svc.cluster.local");
  Req both("a.com", "/");
  both.header("x-debug", "1").header("x-trace", "t");
  auto r = route(*c.table, both);
  EXPECT_EQ(r.decision.outcome, Outcome::kNotFound);
  EXPECT_TRUE(r.trace_has_rule("R3.10"));
}

TEST(RouteMatching, R3_11_QueryParamsFirstOccurrenceRaw) {
  auto c = compile_yaml(with_vs(R"(  - match: [{queryParams: {v: {exact: "1"}}}]
    route: [{destination: {host: one}}]
  - match: [{queryParams: {e: {exact: ""}}}]
    route: [{destination: {host: empty}}]
  - match: [{queryParams: {p: {}}}]
    route: [{destination: {host: present}}]
)"));
  Req first("a.com", "/?v=1&v=2");
  EXPECT_EQ(cluster_of(route(*c.table, first).decision), "one.web.svc.cluster.local");
  Req second("a.com", "/?v=2&v=1");
  auto r = route(*c.table, second);
  EXPECT_NE(cluster_of(r.decision), "one.web.svc.cluster.local");
  EXPECT_TRUE(r.trace_mentions("first occurrence"));
  Req bare("a.com", "/?e");
  EXPECT_EQ(cluster_of(route(*c.table, bare).decision), "empty.web.svc.cluster.local");
  Req eq("a.com", "/?e=");
  EXPECT_EQ(cluster_of(route(*c.table, eq).decision), "empty.web.svc.cluster.local");
  Req enc("a.com", "/?v=%31");  // raw, not URL-decoded
  EXPECT_NE(cluster_of(route(*c.table, enc).decision), "one.web.svc.cluster.local");
  Req pres("a.com", "/?x=1&p");
  EXPECT_EQ(cluster_of(route(*c.table, pres).decision), "present.web.svc.cluster.local");
}

TEST(RouteMatching, R3_8_JwtClaimConditionsNeverHoldWithoutRequestAuthentication) {
  auto c =
      compile_yaml(with_vs(R"(  - match: [{headers: {"@request.auth.claims.group": {exact: admin}}}]
    route: [{destination: {host: admin}}]
  - match: [{withoutHeaders: {"@request.auth.claims.group": {exact: admin}}}]
    route: [{destination: {host: others}}]
)"));
  Req req("a.com", "/");
  auto r = route(*c.table, req);
  EXPECT_EQ(cluster_of(r.decision), "others.web.svc.cluster.local");
  EXPECT_TRUE(r.trace_mentions("JWT claim"));
}

TEST(RouteMatching, R1_14_PathNormalisedBeforeMatching) {
  auto c = compile_yaml(with_vs(R"(  - match: [{uri: {prefix: /public}}]
    route: [{destination: {host: public}}]
  - match: [{uri: {prefix: /admin}}]
    route: [{destination: {host: admin}}]
)"));
  Req req("a.com", "/public/../admin/x?y=1");
  auto r = route(*c.table, req);
  EXPECT_EQ(cluster_of(r.decision), "admin.web.svc.cluster.local");
  EXPECT_EQ(r.decision.normalized_path, "/admin/x?y=1");
  EXPECT_EQ(r.decision.path(req.get()), "/admin/x?y=1");
}

TEST(Outcomes, R4_1_RedirectAndDirectResponse) {
  auto c = compile_yaml(with_vs(R"(  - match: [{uri: {prefix: /old}}]
    redirect: {uri: /new, redirectCode: 302}
  - match: [{uri: {prefix: /down}}]
    directResponse: {status: 503}
  - match: [{uri: {prefix: /bad}}]
    redirect: {uri: /x, redirectCode: 305}
)"));
  Req old("a.com", "/old");
  auto r = route(*c.table, old);
  EXPECT_EQ(r.decision.outcome, Outcome::kRedirect);
  EXPECT_EQ(r.decision.status, 302u);
  EXPECT_TRUE(r.trace_mentions("http://a.com/new"));
  Req down("a.com", "/down");
  EXPECT_EQ(route(*c.table, down).decision.status, 503u);
  Req bad("a.com", "/bad");
  EXPECT_EQ(route(*c.table, bad).decision.outcome, Outcome::kNotFound);
}

const char* kTls = R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.example.com", "b.example.com"]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: https-a, protocol: HTTPS}
    hosts: ["a.example.com"]
    tls: {mode: SIMPLE, credentialName: a}
  - port: {number: 443, name: https-b, protocol: HTTPS}
    hosts: ["b.example.com"]
    tls: {mode: SIMPLE, credentialName: b}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: ["a.example.com", "b.example.com"]
  gateways: [istio-system/gw]
  http: [{route: [{destination: {host: web}}]}]
)";

TEST(Https, R1_17_RequireTlsBeforeRoutes) {
  auto c = compile_yaml(kTls);
  Req req("a.example.com:80", "/x?y=1");
  req.method("POST");
  auto r = route(*c.table, req);
  EXPECT_EQ(r.decision.outcome, Outcome::kHttpsRedirect);
  EXPECT_EQ(r.decision.status, 301u);
  EXPECT_TRUE(r.trace_mentions("https://a.example.com:80/x?y=1"));
  Req secure("a.example.com", "/x");
  secure.port(443).tls("a.example.com");
  EXPECT_EQ(route(*c.table, secure).decision.outcome, Outcome::kRoute);
}

TEST(Https, R1_13_SniChoosesServerHostOnlySearchedInside) {
  auto c = compile_yaml(kTls);
  Req cross("b.example.com", "/");
  cross.port(443).tls("a.example.com");
  auto r = route(*c.table, cross);
  EXPECT_EQ(r.decision.outcome, Outcome::kNotFound);
  EXPECT_EQ(r.decision.route_config->name, "https.443.https-a.gw.istio-system");
  EXPECT_TRUE(r.trace_has_rule("R1.13"));
  EXPECT_TRUE(r.trace_mentions("https.443.https-b.gw.istio-system"));
  Req unknown("c.example.com", "/");
  unknown.port(443).tls("c.example.com");
  auto u = route(*c.table, unknown);
  EXPECT_EQ(u.decision.outcome, Outcome::kConnectionClosed);
  EXPECT_EQ(u.decision.close_reason, "no filter chain matches the SNI");
}

TEST(Connections, R1_13_DecideConnectionAndTlsMismatch) {
  auto c = compile_yaml(kTls);
  ConnectionDecision ok = decide_connection(*c.table, 443, "b.example.com", true);
  ASSERT_FALSE(ok.closed());
  EXPECT_EQ(ok.chain->server.port_name, "https-b");
  ConnectionDecision plain = decide_connection(*c.table, 443, "", false);
  EXPECT_TRUE(plain.closed());
  ConnectionDecision tls_on_http = decide_connection(*c.table, 80, "a.example.com", true);
  EXPECT_TRUE(tls_on_http.closed());
  ConnectionDecision none = decide_connection(*c.table, 8080, "", false);
  EXPECT_TRUE(none.closed());
  EXPECT_EQ(none.listener, nullptr);
  // serve's per-request call on an established connection.
  Req req("b.example.com", "/");
  Decision d = decide(*c.table, ok, req.get());
  EXPECT_EQ(d.outcome, Outcome::kRoute);
}

TEST(Connections, R1_19_R1_21_TcpAndPassthroughOutcomes) {
  auto c = compile_yaml(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 443, name: tls, protocol: TLS}
    hosts: ["*.example.com"]
    tls: {mode: PASSTHROUGH}
  - port: {number: 5432, name: pg, protocol: TCP}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: ["*.example.com", "*"]
  gateways: [istio-system/gw]
  tls: [{match: [{sniHosts: [a.example.com]}], route: [{destination: {host: a, port: {number: 443}}}]}]
  tcp: [{route: [{destination: {host: pg, port: {number: 5432}}}]}]
)");
  Req pt("a.example.com", "/");
  pt.port(443).tls("a.example.com");
  auto r = route(*c.table, pt);
  EXPECT_EQ(r.decision.outcome, Outcome::kTlsPassthrough);
  ASSERT_NE(r.decision.tcp, nullptr);
  EXPECT_EQ(r.decision.tcp->clusters[0].name, "outbound|443||a.web.svc.cluster.local");
  Req tcp("x", "/");
  tcp.port(5432);
  EXPECT_EQ(route(*c.table, tcp).decision.outcome, Outcome::kTcpProxy);
}

TEST(HostHelpers, HostWithoutPort) {
  EXPECT_EQ(host_without_port("a.com:80"), "a.com");
  EXPECT_EQ(host_without_port("a.com"), "a.com");
  EXPECT_EQ(host_without_port("[::1]:8080"), "[::1]");
  EXPECT_EQ(host_without_port("[::1]"), "[::1]");
}

}  // namespace
}  // namespace igw::match

namespace igw::match {
namespace {

TEST(VhostSelection, R2_9_MissingAuthorityFindsNoVirtualHostEvenWithStar) {
  auto c = testing::compile_yaml(std::string(kGateway) + R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: ["*"]
  gateways: [istio-system/gw]
  http: [{route: [{destination: {host: a}}]}]
)");
  testing::Req star("anything.org", "/");
  EXPECT_EQ(testing::route(*c.table, star).decision.domain_match, compile::DomainMatch::kAny);
  testing::Req none("", "/");
  EXPECT_EQ(testing::route(*c.table, none).decision.outcome, Outcome::kNotFound);
}

}  // namespace
}  // namespace igw::match
