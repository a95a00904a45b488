// http::simulate: curl's and a browser's exchanges with a compiled gateway, end to end.
#include "lib/http/simulate.h"

#include "tests/http/http_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace igw::http {
namespace {

using testing::compile_yaml;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The seed guide's production gateway (with the gRPC server's protocol corrected to HTTPS, as
// Istio rejects TLS settings on a GRPC port) and its web and API VirtualServices, trimmed.
const char* kProduction = R"(apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: production-gateway, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: https-web, protocol: HTTPS}
    hosts: [app.example.com, www.example.com]
    tls: {mode: SIMPLE, credentialName: web-tls-cert}
  - port: {number: 443, name: https-api, protocol: HTTPS}
    hosts: [api.example.com]
    tls: {mode: SIMPLE, credentialName: api-tls-cert, minProtocolVersion: TLSV1_3}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: web-virtualservice, namespace: production}
spec:
  hosts: [app.example.com, www.example.com]
  gateways: [istio-system/production-gateway]
  http:
  - match: [{headers: {":authority": {exact: www.example.com}}}]
    redirect: {authority: app.example.com}
  - route: [{destination: {host: frontend-service, port: {number: 80}}}]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: api-virtualservice, namespace: production}
spec:
  hosts: [api.example.com]
  gateways: [istio-system/production-gateway]
  http:
  - match: [{uri: {prefix: /api/v1/}}]
    corsPolicy:
      allowOrigins: [{exact: "https://app.example.com"}]
      allowMethods: [GET, POST, PUT, DELETE]
      allowHeaders: [Authorization, Content-Type]
      exposeHeaders: [X-Request-ID]
      maxAge: "24h"
      allowCredentials: true
    route: [{destination: {host: api-service, port: {number: 8080}}}]
    headers: {response: {add: {X-API-Version: "1.0"}}}
  - match: [{uri: {prefix: /loop}}]
    redirect: {uri: /loop2}
  - match: [{uri: {prefix: /loop2}}]
    redirect: {uri: /loop}
)";

class Sim : public ::testing::Test {
 protected:
  void SetUp() override { compiled_ = compile_yaml(kProduction); }

  Simulation run(std::vector<std::string> args, SimOptions o = {}) {
    auto cmd = parse_curl_command(args, nullptr);
    EXPECT_TRUE(cmd.has_value()) << (cmd ? "" : cmd.error().message);
    cmd_ = *cmd;
    return simulate(*compiled_.table, cmd_, o);
  }

  testing::Compiled compiled_;
  CurlCommand cmd_;
};

TEST_F(Sim, FollowsWwwToAppOverHttps) {
  Simulation s = run({"curl", "-L", "http://www.example.com/"});
  ASSERT_EQ(s.exchanges.size(), 3u);
  EXPECT_EQ(s.exchanges[0].status, 301u);
  EXPECT_EQ(s.exchanges[0].response_headers.get("location"), "https://www.example.com/");
  EXPECT_EQ(s.exchanges[1].status, 301u);
  EXPECT_EQ(s.exchanges[1].response_headers.get("location"), "https://app.example.com/");
  EXPECT_EQ(s.exchanges[1].role, ExchangeRole::kRedirect);
  EXPECT_TRUE(s.exchanges[1].http2);
  EXPECT_EQ(s.exchanges[2].status, 200u);
  EXPECT_EQ(s.exchanges[2].source, ResponseSource::kUpstreamSimulated);
  ASSERT_TRUE(s.exchanges[2].plan.has_value());
  EXPECT_EQ(s.exchanges[2].plan->cluster,
            "outbound|80||frontend-service.production.svc.cluster.local");
  EXPECT_EQ(s.exit_code, 0);
}

TEST_F(Sim, WithoutLocationFlagStopsAtTheFirstRedirect) {
  Simulation s = run({"curl", "http://www.example.com/"});
  ASSERT_EQ(s.exchanges.size(), 1u);
  EXPECT_EQ(s.exchanges[0].status, 301u);
}

TEST_F(Sim, RedirectLoopIsReportedWithExit47) {
  Simulation s = run({"curl", "-L", "https://api.example.com/loop"});
  EXPECT_EQ(s.exit_code, 47);
  EXPECT_THAT(s.error, HasSubstr("Maximum (50) redirects followed"));
  ASSERT_FALSE(s.notes.empty());
  EXPECT_THAT(s.notes.back().message, HasSubstr("redirect loop: https://api.example.com/loop → "
                                                "https://api.example.com/loop2 → "
                                                "https://api.example.com/loop"));
}

TEST_F(Sim, MaxRedirsStopsEarlier) {
  Simulation s = run({"curl", "-L", "--max-redirs", "1", "http://www.example.com/"});
  EXPECT_EQ(s.exit_code, 47);
  EXPECT_EQ(s.error, "curl: (47) Maximum (1) redirects followed");
  EXPECT_EQ(s.exchanges.size(), 2u);
}

