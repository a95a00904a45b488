// igw serve end to end, plain HTTP: routing by host/path/header, rewrites, header edits,
// redirects and httpsRedirect, direct responses, CORS, 404 NR, the echo upstream, the access log,
// the admin endpoints, and the HTTP/1.1 codec's refusals on a raw socket.
#include "tests/e2e/e2e_util.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace igw::e2e {
namespace {

constexpr const char* kRoutingConfig = R"(
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["app.example.com", "api.example.com"]
  - port: {number: 80, name: http-redirect, protocol: HTTP}
    hosts: ["secure.example.com"]
    tls: {httpsRedirect: true}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: app, namespace: web}
spec:
  hosts: ["app.example.com"]
  gateways: ["istio-system/gw"]
  http:
  - name: canary
    match: [{headers: {x-canary: {exact: "true"}}}]
    route: [{destination: {host: canary.web.svc.cluster.local, port: {number: 80}}}]
  - name: old
    match: [{uri: {prefix: /old}}]
    redirect: {uri: /new, redirectCode: 302}
  - name: static
    match: [{uri: {prefix: /static/}}]
    rewrite: {uri: /}
    route: [{destination: {host: static.web.svc.cluster.local, port: {number: 80}}}]
  - name: default
    headers:
      request:
        set: {x-gw: igw}
        remove: [x-secret]
      response:
        set: {x-frame-options: DENY}
        remove: [x-upstream]
    route: [{destination: {host: web.web.svc.cluster.local, port: {number: 80}}}]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: api, namespace: web}
spec:
  hosts: ["api.example.com"]
  gateways: ["istio-system/gw"]
  http:
  - name: v1
    match: [{uri: {prefix: /v1}}]
    corsPolicy:
      allowOrigins: [{exact: "https://app.example.com"}]
      allowMethods: [GET, POST]
      allowHeaders: [authorization, content-type]
      exposeHeaders: [x-total]
      maxAge: 24h
      allowCredentials: true
    route: [{destination: {host: api.web.svc.cluster.local, port: {number: 80}}}]
  - name: teapot
    match: [{uri: {exact: /teapot}}]
    directResponse: {status: 418, body: {string: "short and stout"}}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: secure, namespace: web}
spec:
  hosts: ["secure.example.com"]
  gateways: ["istio-system/gw"]
  http:
  - route: [{destination: {host: web.web.svc.cluster.local, port: {number: 80}}}]
)";

// Raw bytes to a port; whatever comes back until the server closes (or 5 s).
std::string raw_exchange(uint16_t port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    ::close(fd);
    return "<connect failed>";
  }
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string out;
  char buf[8192];
  while (true) {
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0)
      break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

class Routing : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_ = new State;
    State& s = *s_;
    s.start(kRoutingConfig, {"web.web.svc.cluster.local=" + s.web.address(),
                             "canary.web.svc.cluster.local=" + s.canary.address(),
                             "static.web.svc.cluster.local=" + s.stat.address(),
                             "api.web.svc.cluster.local=" + s.api.address()});
  }
  static void TearDownTestSuite() {
    delete s_;
    s_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(s_->serve->ready()) << s_->serve->stderr_text(); }

  // curl to http://<host><path> through the gateway.
  static HttpResult get(const std::string& host, const std::string& path,
                        std::vector<std::string> extra = {}) {
    return s_->get(path, std::move(extra), host);
  }
  static nlohmann::json body(const HttpResult& r) {
    return nlohmann::json::parse(r.body, nullptr, false);
  }

  struct State : GatewayUnderTest {
    ~State() { stop(); }
    Upstream web{"web"}, canary{"canary"}, stat{"static"}, api{"api"};
  };
  static State* s_;
};
Routing::State* Routing::s_ = nullptr;

TEST_F(Routing, HostPathAndHeaderPickTheUpstream) {
  HttpResult web = get("app.example.com", "/index.html?x=1");
  ASSERT_EQ(web.status, 200) << web.raw_err;
  EXPECT_EQ(body(web)["name"], "web");
  EXPECT_EQ(body(web)["path"], "/index.html?x=1");
  HttpResult canary = get("app.example.com", "/", {"-H", "x-canary: true"});
  EXPECT_EQ(body(canary)["name"], "canary");
  HttpResult stat = get("app.example.com", "/static/logo.png");
  EXPECT_EQ(body(stat)["name"], "static");
  EXPECT_EQ(body(stat)["path"], "/logo.png");  // rewrite.uri replaced the matched prefix
  HttpResult api = get("api.example.com", "/v1/users");
  EXPECT_EQ(body(api)["name"], "api");
}

