// igw serve end to end, upstream failures: Istio's default retry policy on a refusing endpoint,
// configured retryOn, retries turned off, and the route timeout answering 504 on a slow upstream.
#include "tests/e2e/e2e_traffic_util.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace igw::e2e {
namespace {

// The `http:` rules of app_gateway_config().
constexpr const char* kUpstreamRules = R"(
  - name: mixed          # one refusing endpoint and one answering: default retries hide it
    match: [{uri: {prefix: /mixed}}]
    route: [{destination: {host: mixed.web.svc.cluster.local, port: {number: 80}}}]
  - name: dead           # only a refusing endpoint: 503 UF after the default 2 retries
    match: [{uri: {prefix: /dead}}]
    route: [{destination: {host: dead.web.svc.cluster.local, port: {number: 80}}}]
  - name: dead-noretry
    match: [{uri: {prefix: /noretry}}]
    retries: {attempts: 0}
    route: [{destination: {host: dead.web.svc.cluster.local, port: {number: 80}}}]
  - name: five-xx
    match: [{uri: {prefix: /status/}}]
    retries: {attempts: 3, retryOn: 5xx}
    route: [{destination: {host: flaky.web.svc.cluster.local, port: {number: 80}}}]
  - name: slow
    match: [{uri: {prefix: /slow/}}]
    timeout: 300ms
    route: [{destination: {host: slow.web.svc.cluster.local, port: {number: 80}}}]
)";

class Upstreams : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_ = new State;
    State& s = *s_;
    std::string refusing = fmt::format("127.0.0.1:{}", free_port());  // nothing listens
    s.start(app_gateway_config(kUpstreamRules), {"mixed.web.svc.cluster.local=" + refusing,
                                                 "mixed.web.svc.cluster.local=" + s.good.address(),
                                                 "dead.web.svc.cluster.local=" + refusing,
                                                 "flaky.web.svc.cluster.local=" + s.flaky.address(),
                                                 "slow.web.svc.cluster.local=" + s.slow.address()});
  }
  static void TearDownTestSuite() {
    delete s_;
    s_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(s_->serve->ready()) << s_->serve->stderr_text(); }

  static HttpResult get(const std::string& path) { return s_->get(path); }
  static std::string log_line(const std::string& path) {
    return access_line(*s_->serve, "GET", path);
  }

  struct State : GatewayUnderTest {
    ~State() { stop(); }
    Upstream good{"good"}, flaky{"flaky"}, slow{"slow"};
  };
  static State* s_;
};
Upstreams::State* Upstreams::s_ = nullptr;

TEST_F(Upstreams, DefaultRetriesMoveOffARefusingEndpoint) {
  // Istio's default policy (2 retries on connect-failure, refused-stream, unavailable,
  // cancelled; previous hosts avoided): every request succeeds, and those that met the refusing
  // endpoint first reach the good one on their second attempt.
  int second_attempts = 0;
  for (int i = 0; i < 12; ++i) {
    HttpResult r = get(fmt::format("/mixed/{}", i));
    ASSERT_EQ(r.status, 200) << r.raw_err << r.body;
    auto doc = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_EQ(doc["name"], "good");
    std::string attempts = doc["headers"].value("x-envoy-attempt-count", "");
    EXPECT_TRUE(attempts == "1" || attempts == "2") << attempts;
    second_attempts += attempts == "2";
  }
  EXPECT_GT(second_attempts, 0);
}

TEST_F(Upstreams, RefusingEndpointGives503UFAfterRetries) {
  HttpResult r = get("/dead");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body,
            "upstream connect error or disconnect/reset before headers. retried and the latest "
            "reset reason: remote connection failure, transport failure reason: delayed connect "
            "error: Connection refused");  // strerror, as Envoy's errorDetails() gives
  std::string line = log_line("/dead");
  EXPECT_NE(line.find(" 503 UF,URX "), std::string::npos) << line;
}

TEST_F(Upstreams, RetriesOffMeansOneAttempt) {
  HttpResult r = get("/noretry");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body.find("retried"), std::string::npos) << r.body;
  std::string line = log_line("/noretry");
  EXPECT_NE(line.find(" 503 UF "), std::string::npos) << line;
}

TEST_F(Upstreams, RetryOn5xxRetriesTheConfiguredAttempts) {
  int before = s_->flaky.hits();
  HttpResult r = get("/status/503");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(s_->flaky.hits() - before, 4);  // the first try and 3 retries
  HttpResult ok = get("/status/201");
  EXPECT_EQ(ok.status, 201);
}

TEST_F(Upstreams, RouteTimeoutGives504OnASlowUpstream) {
  auto start = std::chrono::steady_clock::now();
  HttpResult r = get("/slow/2000");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status, 504);
  EXPECT_EQ(r.body, "upstream request timeout");
  EXPECT_LT(took, 1500ms);
  std::string line = log_line("/slow/2000");
  EXPECT_NE(line.find(" 504 UT response_timeout "), std::string::npos) << line;
  // Within the timeout the answer comes through.
  EXPECT_EQ(get("/slow/10").status, 200);
}

}  // namespace
}  // namespace igw::e2e
