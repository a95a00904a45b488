// R5: Envoy's CORS filter as Istio configures it, through http::respond.
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

std::string cors_rule(const std::string& policy,
                      const std::string& action = "    route: [{destination: {host: api}}]\n") {
  return "  - match: [{uri: {prefix: /api/}}]\n    corsPolicy:\n" + policy + action +
         "    headers: {response: {add: {x-api-version: \"1.0\"}}}\n";
}

const std::string kPolicy = R"(      allowOrigins:
      - exact: https://app.example.com
      - prefix: https://admin.
      - regex: "https://.*\\.example\\.org"
      allowMethods: [GET, POST, PUT]
      allowHeaders: [Authorization, Content-Type]
      exposeHeaders: [X-Request-ID, X-Response-Time]
      maxAge: 24h
      allowCredentials: true
)";

Req preflight(const std::string& origin, const std::string& path = "/api/users") {
  Req r("a.com", path);
  r.method("OPTIONS")
      .header("origin", origin)
      .header("access-control-request-method", "PUT")
      .header("access-control-request-headers", "content-type,x-custom");
  return r;
}

TEST(Cors, R5_5_PreflightAllowedByExactPrefixAndRegex) {
  auto c = compile_yaml(gateway_with_vs(cors_rule(kPolicy)));
  for (std::string origin :
       {"https://app.example.com", "https://admin.example.com", "https://x.example.org"}) {
    Req r = preflight(origin);
    auto a = answer(*c.table, r);
    ASSERT_NE(a.local(), nullptr) << origin;
    EXPECT_EQ(a.local()->status, 200u);
    EXPECT_EQ(a.local()->details, "cors_response");
    // The preflight's own encode pass adds expose-headers; no route response header (R4.4).
    EXPECT_THAT(lines(a.local()->headers),
                ElementsAre("access-control-allow-origin: " + origin,
                            "access-control-allow-credentials: true",
                            "access-control-allow-methods: GET,POST,PUT",
                            "access-control-allow-headers: Authorization,Content-Type",
                            "access-control-max-age: 86400",
                            "access-control-expose-headers: X-Request-ID,X-Response-Time",
                            "date: Thu, 01 Jan 1970 00:00:00 GMT", "server: istio-envoy",
                            "content-length: 0"))
        << origin;
  }
}

TEST(Cors, R5_4_RegexIsAFullMatch) {
  auto c = compile_yaml(gateway_with_vs(cors_rule(kPolicy)));
  Req r = preflight("https://x.example.org.evil.com");
  auto a = answer(*c.table, r);
  // Not allowed and unmatchedPreflights unset (FORWARD): the preflight goes upstream.
  ASSERT_NE(a.plan(), nullptr);
  EXPECT_EQ(a.plan()->request.method, "OPTIONS");
  EXPECT_TRUE(a.plan()->cors.allowed_origin.empty());
}

TEST(Cors, R5_5_DisallowedPreflightIsForwardedByDefault) {
  auto c = compile_yaml(gateway_with_vs(cors_rule(kPolicy)));
  Req r = preflight("https://evil.com");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);
  EXPECT_TRUE(mentions(a.plan()->reasons, "unmatchedPreflights is FORWARD"));
  // The upstream's answer passes without CORS additions (R5.7).
  Headers up{{"content-length", "0"}};
  FinalizeOptions fo;
  fo.date = "D";
  finalize_response(*a.plan(), 200, up, fo);
  EXPECT_FALSE(up.has("access-control-allow-origin"));
  EXPECT_EQ(up.get("x-api-version"), "1.0");
}

TEST(Cors, R5_5_DisallowedPreflightWithIgnoreIsAnsweredWithoutAllowOrigin) {
  auto c =
      compile_yaml(gateway_with_vs(cors_rule(kPolicy + "      unmatchedPreflights: IGNORE\n")));
  Req r = preflight("https://evil.com");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->status, 200u);
  EXPECT_THAT(lines(a.local()->headers),
              ElementsAre("access-control-allow-credentials: true",
                          "access-control-allow-methods: GET,POST,PUT",
                          "access-control-allow-headers: Authorization,Content-Type",
                          "access-control-max-age: 86400", "date: Thu, 01 Jan 1970 00:00:00 GMT",
                          "server: istio-envoy", "content-length: 0"));
}