TEST_F(Routing, RequestAndResponseHeaderEdits) {
  HttpResult r = get("app.example.com", "/", {"-H", "x-secret: s3cret", "-H", "x-keep: yes"});
  ASSERT_EQ(r.status, 200);
  auto h = body(r)["headers"];
  EXPECT_EQ(h["x-gw"], "igw");
  EXPECT_FALSE(h.contains("x-secret"));
  EXPECT_EQ(h["x-keep"], "yes");
  EXPECT_EQ(h["x-forwarded-proto"], "http");
  EXPECT_TRUE(h.contains("x-request-id"));
  EXPECT_EQ(h["x-envoy-attempt-count"], "1");
  EXPECT_EQ(h["host"], "app.example.com");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");
  EXPECT_FALSE(r.has("x-upstream"));
  EXPECT_EQ(r.header("server"), "istio-envoy");
  EXPECT_TRUE(r.has("x-envoy-upstream-service-time"));
}

TEST_F(Routing, RedirectKeepsTheQuery) {
  HttpResult r = get("app.example.com", "/old/page?q=1");
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.header("location"), "http://app.example.com/new?q=1");
}

TEST_F(Routing, HttpsRedirectSendsTheHostAndPathToHttps) {
  HttpResult r = get("secure.example.com", "/login?next=/home");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.header("location"), "https://secure.example.com/login?next=/home");
}

TEST_F(Routing, CorsPreflightIsAnsweredByTheGateway) {
  int before = s_->api.hits();
  HttpResult r = get("api.example.com", "/v1/users",
                     {"-X", "OPTIONS", "-H", "Origin: https://app.example.com", "-H",
                      "Access-Control-Request-Method: POST"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("access-control-allow-origin"), "https://app.example.com");
  EXPECT_EQ(r.header("access-control-allow-methods"), "GET,POST");
  EXPECT_EQ(r.header("access-control-allow-headers"), "authorization,content-type");
  EXPECT_EQ(r.header("access-control-max-age"), "86400");
  EXPECT_EQ(r.header("access-control-allow-credentials"), "true");
  EXPECT_EQ(s_->api.hits(), before);  // not forwarded
}

TEST_F(Routing, CorsHeadersOnActualResponsesOnlyForAllowedOrigins) {
  HttpResult ok = get("api.example.com", "/v1/users", {"-H", "Origin: https://app.example.com"});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.header("access-control-allow-origin"), "https://app.example.com");
  EXPECT_EQ(ok.header("access-control-allow-credentials"), "true");
  EXPECT_EQ(ok.header("access-control-expose-headers"), "x-total");
  HttpResult other = get("api.example.com", "/v1/users", {"-H", "Origin: https://evil.example"});
  EXPECT_EQ(other.status, 200);
  EXPECT_FALSE(other.has("access-control-allow-origin"));
}

TEST_F(Routing, DirectResponseAndNotFound) {
  HttpResult tea = get("api.example.com", "/teapot");
  EXPECT_EQ(tea.status, 418);
  EXPECT_EQ(tea.body, "short and stout");
  EXPECT_EQ(tea.header("content-type"), "text/plain");
  HttpResult nr = get("unknown.example.com", "/");
  EXPECT_EQ(nr.status, 404);
  HttpResult nr2 = get("api.example.com", "/v2/nothing");
  EXPECT_EQ(nr2.status, 404);
}

TEST_F(Routing, AccessLogHasIstiosDefaultFormat) {
  HttpResult r = get("app.example.com", "/logged?a=b", {"-A", "e2e-agent/1"});
  ASSERT_EQ(r.status, 200);
  HttpResult nr = get("nobody.example.com", "/missing", {"-A", "e2e-agent/1"});
  ASSERT_EQ(nr.status, 404);
  // Each worker buffers its own lines (flushed every sweep): wait for both requests' lines.
  ASSERT_TRUE(wait_until(
      [] {
        std::string log = s_->serve->access_log();
        return log.find("/missing") != std::string::npos &&
               log.find("/logged?a=b") != std::string::npos;
      },
      5s));
  std::string log = s_->serve->access_log();
  // [time] "GET /logged?a=b HTTP/1.1" 200 - via_upstream - "-" 0 <bytes> <ms> <ms> "<xff>"
  // "e2e-agent/1" "<id>" "app.example.com" "127.0.0.1:<port>" outbound|80||web.web… …
  EXPECT_NE(log.find("\"GET /logged?a=b HTTP/1.1\" 200 - via_upstream - \"-\" 0 "),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("\"e2e-agent/1\""), std::string::npos);
  EXPECT_NE(log.find("\"app.example.com\" \"" + s_->web.address() +
                     "\" outbound|80||web.web.svc.cluster.local "),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("\"GET /missing HTTP/1.1\" 404 NR route_not_found"), std::string::npos) << log;
}

