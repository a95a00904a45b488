// http::respond and finalize_response per SEMANTICS §1.3 and §4 (R1.16–R1.18, R4.2–R4.12).
#include "tests/http/http_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace igw::http {
namespace {

using testing::answer;
using testing::compile_yaml;
using ::testing::ElementsAre;
using testing::gateway_with_vs;
using testing::lines;
using testing::mentions;
using testing::Req;

const char* kRedirectGateway = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [app.example.com]
    tls: {mode: SIMPLE, credentialName: app-cert}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: app, namespace: web}
spec:
  hosts: [app.example.com]
  gateways: [istio-system/gw]
  http:
  - route: [{destination: {host: frontend}}]
    headers: {response: {set: {x-frame-options: DENY}}}
)";

TEST(HttpsRedirect, R1_17_R1_18_PlainTextGets301WithHostAndPathVerbatim) {
  auto c = compile_yaml(kRedirectGateway);
  Req r("app.example.com:8080", "/a/b?x=1");
  r.method("POST").header("origin", "https://app.example.com");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->status, 301u);
  // Port and query kept; no route response headers (R1.18), no CORS.
  EXPECT_THAT(lines(a.local()->headers),
              ElementsAre("location: https://app.example.com:8080/a/b?x=1",
                          "date: Thu, 01 Jan 1970 00:00:00 GMT", "server: istio-envoy",
                          "content-length: 0"));
}

TEST(HttpsRedirect, R1_16_HostsWithoutVirtualServiceStillRedirect) {
  auto c = compile_yaml(kRedirectGateway);
  Req r("www.example.com", "/");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->status, 301u);
  EXPECT_EQ(a.local()->headers.get("location"), "https://www.example.com/");
}

TEST(HttpsRedirect, TlsRequestIsRouted) {
  auto c = compile_yaml(kRedirectGateway);
  Req r("app.example.com", "/");
  r.port(443).tls("app.example.com");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);
  EXPECT_EQ(a.plan()->request.headers.get("x-forwarded-proto"), "https");
}

TEST(NotFound, R2_9_404WithFlagNrAndNothingElse) {
  auto c = compile_yaml(
      gateway_with_vs("  - match: [{uri: {prefix: /api}}]\n    route: [{destination: {host: a}}]\n"
                      "    headers: {response: {set: {x-r: '1'}}}\n"));
  Req r("a.com", "/other");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->status, 404u);
  EXPECT_EQ(a.local()->response_flags, "NR");
  EXPECT_EQ(a.local()->details, "route_not_found");
  EXPECT_THAT(lines(a.local()->headers), ElementsAre("date: Thu, 01 Jan 1970 00:00:00 GMT",
                                                     "server: istio-envoy", "content-length: 0"));
}

TEST(Redirect, R4_6_LocationThenRouteResponseHeaders) {
  auto c = compile_yaml(gateway_with_vs(R"(  - match: [{uri: {prefix: /old}}]
    redirect: {uri: /new, authority: b.com, redirectCode: 308}
    headers: {response: {add: {x-moved: "yes"}}}
)"));
  Req r("a.com:8080", "/old/x?q=1");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->status, 308u);
  EXPECT_THAT(lines(a.local()->headers),
              ElementsAre("location: http://b.com/new?q=1", "x-moved: yes",
                          "date: Thu, 01 Jan 1970 00:00:00 GMT", "server: istio-envoy",
                          "content-length: 0"));
}

TEST(Redirect, R4_6_PathRedirectKeepsTheQuery) {
  auto c = compile_yaml(gateway_with_vs(R"(  - match: [{uri: {prefix: /v1/}}]
    redirect: {uri: /v2/}
)"));
  // redirect.uri is Envoy's path_redirect: it replaces the whole path; without its own query the
  // request's query is appended.
  Req r("a.com", "/v1/users?x=1");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->status, 301u);
  EXPECT_EQ(a.local()->headers.get("location"), "http://a.com/v2/?x=1");
}

TEST(DirectResponse, R4_7_BodyDefaultsToTextPlain) {
  auto c = compile_yaml(
      gateway_with_vs(R"(  - directResponse: {status: 418, body: {string: "short and stout"}}
    headers: {response: {add: {x-tea: pot}}}
)"));
  Req r("a.com", "/");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->status, 418u);
  EXPECT_EQ(a.local()->body, "short and stout");
  EXPECT_THAT(lines(a.local()->headers),
              ElementsAre("x-tea: pot", "content-length: 15", "content-type: text/plain",
                          "date: Thu, 01 Jan 1970 00:00:00 GMT", "server: istio-envoy"));
}

