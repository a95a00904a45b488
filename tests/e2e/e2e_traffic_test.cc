// igw serve end to end, traffic policies: fault abort and delay (R4.11), mirrors (R4.12),
// weighted splits, per-try timeouts with retries (R4.10) and `Expect: 100-continue`, driven by
// curl, cpp-httplib clients and raw sockets against scripted upstreams.
#include "tests/e2e/e2e_traffic_util.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cmath>

namespace igw::e2e {
namespace {

// The `http:` rules of app_gateway_config().
constexpr const char* kTrafficRules = R"(
  - name: abort
    match: [{uri: {prefix: /abort}}]
    fault: {abort: {httpStatus: 418, percentage: {value: 100}}}
    route: [{destination: {host: a.web.svc.cluster.local, port: {number: 80}}}]
  - name: delay
    match: [{uri: {prefix: /delay}}]
    fault: {delay: {fixedDelay: 300ms, percentage: {value: 100}}}
    route: [{destination: {host: a.web.svc.cluster.local, port: {number: 80}}}]
  - name: never
    match: [{uri: {prefix: /never}}]
    fault:
      abort: {httpStatus: 500, percentage: {value: 0}}
      delay: {fixedDelay: 3s, percentage: {value: 0}}
    route: [{destination: {host: a.web.svc.cluster.local, port: {number: 80}}}]
  - name: mirrored
    match: [{uri: {prefix: /mirror}}]
    route: [{destination: {host: a.web.svc.cluster.local, port: {number: 80}}}]
    mirror: {host: shadow.web.svc.cluster.local, port: {number: 80}}
    mirrorPercentage: {value: 100}
  - name: mirror-dead
    match: [{uri: {prefix: /deadmirror}}]
    route: [{destination: {host: a.web.svc.cluster.local, port: {number: 80}}}]
    mirror: {host: dead.web.svc.cluster.local, port: {number: 80}}
  - name: mirror-off
    match: [{uri: {prefix: /nomirror}}]
    route: [{destination: {host: a.web.svc.cluster.local, port: {number: 80}}}]
    mirror: {host: shadow.web.svc.cluster.local, port: {number: 80}}
    mirrorPercentage: {value: 0}
  - name: split
    match: [{uri: {prefix: /split}}]
    route:
    - {destination: {host: sa.web.svc.cluster.local, port: {number: 80}}, weight: 75}
    - {destination: {host: sb.web.svc.cluster.local, port: {number: 80}}, weight: 25}
  - name: all-a
    match: [{uri: {prefix: /alla}}]
    route:
    - {destination: {host: sa.web.svc.cluster.local, port: {number: 80}}, weight: 100}
    - {destination: {host: sb.web.svc.cluster.local, port: {number: 80}}, weight: 0}
  - name: pertry-retried
    match: [{uri: {prefix: /pertry/}}]
    timeout: 5s
    retries: {attempts: 2, perTryTimeout: 200ms, retryOn: 5xx}
    route: [{destination: {host: slow.web.svc.cluster.local, port: {number: 80}}}]
  - name: pertry-default-retry-on
    match: [{uri: {prefix: /pertryonce}}]
    timeout: 5s
    retries: {attempts: 2, perTryTimeout: 200ms}
    route: [{destination: {host: slow.web.svc.cluster.local, port: {number: 80}}}]
  - name: pertry-mixed
    match: [{uri: {prefix: /mixed}}]
    timeout: 5s
    retries: {attempts: 2, perTryTimeout: 300ms, retryOn: 5xx}
    route: [{destination: {host: mixed.web.svc.cluster.local, port: {number: 80}}}]
  - name: denied
    match: [{uri: {prefix: /denied}}]
    directResponse: {status: 403, body: {string: "denied"}}
  - name: upload
    route: [{destination: {host: a.web.svc.cluster.local, port: {number: 80}}}]
)";

class Traffic : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_ = new State;
    State& s = *s_;
    std::string refusing = fmt::format("127.0.0.1:{}", free_port());  // nothing listens
    s.start(
        app_gateway_config(kTrafficRules),
        {"a.web.svc.cluster.local=" + s.a.address(),
         "sa.web.svc.cluster.local=" + s.split_a.address(),
         "sb.web.svc.cluster.local=" + s.split_b.address(),
         "shadow.web.svc.cluster.local=" + s.shadow.address(),
         "dead.web.svc.cluster.local=" + refusing, "slow.web.svc.cluster.local=" + s.slow.address(),
         "mixed.web.svc.cluster.local=" + s.slow.address(),
         "mixed.web.svc.cluster.local=" + s.fast.address()});
  }
  static void TearDownTestSuite() {
    delete s_;
    s_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(s_->serve->ready()) << s_->serve->stderr_text(); }

  static HttpResult get(const std::string& path, std::vector<std::string> extra = {}) {
    return s_->get(path, std::move(extra));
  }
  static std::string line(const std::string& path, const std::string& method = "GET") {
    return access_line(*s_->serve, method, path);
  }

  // What the shadow upstream saw: Host, method and body of each mirrored request, by path.
  struct Seen {
    std::string host, method, body;
  };
  struct State : GatewayUnderTest {
    ~State() { stop(); }
    Upstream a{"a"}, fast{"fast"};
    std::mutex mu;
    std::map<std::string, Seen> shadow_seen;
    ScriptedUpstream shadow{[this](const httplib::Request& req, httplib::Response& res) {
      if (req.path.find("slow") != std::string::npos)
        std::this_thread::sleep_for(2s);
      {
        std::lock_guard<std::mutex> l(mu);
        shadow_seen[req.path] = {req.get_header_value("Host"), req.method, req.body};
      }
      res.status = req.path.find("fail") != std::string::npos ? 500 : 200;
      res.set_content("shadow", "text/plain");
    }};
    // The two sides of the weighted split.
    ScriptedUpstream split_a{[](const httplib::Request&, httplib::Response& res) {
      res.set_header("x-upstream", "a");
      res.set_content("a", "text/plain");
    }};
    ScriptedUpstream split_b{[](const httplib::Request&, httplib::Response& res) {
      res.set_header("x-upstream", "b");
      res.set_content("b", "text/plain");
    }};
    // Every answer takes 800 ms, far beyond the per-try timeouts.
    ScriptedUpstream slow{[](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(800ms);
      res.set_header("x-upstream", "slow");
      res.set_content("slow", "text/plain");
    }};
  };
  static std::optional<Seen> shadow_seen(const std::string& path) {
    std::lock_guard<std::mutex> l(s_->mu);
    auto it = s_->shadow_seen.find(path);
    if (it == s_->shadow_seen.end())
      return std::nullopt;
    return it->second;
  }
  static State* s_;
};
Traffic::State* Traffic::s_ = nullptr;