TEST(Cors, R5_5_StarEchoesRequestedMethodAndHeaders) {
  auto c = compile_yaml(gateway_with_vs(cors_rule(R"(      allowOrigins: [{regex: ".*"}]
      allowMethods: ["*"]
      allowHeaders: ["*"]
      maxAge: 0s
)")));
  Req r = preflight("https://anything.test");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->headers.get("access-control-allow-methods"), "PUT");
  EXPECT_EQ(a.local()->headers.get("access-control-allow-headers"), "content-type,x-custom");
  // R5.1: maxAge 0s still yields a header; allowCredentials unset yields none.
  EXPECT_EQ(a.local()->headers.get("access-control-max-age"), "0");
  EXPECT_FALSE(a.local()->headers.has("access-control-allow-credentials"));
}

TEST(Cors, R5_5_StarAllowHeadersWithoutRequestHeadersIsEmpty) {
  auto c = compile_yaml(gateway_with_vs(cors_rule(R"(      allowOrigins: [{exact: "*"}]
      allowHeaders: ["*"]
)")));
  Req r("a.com", "/api/x");
  r.method("OPTIONS")
      .header("origin", "https://o.test")
      .header("access-control-request-method", "GET");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->headers.get("access-control-allow-headers"), "");
  EXPECT_EQ(a.local()->headers.get("access-control-allow-origin"), "https://o.test");
}

TEST(Cors, R5_1_CredentialsOnlyWhenTrue) {
  auto c = compile_yaml(gateway_with_vs(cors_rule(R"(      allowOrigins: [{exact: https://o.test}]
      allowCredentials: false
)")));
  Req r = preflight("https://o.test");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_FALSE(a.local()->headers.has("access-control-allow-credentials"));
}

TEST(Cors, R5_6_ActualResponseGetsOriginCredentialsAndExposeHeaders) {
  auto c = compile_yaml(gateway_with_vs(cors_rule(kPolicy)));
  Req r("a.com", "/api/users");
  r.header("origin", "https://app.example.com");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);
  Headers up{{"content-length", "2"}, {"access-control-allow-origin", "*"}};
  FinalizeOptions fo;
  fo.date = "D";
  fo.upstream_service_time_ms = 3;
  finalize_response(*a.plan(), 200, up, fo);
  EXPECT_THAT(lines(up), ElementsAre("content-length: 2",
                                     "access-control-allow-origin: https://app.example.com",
                                     "x-api-version: 1.0", "x-envoy-upstream-service-time: 3",
                                     "access-control-allow-credentials: true",
                                     "access-control-expose-headers: X-Request-ID,X-Response-Time",
                                     "date: D", "server: istio-envoy"));
  // No allow-methods / allow-headers / max-age on actual responses, and never a Vary (R5.8).
  EXPECT_FALSE(up.has("access-control-allow-methods"));
  EXPECT_FALSE(up.has("vary"));
}

TEST(Cors, R5_6_OptionsWithoutRequestMethodIsAnActualRequest) {
  auto c = compile_yaml(gateway_with_vs(cors_rule(kPolicy)));
  Req r("a.com", "/api/users");
  r.method("OPTIONS").header("origin", "https://app.example.com");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);
  EXPECT_EQ(a.plan()->cors.allowed_origin, "https://app.example.com");
}

TEST(Cors, R5_3_NoOriginNoCors) {
  auto c = compile_yaml(gateway_with_vs(cors_rule(kPolicy)));
  Req r("a.com", "/api/users");
  r.method("OPTIONS").header("access-control-request-method", "PUT");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.plan(), nullptr);  // forwarded like any request
  Headers up;
  FinalizeOptions fo;
  finalize_response(*a.plan(), 204, up, fo);
  EXPECT_FALSE(up.has("access-control-allow-origin"));
}

TEST(Cors, R5_2_NoRouteNoCors) {
  auto c = compile_yaml(gateway_with_vs(cors_rule(kPolicy)));
  Req r = preflight("https://app.example.com", "/other");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->status, 404u);
  EXPECT_EQ(a.local()->response_flags, "NR");
  EXPECT_FALSE(a.local()->headers.has("access-control-allow-origin"));
}

TEST(Cors, RedirectAndDirectResponseRoutesNeverGetCors) {
  // Envoy's CORS filter returns at once when the route has no route entry, which is the case
  // for redirect and directResponse routes (RouteEntryImplBase::routeEntry()).
  for (std::string action :
       {"    redirect: {uri: /new}\n", "    directResponse: {status: 200, body: {string: ok}}\n"}) {
    auto c = compile_yaml(gateway_with_vs(cors_rule(kPolicy, action)));
    Req pre = preflight("https://app.example.com");
    auto a = answer(*c.table, pre);
    ASSERT_NE(a.local(), nullptr) << action;
    EXPECT_NE(a.local()->details, "cors_response") << action;
    EXPECT_FALSE(a.local()->headers.has("access-control-allow-origin")) << action;
    // The route's response headers do apply to the redirect / direct response (R4.4).
    EXPECT_EQ(a.local()->headers.get("x-api-version"), "1.0") << action;
    EXPECT_TRUE(mentions(a.local()->reasons, "the corsPolicy has no effect")) << action;
  }
}

TEST(Cors, R5_12_FaultAbortAnswersBeforeCors) {
  auto c = compile_yaml(gateway_with_vs(
      cors_rule(kPolicy + "    fault: {abort: {httpStatus: 503, percentage: {value: 100}}}\n")));
  Req r = preflight("https://app.example.com");
  auto a = answer(*c.table, r);
  ASSERT_NE(a.local(), nullptr);
  EXPECT_EQ(a.local()->status, 503u);
  EXPECT_EQ(a.local()->response_flags, "FI");
  EXPECT_EQ(a.local()->body, "fault filter abort");
  EXPECT_FALSE(a.local()->headers.has("access-control-allow-origin"));
  // The abort is a local reply through the filter chain: the route's response headers apply.
  EXPECT_EQ(a.local()->headers.get("x-api-version"), "1.0");
  EXPECT_TRUE(mentions(a.local()->reasons, "R5.12"));
}

}  // namespace
}  // namespace igw::http