TEST(DirectResponse, R4_7_ConfiguredContentTypeWins) {
  auto c = compile_yaml(gateway_with_vs(R"(  - directResponse: {status: 200, body: {string: "{}"}}
    headers: {response: {set: {content-type: application/json}}}
)"));
  Req r("a.com", "/");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->headers.get("content-type"), "application/json");
  EXPECT_EQ(a.local()->headers.count("content-type"), 1u);
}

TEST(DirectResponse, R4_7_EmptyBodyHasNoContentType) {
  auto c = compile_yaml(gateway_with_vs(R"(  - directResponse: {status: 204}
    headers: {response: {set: {content-type: application/json}}}
)"));
  Req r("a.com", "/");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->status, 204u);
  // 204 gets no content-length from the codec either.
  EXPECT_THAT(lines(a.local()->headers),
              ElementsAre("date: Thu, 01 Jan 1970 00:00:00 GMT", "server: istio-envoy"));
}

TEST(Forward, R4_8_PrefixRewriteKeepsQueryAndAddsOriginalPath) {
  auto c = compile_yaml(gateway_with_vs(R"(  - match: [{uri: {prefix: /api}}]
    rewrite: {uri: /v1}
    route: [{destination: {host: api, port: {number: 8080}}}]
)"));
  Req r("a.com", "/api/users?x=1");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);
  EXPECT_EQ(a.plan()->request.path, "/v1/users?x=1");
  EXPECT_EQ(a.plan()->path_rewrite, "/v1/users?x=1");
  EXPECT_EQ(a.plan()->request.headers.get("x-envoy-original-path"), "/api/users?x=1");
  EXPECT_EQ(a.plan()->cluster, "outbound|8080||api.web.svc.cluster.local");
}

TEST(Forward, R4_8_AuthorityRewrite) {
  auto c = compile_yaml(gateway_with_vs(R"(  - rewrite: {authority: internal.svc}
    route: [{destination: {host: api}}]
)"));
  Req r("a.com", "/");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);
  EXPECT_EQ(a.plan()->request.authority, "internal.svc");
  EXPECT_EQ(a.plan()->host_rewrite, "internal.svc");
  EXPECT_FALSE(a.plan()->request.headers.has("x-forwarded-host"));
  EXPECT_FALSE(a.plan()->request.headers.has("x-envoy-original-path"));
}

TEST(Forward, R1_14_EdgeHeaders) {
  auto c = compile_yaml(gateway_with_vs("  - route: [{destination: {host: api}}]\n"));
  Req r("a.com", "/");
  r.header("x-forwarded-for", "198.51.100.1")
      .header("x-request-id", "client-chosen")
      .header("x-envoy-retry-on", "5xx")
      .header("connection", "keep-alive")
      .header("x-forwarded-client-cert", "By=spoofed");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);
  EXPECT_THAT(lines(a.plan()->request.headers),
              ElementsAre("x-forwarded-for: 198.51.100.1,203.0.113.10", "x-request-id: rid-1",
                          "x-forwarded-proto: http", "x-envoy-external-address: 203.0.113.10",
                          "x-envoy-attempt-count: 1"));
}

TEST(Forward, LoopbackPeerAppendsTheGatewayAddress) {
  auto c = compile_yaml(gateway_with_vs("  - route: [{destination: {host: api}}]\n"));
  Req r("a.com", "/");
  auto o = testing::test_options();
  o.peer_address = "127.0.0.1";
  o.local_address = "10.1.2.3";
  auto a = answer(*c.table, r, o);
  ASSERT_NE(a.plan(), nullptr);
  EXPECT_EQ(a.plan()->request.headers.get("x-forwarded-for"), "10.1.2.3");
  EXPECT_EQ(a.plan()->request.headers.get("x-envoy-external-address"), "127.0.0.1");
}

TEST(Forward, R4_4_RequestHeaderOpsRouteAndDestination) {
  auto c = compile_yaml(gateway_with_vs(R"(  - headers:
      request:
        set: {x-env: prod}
        add: {x-trace: route}
        remove: [x-debug]
    route:
    - destination: {host: v1}
      weight: 100
      headers: {request: {set: {x-env: canary, x-dest: v1}}}
    - destination: {host: v2}
      weight: 0
)"));
  Req r("a.com", "/");
  r.header("x-debug", "1");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);
  // Destination edits first, then the route's: the route's `set` wins.
  EXPECT_EQ(a.plan()->request.headers.get("x-env"), "prod");
  EXPECT_EQ(a.plan()->request.headers.get("x-dest"), "v1");
  EXPECT_EQ(a.plan()->request.headers.get("x-trace"), "route");
  EXPECT_FALSE(a.plan()->request.headers.has("x-debug"));
}