// --- fault injection (R4.11) -----------------------------------------------------------------

TEST_F(Traffic, FaultAbortAnswersWithoutTheUpstream) {
  int before = s_->a.hits();
  HttpResult r = get("/abort/x");
  EXPECT_EQ(r.status, 418);
  EXPECT_EQ(r.body, "fault filter abort");  // the fault filter's local reply body
  EXPECT_EQ(r.header("server"), "istio-envoy");
  EXPECT_EQ(s_->a.hits(), before);
  std::string l = line("/abort/x");
  EXPECT_NE(l.find(" 418 FI fault_filter_abort "), std::string::npos) << l;
}

TEST_F(Traffic, FaultDelayHoldsTheRequest) {
  auto start = std::chrono::steady_clock::now();
  HttpResult r = get("/delay/x");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status, 200) << r.raw_err;
  EXPECT_EQ(r.header("x-upstream"), "a");
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 3s);
  std::string l = line("/delay/x");
  EXPECT_NE(l.find(" 200 DI via_upstream "), std::string::npos) << l;
}

TEST_F(Traffic, FaultAtZeroPercentNeverFires) {
  for (int i = 0; i < 5; ++i) {
    auto start = std::chrono::steady_clock::now();
    HttpResult r = get(fmt::format("/never/{}", i));
    EXPECT_EQ(r.status, 200) << r.raw_err;
    EXPECT_EQ(r.header("x-upstream"), "a");
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);  // the 3 s delay never applied
    std::string l = line(fmt::format("/never/{}", i));
    EXPECT_NE(l.find(" 200 - via_upstream "), std::string::npos) << l;
  }
}

// --- mirrors (R4.12) -------------------------------------------------------------------------