TEST_F(Routing, AdminEndpoints) {
  HttpResult ready = s_->serve->admin("/ready");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(s_->serve->admin("/healthz/ready").status, 200);
  get("app.example.com", "/metrics-probe");
  HttpResult prom = s_->serve->admin("/stats/prometheus");
  ASSERT_EQ(prom.status, 200);
  EXPECT_NE(prom.body.find("istio_requests_total{reporter=\"source\""), std::string::npos);
  EXPECT_NE(prom.body.find("destination_service=\"web.web.svc.cluster.local\""), std::string::npos);
  EXPECT_NE(prom.body.find("istio_request_duration_milliseconds_bucket"), std::string::npos);
  EXPECT_NE(prom.body.find("igw_downstream_connections_total"), std::string::npos);
  HttpResult dump = s_->serve->admin("/config_dump");
  ASSERT_EQ(dump.status, 200);
  auto doc = nlohmann::json::parse(dump.body, nullptr, false);
  ASSERT_TRUE(doc.is_object());
  EXPECT_TRUE(doc.contains("listeners"));
  EXPECT_TRUE(doc.contains("routeConfigs"));
  EXPECT_EQ(s_->serve->admin("/quitquitquit").status, 400);  // POST only
}

TEST_F(Routing, AdminLoggingChangesTheLogLevel) {
  EXPECT_EQ(s_->serve->admin("/logging?level=debug").status, 400);  // POST only
  HttpResult bad = s_->serve->admin("/logging?level=loud", "POST");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("unknown level \"loud\""), std::string::npos) << bad.body;
  HttpResult set = s_->serve->admin("/logging?level=error", "POST");
  ASSERT_EQ(set.status, 200);
  EXPECT_NE(set.body.find("igw: error"), std::string::npos) << set.body;
  EXPECT_TRUE(s_->serve->wait_for_log("POST /logging: log level now error", 5s));
  HttpResult list = s_->serve->admin("/logging", "POST");
  EXPECT_NE(list.body.find("igw: error"), std::string::npos) << list.body;
  HttpResult back = s_->serve->admin("/logging?level=info", "POST");
  EXPECT_NE(back.body.find("igw: info"), std::string::npos) << back.body;
}

TEST_F(Routing, CodecRefusals) {
  uint16_t p = s_->port;
  auto status_of = [](const std::string& reply) { return reply.substr(0, 12); };
  EXPECT_EQ(status_of(raw_exchange(p,
                                   "POST / HTTP/1.1\r\nHost: app.example.com\r\nContent-Length: "
                                   "5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")),
            "HTTP/1.1 400");
  EXPECT_EQ(status_of(raw_exchange(p,
                                   "GET / HTTP/1.1\r\nHost: app.example.com\r\nContent-Length: "
                                   "1\r\nContent-Length: 2\r\n\r\nab")),
            "HTTP/1.1 400");
  EXPECT_EQ(status_of(raw_exchange(p,
                                   "GET / HTTP/1.1\r\nHost: app.example.com\r\nX-Fold: a\r\n "
                                   "b\r\n\r\n")),
            "HTTP/1.1 400");
  EXPECT_EQ(
      status_of(raw_exchange(p, "GET / HTTP/1.1\r\nHost: app.example.com\r\nX: a\rb\r\n\r\n")),
      "HTTP/1.1 400");
  std::string many = "GET / HTTP/1.1\r\nHost: app.example.com\r\n";
  for (int i = 0; i < 150; ++i)
    many += fmt::format("X-H{}: v\r\n", i);
  EXPECT_EQ(status_of(raw_exchange(p, many + "\r\n")), "HTTP/1.1 431");
  EXPECT_EQ(status_of(raw_exchange(p, "GET / HTTP/1.1\r\nHost: app.example.com\r\nX-Big: " +
                                          std::string(70 * 1024, 'a') + "\r\n\r\n")),
            "HTTP/1.1 431");
  EXPECT_EQ(status_of(raw_exchange(p, "GET /" + std::string(20000, 'a') +
                                          " HTTP/1.1\r\nHost: app.example.com\r\n\r\n")),
            "HTTP/1.1 414");
  EXPECT_EQ(status_of(raw_exchange(p,
                                   "POST / HTTP/1.1\r\nHost: app.example.com\r\nTransfer-"
                                   "Encoding: gzip\r\n\r\n")),
            "HTTP/1.1 501");
  std::string reply = raw_exchange(p, "GET / HTTP/1.0\r\nHost: app.example.com\r\n\r\n");
  EXPECT_EQ(status_of(reply), "HTTP/1.1 426");
  // Refusals close the connection.
  EXPECT_NE(
      raw_exchange(p, "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n").find("connection: close"),
      std::string::npos);
}