TEST_F(Sim, HttpsRedirectToAHostWithoutHttpsServer) {
  // *.example.com redirects on 80, but no TLS server takes shop.example.com on 443.
  Simulation s = run({"curl", "-L", "http://shop.example.com/"});
  EXPECT_EQ(s.exit_code, 35);
  ASSERT_EQ(s.exchanges.size(), 2u);
  EXPECT_EQ(s.exchanges[1].curl_error, 35);
  ASSERT_EQ(s.notes.size(), 2u);
  EXPECT_EQ(s.notes[0].rule, "R1.16");
  EXPECT_THAT(s.notes[0].message,
              HasSubstr("httpsRedirect leads nowhere: the HTTP server on port 80 redirects "
                        "shop.example.com to https://shop.example.com/, but no HTTPS server of "
                        "this gateway accepts shop.example.com on port 443"));
  EXPECT_THAT(s.notes.back().message, HasSubstr("ends here"));
}

TEST_F(Sim, RedirectThatFailsForAnotherReasonIsNotBlamedOnHttpsRedirect) {
  // www → app is a VirtualService redirect; the app's HTTPS server exists, so no R1.16 note
  // appears even when a later hop fails (here: --tls-max below the api server's TLS 1.3 is not
  // involved, so force a failure with a port nobody listens on).
  Simulation s =
      run({"curl", "-L", "--connect-to", "app.example.com:443:x:8443", "http://www.example.com/"});
  EXPECT_EQ(s.exit_code, 7);
  for (const auto& n : s.notes)
    EXPECT_NE(n.rule, "R1.16") << n.message;
}

TEST_F(Sim, ExitCodesForConnections) {
  EXPECT_EQ(run({"curl", "http://app.example.com:8080/"}).exit_code, 7);
  EXPECT_EQ(run({"curl", "https://unknown.other.org/"}).exit_code, 6);
  EXPECT_EQ(
      run({"curl", "--resolve", "unknown.other.org:443:1.2.3.4", "https://unknown.other.org/"})
          .exit_code,
      35);
  EXPECT_EQ(run({"curl", "--tls-max", "1.2", "https://api.example.com/api/v1/x"}).exit_code, 35);
  EXPECT_EQ(run({"curl", "https://api.example.com/api/v1/x"}).exit_code, 0);
}

TEST_F(Sim, InsecureFlagMarksVerificationSkipped) {
  auto says = [](const Exchange& ex, std::string_view text) {
    for (const auto& n : ex.notes) {
      if (n.message.find(text) != std::string::npos)
        return true;
    }
    return false;
  };
  Simulation k = run({"curl", "-k", "https://app.example.com/"});
  ASSERT_EQ(k.exchanges.size(), 1u);
  EXPECT_TRUE(says(k.exchanges[0], "curl -k: the server certificate is not verified"));
  Simulation v = run({"curl", "https://app.example.com/"});
  ASSERT_EQ(v.exchanges.size(), 1u);
  EXPECT_TRUE(says(v.exchanges[0], "curl would verify the server certificate"));
  // Plain HTTP: nothing to verify.
  Simulation h = run({"curl", "-k", "http://app.example.com/"});
  EXPECT_FALSE(says(h.exchanges[0], "certificate"));
}

TEST_F(Sim, FailFlagGives22) {
  Simulation s = run({"curl", "-f", "https://api.example.com/nothing"});
  EXPECT_EQ(s.exit_code, 22);
  EXPECT_EQ(s.error, "curl: (22) The requested URL returned error: 404");
}

TEST_F(Sim, SimulatedUpstreamGetsGatewayEdits) {
  SimOptions o;
  o.upstream_status = 201;
  o.upstream_headers = Headers{{"X-Request-ID", "abc"}, {"Server", "gunicorn"}};
  Simulation s = run(
      {"curl", "-H", "Origin: https://app.example.com", "https://api.example.com/api/v1/users"}, o);
  ASSERT_EQ(s.exchanges.size(), 1u);
  const Exchange& ex = s.exchanges[0];
  EXPECT_EQ(ex.status, 201u);
  EXPECT_EQ(ex.response_headers.get("server"), "istio-envoy");
  EXPECT_EQ(ex.response_headers.get("x-api-version"), "1.0");
  EXPECT_EQ(ex.response_headers.get("access-control-allow-origin"), "https://app.example.com");
  EXPECT_EQ(ex.response_headers.get("access-control-expose-headers"), "X-Request-ID");
}