TEST_F(Traffic, MirrorSendsACopyWithTheShadowAuthority) {
  HttpResult r = get("/mirror/post", {"--data-binary", "hello-mirror"});
  ASSERT_EQ(r.status, 200) << r.raw_err;
  EXPECT_EQ(r.header("x-upstream"), "a");  // the client gets the primary's answer
  ASSERT_TRUE(wait_until([] { return shadow_seen("/mirror/post").has_value(); }, 5s));
  Seen seen = *shadow_seen("/mirror/post");
  // Http::Utility::shadowAppendedHost (envoy:source/common/http/utility.cc): "-shadow" after the
  // host name, before any port.
  EXPECT_EQ(seen.host, "app.example.com-shadow");
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.body, "hello-mirror");

  // With a port in the Host header the suffix goes before it.
  HttpResult p = get("/mirror/port", {"-H", "Host: app.example.com:80"});
  ASSERT_EQ(p.status, 200) << p.raw_err;
  ASSERT_TRUE(wait_until([] { return shadow_seen("/mirror/port").has_value(); }, 5s));
  EXPECT_EQ(shadow_seen("/mirror/port")->host, "app.example.com-shadow:80");
}

TEST_F(Traffic, SlowOrFailingMirrorsDoNotTouchTheClient) {
  auto start = std::chrono::steady_clock::now();
  HttpResult slow = get("/mirror/slow");  // the shadow takes 2 s to answer
  EXPECT_EQ(slow.status, 200) << slow.raw_err;
  EXPECT_EQ(slow.header("x-upstream"), "a");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);

  HttpResult failing = get("/mirror/fail");  // the shadow answers 500
  EXPECT_EQ(failing.status, 200);
  ASSERT_TRUE(wait_until([] { return shadow_seen("/mirror/fail").has_value(); }, 5s));

  HttpResult dead = get("/deadmirror/x");  // nothing listens for the mirror
  EXPECT_EQ(dead.status, 200) << dead.raw_err;
  EXPECT_EQ(dead.header("x-upstream"), "a");
  std::string l = line("/deadmirror/x");
  EXPECT_NE(l.find(" 200 - via_upstream "), std::string::npos) << l;
}

TEST_F(Traffic, MirrorAtZeroPercentSendsNothing) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(get(fmt::format("/nomirror/{}", i)).status, 200);
  // A mirrored request after them: once it has arrived, the earlier ones would have too.
  EXPECT_EQ(get("/mirror/marker").status, 200);
  ASSERT_TRUE(wait_until([] { return shadow_seen("/mirror/marker").has_value(); }, 5s));
  EXPECT_EQ(s_->shadow.hits("/nomirror"), 0);
}

// --- weighted destinations -------------------------------------------------------------------

TEST_F(Traffic, WeightedSplitFollowsTheWeights) {
  httplib::Client c("127.0.0.1", s_->port);
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  c.set_connection_timeout(5, 0);
  c.set_read_timeout(5, 0);
  httplib::Headers h = {{"Host", "app.example.com"}};
  constexpr int kRequests = 400;
  int to_a = 0, to_b = 0;
  for (int i = 0; i < kRequests; ++i) {
    auto res = c.Get(fmt::format("/split/{}", i), h);
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    ASSERT_EQ(res->status, 200);
    std::string up = res->get_header_value("x-upstream");
    to_a += up == "a";
    to_b += up == "b";
  }
  EXPECT_EQ(to_a + to_b, kRequests);
  // Binomial(400, 0.75): sigma = sqrt(400 * 0.75 * 0.25) ≈ 8.7. Six sigma either side (±52)
  // fails a correct split with probability ~2e-9, and catches 50/50 (200) or 100/0 (400).
  const double sigma = std::sqrt(kRequests * 0.75 * 0.25);
  EXPECT_NEAR(to_a, kRequests * 0.75, 6 * sigma) << "a=" << to_a << " b=" << to_b;

  for (int i = 0; i < 60; ++i) {
    auto res = c.Get(fmt::format("/alla/{}", i), h);
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->get_header_value("x-upstream"), "a");
  }
}

// --- per-try timeouts (R4.10) ----------------------------------------------------------------

TEST_F(Traffic, PerTryTimeoutRetriesThenAnswers504UT) {
  int before = s_->slow.hits("/pertry");
  auto start = std::chrono::steady_clock::now();
  HttpResult r = get("/pertry/x");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status, 504);
  EXPECT_EQ(r.body, "upstream request timeout");
  // retryOn 5xx retries a per-try timeout (RetryStateImpl::wouldRetryFromReset: a reset counts as
  // a 5xx): the first try and 2 retries, each cut at 200 ms, well before the 5 s route timeout.
  EXPECT_TRUE(wait_until([&] { return s_->slow.hits("/pertry") - before == 3; }, 3s))
      << s_->slow.hits("/pertry") - before;
  EXPECT_GE(took, 600ms);
  EXPECT_LT(took, 2500ms);
  // Filter::onPerTryTimeout (envoy:source/common/router/router.cc): UpstreamRequestTimeout (UT),
  // details upstream_per_try_timeout; the exhausted retries add URX.
  std::string l = line("/pertry/x");
  EXPECT_NE(l.find(" 504 UT,URX upstream_per_try_timeout "), std::string::npos) << l;
}