TEST(Forward, R4_3_WeightedPickUsesTheCallersRandom) {
  auto c = compile_yaml(gateway_with_vs(R"(  - route:
    - destination: {host: v1}
      weight: 90
    - destination: {host: v2}
      weight: 10
)"));
  Req r("a.com", "/");
  auto o = testing::test_options();
  o.cluster_random = 89;
  auto a = answer(*c.table, r, o);
  ASSERT_NE(a.plan(), nullptr);
  EXPECT_EQ(a.plan()->destination->host, "v1.web.svc.cluster.local");
  o.cluster_random = 90;
  auto b = answer(*c.table, r, o);
  ASSERT_NE(b.plan(), nullptr);
  EXPECT_EQ(b.plan()->destination->host, "v2.web.svc.cluster.local");
  EXPECT_TRUE(mentions(b.plan()->reasons, "weight 10 of 100"));
}

TEST(Forward, R4_9_TimeoutsAndExpectedTimeoutHeader) {
  auto c = compile_yaml(gateway_with_vs(R"(  - timeout: 10s
    retries: {attempts: 3, perTryTimeout: 2s, retryOn: "503,gateway-error"}
    route: [{destination: {host: api}}]
)"));
  Req r("a.com", "/");
  r.header("x-envoy-expected-rq-timeout-ms", "1");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);
  ASSERT_TRUE(a.plan()->timeout.has_value());
  EXPECT_EQ(a.plan()->timeout->millis(), 10000);
  ASSERT_TRUE(a.plan()->per_try_timeout.has_value());
  EXPECT_EQ(a.plan()->per_try_timeout->millis(), 2000);
  // The client's value is removed (internal-only) and Envoy's own is the per-try timeout.
  EXPECT_EQ(a.plan()->request.headers.get("x-envoy-expected-rq-timeout-ms"), "2000");
  EXPECT_EQ(a.plan()->retry.num_retries, 3u);
  EXPECT_TRUE(mentions(a.plan()->reasons, "status codes 503"));
}

TEST(Forward, R4_9_NoTimeoutByDefault) {
  auto c = compile_yaml(gateway_with_vs("  - route: [{destination: {host: api}}]\n"));
  Req r("a.com", "/");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);
  EXPECT_FALSE(a.plan()->timeout.has_value());
  EXPECT_FALSE(a.plan()->request.headers.has("x-envoy-expected-rq-timeout-ms"));
  EXPECT_TRUE(mentions(a.plan()->reasons, "Istio's default policy"));
}

TEST(Forward, R4_10_PerTryTimeoutNotBelowTimeoutIsIgnored) {
  auto c = compile_yaml(gateway_with_vs(R"(  - timeout: 1s
    retries: {attempts: 2, perTryTimeout: 5s}
    route: [{destination: {host: api}}]
)"));
  Req r("a.com", "/");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);
  EXPECT_FALSE(a.plan()->per_try_timeout.has_value());
  EXPECT_EQ(a.plan()->request.headers.get("x-envoy-expected-rq-timeout-ms"), "1000");
}