TEST_F(Sim, DisallowedOriginDoesNotStopCurl) {
  Simulation s = run(
      {"curl", "-H", "Origin: https://evil.example.net", "https://api.example.com/api/v1/users"});
  EXPECT_EQ(s.exit_code, 0);
  ASSERT_EQ(s.exchanges.size(), 1u);
  EXPECT_EQ(s.exchanges[0].status, 200u);
  EXPECT_FALSE(s.exchanges[0].response_headers.has("access-control-allow-origin"));
  ASSERT_FALSE(s.notes.empty());
  EXPECT_THAT(s.notes.back().message, HasSubstr("istio/istio#23757"));
  // An allowed origin gets no such note.
  Simulation ok = run(
      {"curl", "-H", "Origin: https://app.example.com", "https://api.example.com/api/v1/users"});
  EXPECT_TRUE(ok.notes.empty());
}

TEST_F(Sim, BrowserPreflightThenActualAllowed) {
  SimOptions o;
  o.browser = true;
  o.origin = "https://app.example.com";
  o.upstream_headers = Headers{{"x-request-id", "abc"}, {"x-internal", "1"}};
  Simulation s = run({"curl", "-X", "PUT", "-H", "Content-Type: application/json", "-b", "sid=1",
                      "https://api.example.com/api/v1/users"},
                     o);
  ASSERT_TRUE(s.browser.has_value());
  EXPECT_TRUE(s.browser->allowed) << s.browser->reason;
  EXPECT_EQ(s.browser->credentials, CredentialsMode::kInclude);
  ASSERT_EQ(s.exchanges.size(), 2u);
  EXPECT_EQ(s.exchanges[0].role, ExchangeRole::kPreflight);
  EXPECT_EQ(s.exchanges[0].request.headers.get("access-control-request-headers"), "content-type");
  EXPECT_FALSE(s.exchanges[0].request.headers.has("cookie"));
  EXPECT_EQ(s.exchanges[1].request.headers.get("cookie"), "sid=1");
  EXPECT_THAT(s.browser->readable_headers, ElementsAre("x-request-id", "content-length"));
}

TEST_F(Sim, BrowserBlockedByMethodAndByOrigin) {
  SimOptions o;
  o.browser = true;
  o.origin = "https://app.example.com";
  Simulation patch = run({"curl", "-X", "PATCH", "https://api.example.com/api/v1/users"}, o);
  ASSERT_TRUE(patch.browser.has_value());
  EXPECT_FALSE(patch.browser->allowed);
  EXPECT_EQ(patch.browser->reason,
            "Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response.");
  EXPECT_EQ(patch.exit_code, 1);

  o.origin = "https://evil.example.net";
  Simulation evil = run({"curl", "https://api.example.com/api/v1/users"}, o);
  ASSERT_TRUE(evil.browser.has_value());
  EXPECT_FALSE(evil.browser->allowed);
  EXPECT_THAT(evil.browser->reason, HasSubstr("No 'Access-Control-Allow-Origin' header"));
  EXPECT_THAT(evil.browser->console_message,
              HasSubstr("Access to fetch at 'https://api.example.com/api/v1/users' from origin "
                        "'https://evil.example.net' has been blocked by CORS policy"));
}

TEST_F(Sim, BrowserCookiesWithoutCredentialsFlagStillInclude) {
  SimOptions o;
  o.browser = true;
  o.origin = "https://app.example.com";
  o.credentials = CredentialsMode::kOmit;
  Simulation s = run({"curl", "-b", "sid=1", "https://api.example.com/api/v1/users"}, o);
  ASSERT_TRUE(s.browser.has_value());
  EXPECT_TRUE(s.browser->allowed);
  EXPECT_FALSE(s.exchanges.back().request.headers.has("cookie"));
}

TEST_F(Sim, BrowserMixedContent) {
  SimOptions o;
  o.browser = true;
  o.origin = "https://app.example.com";
  Simulation s = run({"curl", "http://api.example.com/api/v1/users"}, o);
  ASSERT_TRUE(s.browser.has_value());
  EXPECT_FALSE(s.browser->allowed);
  EXPECT_FALSE(s.browser->cors_blocked);
  EXPECT_THAT(s.browser->reason, HasSubstr("Mixed Content"));
  EXPECT_TRUE(s.exchanges.empty());
}

TEST_F(Sim, BrowserSameOriginNeedsNoCors) {
  SimOptions o;
  o.browser = true;
  o.origin = "https://app.example.com";
  Simulation s = run({"curl", "-X", "DELETE", "https://app.example.com/x"}, o);
  ASSERT_TRUE(s.browser.has_value());
  EXPECT_TRUE(s.browser->allowed);
  ASSERT_EQ(s.exchanges.size(), 1u);  // no preflight
}