TEST_F(Traffic, PerTryTimeoutIsNotRetriedUnderTheDefaultRetryOn) {
  // Istio's default retryOn (connect-failure,refused-stream,unavailable,cancelled,
  // retriable-status-codes) does not cover a per-try timeout: one try, 504 UT, no URX.
  int before = s_->slow.hits("/pertryonce");
  HttpResult r = get("/pertryonce/x");
  EXPECT_EQ(r.status, 504);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(s_->slow.hits("/pertryonce") - before, 1);
  std::string l = line("/pertryonce/x");
  EXPECT_NE(l.find(" 504 UT upstream_per_try_timeout "), std::string::npos) << l;
}

TEST_F(Traffic, PerTryTimeoutMovesToAFastEndpoint) {
  // Two endpoints, one slow: a try that lands on the slow one is cut after 300 ms and retried
  // on the other host (previous_hosts predicate); every request succeeds.
  int slow_before = s_->slow.hits("/mixed");
  int second_tries = 0;
  for (int i = 0; i < 6; ++i) {
    auto start = std::chrono::steady_clock::now();
    HttpResult r = get(fmt::format("/mixed/{}", i));
    ASSERT_EQ(r.status, 200) << r.raw_err << r.body;
    auto doc = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_EQ(doc["name"], "fast");
    std::string attempts = doc["headers"].value("x-envoy-attempt-count", "");
    second_tries += attempts == "2";
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
  }
  EXPECT_GT(s_->slow.hits("/mixed") - slow_before, 0);
  EXPECT_EQ(second_tries, s_->slow.hits("/mixed") - slow_before);
}

// --- Expect: 100-continue --------------------------------------------------------------------

TEST_F(Traffic, ExpectContinueUploadSucceeds) {
  std::string body(300 * 1024, 'x');
  std::string file = s_->dir.write("upload.bin", body);
  HttpResult r =
      get("/upload/curl", {"-H", "Expect: 100-continue", "-H",
                           "Content-Type: application/octet-stream", "--data-binary", "@" + file});
  ASSERT_EQ(r.status, 200) << r.raw_err << r.body;
  auto doc = nlohmann::json::parse(r.body, nullptr, false);
  EXPECT_EQ(doc["body_size"], body.size());

  // On a raw connection: the interim 100 comes before any body byte is sent.
  int fd = connect_local(s_->port, 3s);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(send_all(fd,
                       "POST /upload/raw HTTP/1.1\r\nHost: app.example.com\r\n"
                       "Content-Length: 11\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"));
  std::string interim = read_until(fd, "\r\n\r\n");
  EXPECT_TRUE(interim.starts_with("HTTP/1.1 100 Continue\r\n")) << interim;
  ASSERT_TRUE(send_all(fd, "hello world"));
  std::string reply = read_to_close(fd);
  ::close(fd);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200 ")) << reply;
  EXPECT_NE(reply.find("\"body_size\":11"), std::string::npos) << reply;
}

TEST_F(Traffic, ExpectContinueLocalReplyDoesNotWaitForTheBody) {
  // Istio turns proxy_100_continue on (ENABLE_100_CONTINUE_HEADERS, default true, in
  // istio:pilot/pkg/features): the connection manager does not answer the expectation itself,
  // so a request answered locally gets its final status at once, with no 100 and without the
  // body; the unread body cannot be skipped on HTTP/1, so the connection closes.
  for (std::string target : {"/denied/x", "/nowhere-host"}) {
    int fd = connect_local(s_->port, 3s);
    ASSERT_GE(fd, 0);
    std::string host = target == "/nowhere-host" ? "unknown.example.com" : "app.example.com";
    auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(send_all(fd, "POST " + target + " HTTP/1.1\r\nHost: " + host +
                                 "\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n"));
    std::string reply = read_to_close(fd);
    ::close(fd);
    std::string want = target == "/denied/x" ? "HTTP/1.1 403 " : "HTTP/1.1 404 ";
    EXPECT_TRUE(reply.starts_with(want)) << target << ": " << reply;
    EXPECT_EQ(reply.find("100 Continue"), std::string::npos) << reply;
    EXPECT_NE(reply.find("connection: close"), std::string::npos) << reply;
    EXPECT_EQ(reply.find("<timeout>"), std::string::npos) << reply;
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  }
}

}  // namespace
}  // namespace igw::e2e