TEST_F(Routing, RefusalsCloseTheConnectionAndForwardNothing) {
  // Each malformed request is followed on the same connection by a valid one: the gateway must
  // answer 400 (501 for an unknown coding) with connection: close, close at once, never read the
  // second request, and send nothing upstream (reference/ECOSYSTEM.md §6.1: no two parsers may read
  // the stream differently).
  const std::string next = "GET /smuggled HTTP/1.1\r\nHost: app.example.com\r\n\r\n";
  struct Case {
    std::string name, bytes, status;
  };
  const std::vector<Case> cases = {
      {"CL+TE",
       "POST / HTTP/1.1\r\nHost: app.example.com\r\nContent-Length: 4\r\n"
       "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
       "400"},
      {"TE+CL",
       "POST / HTTP/1.1\r\nHost: app.example.com\r\nTransfer-Encoding: chunked\r\n"
       "Content-Length: 4\r\n\r\n0\r\n\r\n",
       "400"},
      {"differing CL",
       "POST / HTTP/1.1\r\nHost: app.example.com\r\nContent-Length: 1\r\n"
       "Content-Length: 2\r\n\r\nab",
       "400"},
      {"CL list", "POST / HTTP/1.1\r\nHost: app.example.com\r\nContent-Length: 1, 2\r\n\r\nab",
       "400"},
      {"obs-fold", "GET / HTTP/1.1\r\nHost: app.example.com\r\nX-Fold: a\r\n\tb\r\n\r\n", "400"},
      {"bare CR", "GET / HTTP/1.1\r\nHost: app.example.com\r\nX-CR: a\rb\r\n\r\n", "400"},
      // A coding Envoy does not implement: 501, as Envoy's codec answers (RFC 9112 §6.1).
      {"chunked not last",
       "POST / HTTP/1.1\r\nHost: app.example.com\r\nTransfer-Encoding: "
       "chunked, identity\r\n\r\n0\r\n\r\n",
       "501"},
  };
  int before = s_->web.hits();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto start = std::chrono::steady_clock::now();
    std::string reply = raw_exchange(s_->port, c.bytes + next);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 4s) << "the connection stayed open";
    EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 " + c.status) << reply;
    EXPECT_NE(reply.find("connection: close"), std::string::npos) << reply;
    EXPECT_EQ(reply.find("HTTP/1.1", 1), std::string::npos) << "a second response: " << reply;
  }
  EXPECT_EQ(s_->web.hits(), before);
}

TEST_F(Routing, PipelinedRequestsOnOneConnection) {
  std::string reply =
      raw_exchange(s_->port,
                   "GET /one HTTP/1.1\r\nHost: app.example.com\r\n\r\nGET /two HTTP/1.1\r\nHost: "
                   "app.example.com\r\nConnection: close\r\n\r\n");
  size_t first = reply.find("\"path\":\"/one\"");
  size_t second = reply.find("\"path\":\"/two\"");
  EXPECT_NE(first, std::string::npos) << reply;
  EXPECT_NE(second, std::string::npos) << reply;
  EXPECT_LT(first, second);
}

TEST(EchoUpstreams, DestinationsWithoutEndpointsAreEchoed) {
  GatewayUnderTest g;
  g.start(kRoutingConfig, {}, {"--echo-upstreams"});
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  HttpResult r = g.get("/static/img.png?s=1", {"-H", "x-multi: a", "-H", "x-multi: b"});
  ASSERT_EQ(r.status, 200) << r.raw_err;
  EXPECT_EQ(r.header("content-type"), "application/json");
  auto doc = nlohmann::json::parse(r.body, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << r.body;
  EXPECT_EQ(doc["cluster"], "outbound|80||static.web.svc.cluster.local");
  EXPECT_EQ(doc["method"], "GET");
  EXPECT_EQ(doc["path"], "/img.png?s=1");
  EXPECT_EQ(doc["authority"], "app.example.com");
  EXPECT_EQ(doc["headers"]["x-multi"], "a, b");
  EXPECT_EQ(doc["headers"]["x-forwarded-proto"], "http");
}

TEST(NoHealthyUpstream, WithoutEndpointsOrEchoItIs503UH) {
  GatewayUnderTest g;
  g.start(kRoutingConfig, {});
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  HttpResult r = g.get("/");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, "no healthy upstream");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");  // the route's response headers apply
  ASSERT_TRUE(g.serve->wait_for_access_lines(1, 5s));
  EXPECT_NE(g.serve->access_log().find(" 503 UH no_healthy_upstream "), std::string::npos)
      << g.serve->access_log();
}

}  // namespace
}  // namespace igw::e2e