TEST_F(Sim, BrowserDefaultHeadersAndCurlDefaultsNeverPreflight) {
  // "Copy as cURL" of a simple GET carries User-Agent, Accept and Accept-Language: still simple.
  SimOptions o;
  o.browser = true;
  o.origin = "https://app.example.com";
  Simulation s = run({"curl", "-H", "User-Agent: Mozilla/5.0", "-H", "Accept: */*", "-H",
                      "Accept-Language: en", "https://api.example.com/api/v1/users"},
                     o);
  ASSERT_TRUE(s.browser.has_value());
  EXPECT_TRUE(s.browser->allowed) << s.browser->reason;
  ASSERT_EQ(s.exchanges.size(), 1u);
  EXPECT_EQ(s.exchanges[0].role, ExchangeRole::kRequest);
  EXPECT_EQ(s.browser->credentials, CredentialsMode::kSameOrigin);
}

TEST_F(Sim, BrowserCredentialsFromUserAndCookieHeader) {
  SimOptions o;
  o.browser = true;
  o.origin = "https://app.example.com";
  Simulation u = run({"curl", "-u", "a:b", "https://api.example.com/api/v1/users"}, o);
  ASSERT_TRUE(u.browser.has_value());
  EXPECT_EQ(u.browser->credentials, CredentialsMode::kInclude);
  EXPECT_TRUE(u.exchanges.back().request.headers.has("authorization"));
  Simulation c = run({"curl", "-H", "Cookie: sid=1", "https://api.example.com/api/v1/users"}, o);
  ASSERT_TRUE(c.browser.has_value());
  EXPECT_EQ(c.browser->credentials, CredentialsMode::kInclude);
  // A Cookie header is the browser's, never the page's: no preflight for it.
  EXPECT_EQ(c.exchanges.size(), 1u);
}

TEST_F(Sim, R5_10_PreflightLandingElsewhereIsExplained) {
  SimOptions o;
  o.browser = true;
  o.origin = "https://app.example.com";
  // No rule matches OPTIONS /nothing: 404 and a plain explanation.
  Simulation miss = run({"curl", "-X", "PUT", "https://api.example.com/nothing"}, o);
  ASSERT_FALSE(miss.exchanges.empty());
  EXPECT_EQ(miss.exchanges[0].role, ExchangeRole::kPreflight);
  bool said = false;
  for (const auto& n : miss.exchanges[0].notes)
    said |=
        n.rule == "R5.10" && n.message.find("no rule matches this preflight") != std::string::npos;
  EXPECT_TRUE(said);
  // The preflight lands on a rule without corsPolicy.
  Simulation other = run({"curl", "-X", "PUT", "https://api.example.com/loop"}, o);
  ASSERT_FALSE(other.exchanges.empty());
  said = false;
  for (const auto& n : other.exchanges[0].notes)
    said |= n.rule == "R5.10" &&
            n.message.find("http[1], which has no corsPolicy") != std::string::npos;
  EXPECT_TRUE(said);
  // A preflight answered by the rule's own corsPolicy gets no such note.
  Simulation ok = run({"curl", "-X", "PUT", "https://api.example.com/api/v1/users"}, o);
  for (const auto& n : ok.exchanges[0].notes)
    EXPECT_NE(n.rule, "R5.10") << n.message;
}

TEST_F(Sim, R5_10_HandMadePreflightLandingElsewhereIsExplained) {
  // istio/istio#15351: a preflight sent with curl to a path whose rule has no corsPolicy.
  Simulation s =
      run({"curl", "-X", "OPTIONS", "https://api.example.com/loop", "-H",
           "Origin: https://app.example.com", "-H", "Access-Control-Request-Method: PUT"});
  ASSERT_EQ(s.exchanges.size(), 1u);
  bool said = false;
  for (const auto& n : s.exchanges[0].notes)
    said |= n.rule == "R5.10";
  EXPECT_TRUE(said);
  // Without Access-Control-Request-Method it is not a preflight: no note.
  Simulation plain = run({"curl", "-X", "OPTIONS", "https://api.example.com/loop", "-H",
                          "Origin: https://app.example.com"});
  for (const auto& n : plain.exchanges[0].notes)
    EXPECT_NE(n.rule, "R5.10") << n.message;
}

TEST_F(Sim, BrowserRedirectWithoutCorsHeadersIsBlocked) {
  SimOptions o;
  o.browser = true;
  o.origin = "https://app.example.com";
  Simulation s = run({"curl", "https://api.example.com/loop"}, o);
  ASSERT_TRUE(s.browser.has_value());
  EXPECT_FALSE(s.browser->allowed);
  EXPECT_THAT(s.browser->reason, HasSubstr("No 'Access-Control-Allow-Origin'"));
}

TEST_F(Sim, GatewayHostsDecideResolution) {
  EXPECT_TRUE(gateway_serves_host(*compiled_.table, "anything.example.com"));
  EXPECT_TRUE(gateway_serves_host(*compiled_.table, "API.example.com"));
  EXPECT_FALSE(gateway_serves_host(*compiled_.table, "example.com"));
}

}  // namespace
}  // namespace igw::http