TEST(Fault, R4_11_DelayAndAbortFollowTheCallersRandom) {
  auto c = compile_yaml(gateway_with_vs(R"(  - fault:
      delay: {fixedDelay: 5s, percentage: {value: 50}}
      abort: {httpStatus: 503, percentage: {value: 10}}
    route: [{destination: {host: api}}]
)"));
  Req r("a.com", "/");
  auto o = testing::test_options();
  o.fault_delay_random = 100'000;  // 10 %: inside 50 %
  o.fault_abort_random = 200'000;  // 20 %: outside 10 %
  auto a = answer(*c.table, r, o);
  ASSERT_NE(a.plan(), nullptr);
  ASSERT_TRUE(a.plan()->delay.has_value());
  EXPECT_EQ(a.plan()->delay->millis(), 5000);
  EXPECT_EQ(a.plan()->response_flags, "DI");
  o.fault_abort_random = 50'000;
  auto b = answer(*c.table, r, o);
  ASSERT_NE(b.local(), nullptr);
  EXPECT_EQ(b.local()->status, 503u);
  EXPECT_EQ(b.local()->response_flags, "DI,FI");
  EXPECT_THAT(lines(b.local()->headers),
              ElementsAre("content-length: 18", "content-type: text/plain",
                          "date: Thu, 01 Jan 1970 00:00:00 GMT", "server: istio-envoy"));
}

TEST(Fault, R4_11_AbortWithoutPercentageNeverFires) {
  auto c = compile_yaml(gateway_with_vs(R"(  - fault: {abort: {httpStatus: 500}}
    route: [{destination: {host: api}}]
)"));
  Req r("a.com", "/");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);
  EXPECT_TRUE(mentions(a.plan()->reasons, "no percentage"));
}

TEST(Mirror, R4_12_ShadowHostAndSampling) {
  auto c = compile_yaml(gateway_with_vs(R"(  - route: [{destination: {host: api}}]
    mirror: {host: shadow}
    mirrorPercentage: {value: 25}
)"));
  Req r("a.com:8080", "/");
  auto o = testing::test_options();
  o.mirror_random = 240'000;
  auto a = answer(*c.table, r, o);
  ASSERT_NE(a.plan(), nullptr);
  ASSERT_EQ(a.plan()->mirrors.size(), 1u);
  EXPECT_EQ(a.plan()->mirrors[0].authority, "a.com-shadow:8080");
  EXPECT_TRUE(a.plan()->mirrors[0].sampled);
  o.mirror_random = 260'000;
  auto b = answer(*c.table, r, o);
  EXPECT_FALSE(b.plan()->mirrors[0].sampled);
}

TEST(Finalize, R4_4_ResponseOpsDestinationThenRouteThenGatewayHeaders) {
  auto c = compile_yaml(
      gateway_with_vs(R"(  - headers: {response: {set: {x-who: route}, remove: [x-internal]}}
    route:
    - destination: {host: v1}
      weight: 1
      headers: {response: {set: {x-who: dest, x-dest: v1}}}
    - destination: {host: v2}
      weight: 1
)"));
  Req r("a.com", "/");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);
  Headers h{{"server", "upstream/1.0"},
            {"x-internal", "secret"},
            {"connection", "close"},
            {"content-length", "0"}};
  FinalizeOptions fo;
  fo.date = "D";
  fo.upstream_service_time_ms = 7;
  finalize_response(*a.plan(), 200, h, fo);
  EXPECT_THAT(lines(h), ElementsAre("server: istio-envoy", "content-length: 0", "x-dest: v1",
                                    "x-who: route", "x-envoy-upstream-service-time: 7", "date: D"));
}

TEST(Respond, ConnectionOutcomesHaveNoHttpAnswer) {
  auto c = compile_yaml(gateway_with_vs("  - route: [{destination: {host: api}}]\n"));
  Req r("a.com", "/");
  r.port(9999);
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_TRUE(a.local()->connection_closed);
  EXPECT_EQ(a.local()->status, 0u);
}

TEST(Respond, UndefinedClusterCanFailLikeEnvoy) {
  auto c = compile_yaml(gateway_with_vs("  - route: [{destination: {host: nowhere}}]\n"));
  Req r("a.com", "/");
  auto o = testing::test_options();
  o.undefined_cluster_fails = true;
  auto a = answer(*c.table, r, o);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->status, 503u);
  EXPECT_EQ(a.local()->response_flags, "NC");
}

TEST(Respond, WithoutExplanationsThePlanIsTheSameButCarriesNoReasons) {
  auto c = compile_yaml(gateway_with_vs(R"(  - match: [{uri: {prefix: /api}}]
    rewrite: {uri: /v1, authority: internal.svc}
    headers: {request: {set: {x-env: prod}, remove: [x-debug]}}
    timeout: 10s
    retries: {attempts: 3, perTryTimeout: 2s, retryOn: "5xx"}
    fault: {delay: {fixedDelay: 1s, percentage: {value: 50}}}
    mirror: {host: shadow}
    route:
    - destination: {host: v1}
      weight: 60
    - destination: {host: v2}
      weight: 40
)"));
  Req r("a.com", "/api/users");
  r.header("X-Debug", "1").header("x-forwarded-for", "198.51.100.1").header("te", "gzip");
  auto o = testing::test_options();
  auto full = answer(*c.table, r, o);
  o.explain = false;
  auto bare = answer(*c.table, r, o);
  ASSERT_NE(full.plan(), nullptr);
  ASSERT_NE(bare.plan(), nullptr);
  EXPECT_FALSE(full.plan()->reasons.empty());
  EXPECT_FALSE(full.plan()->request_changes.empty());
  EXPECT_TRUE(bare.plan()->reasons.empty());
  EXPECT_TRUE(bare.plan()->request_changes.empty());
  const ForwardPlan& f = *full.plan();
  const ForwardPlan& b = *bare.plan();
  EXPECT_EQ(b.cluster, f.cluster);
  EXPECT_EQ(b.request.method, f.request.method);
  EXPECT_EQ(b.request.authority, f.request.authority);
  EXPECT_EQ(b.request.path, f.request.path);
  EXPECT_EQ(lines(b.request.headers), lines(f.request.headers));
  EXPECT_EQ(b.path_rewrite, f.path_rewrite);
  EXPECT_EQ(b.host_rewrite, f.host_rewrite);
  EXPECT_EQ(b.timeout, f.timeout);
  EXPECT_EQ(b.per_try_timeout, f.per_try_timeout);
  EXPECT_EQ(b.delay, f.delay);
  EXPECT_EQ(b.response_flags, f.response_flags);
  ASSERT_EQ(b.mirrors.size(), f.mirrors.size());
  EXPECT_EQ(b.mirrors[0].authority, f.mirrors[0].authority);
}

}  // namespace
}  // namespace igw::http
