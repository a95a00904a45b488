// routetest::run_tests and the text report: cases through match::decide and http::respond,
// field comparison, and router_check-style coverage.
#include "lib/routetest/run_tests.h"

#include "lib/compile/compile.h"
#include "lib/config/load.h"
#include "lib/model/parse.h"
#include "lib/routetest/report_text.h"

#include <gtest/gtest.h>

#include <sstream>

namespace igw::routetest {
namespace {

const char* kConfig = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [app.example.com]
    tls: {mode: SIMPLE, credentialName: cert}
  - port: {number: 9000, name: tcp, protocol: TCP}
    hosts: [db.example.com]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: app, namespace: web}
spec:
  hosts: [app.example.com]
  gateways: [istio-system/gw]
  http:
  - name: old
    match: [{uri: {prefix: /old/}}]
    redirect: {uri: /new/, redirectCode: 302}
    headers: {response: {set: {x-moved: "yes"}}}
  - name: api
    match: [{uri: {prefix: /api/}}]
    rewrite: {uri: /, authority: backend.internal}
    headers:
      request: {set: {x-from: gateway}}
      response: {add: {x-api: "1"}, remove: [x-secret]}
    route:
    - destination: {host: api, port: {number: 8080}}
      weight: 75
    - destination: {host: api-canary, port: {number: 8080}}
      weight: 25
  - name: teapot
    match: [{uri: {exact: /tea}}]
    directResponse: {status: 418, body: {string: "I'm a teapot"}}
  - route: [{destination: {host: frontend, port: {number: 80}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: data}
spec:
  hosts: [db.example.com]
  gateways: [istio-system/gw]
  tcp:
  - route: [{destination: {host: postgres, port: {number: 5432}}}]
)";

struct Fixture {
  std::unique_ptr<model::Config> config;
  compile::RouteTablePtr table;
};

Fixture compile_yaml(const std::string& yaml) {
  config::LoadResult loaded;
  config::parse_text("gw.yaml", yaml, loaded);
  base::Diagnostics diags;
  Fixture f;
  f.config = std::make_unique<model::Config>(
      model::parse(std::move(loaded), model::ParseOptions{}, diags));
  f.table = compile::compile(*f.config);
  return f;
}

TestFile tests(const std::string& yaml) {
  ParseResult r = parse_test_file("tests.yaml", yaml);
  EXPECT_TRUE(r.file) << (r.errors.empty() ? "" : r.errors.front().message);
  return r.file ? *r.file : TestFile{};
}

const FieldResult* field(const CaseResult& c, std::string_view name) {
  for (const auto& f : c.fields) {
    if (f.field == name)
      return &f;
  }
  ADD_FAILURE() << "no field " << name;
  return nullptr;
}

class RunTestsTest : public ::testing::Test {
 protected:
  Fixture f_ = compile_yaml(kConfig);
};

TEST_F(RunTestsTest, ForwardedRequestFields) {
  TestFile file = tests(R"(- url: https://app.example.com/api/users?id=7
  upstreamHeaders: {x-secret: s3cr3t, content-type: application/json}
  expect:
    outcome: route
    routeConfig: https.443.https.gw.istio-system
    virtualHost: app.example.com:443
    virtualService: web/app
    rule: api
    match: 0
    cluster: outbound|8080||api.web.svc.cluster.local
    destination: api.web.svc.cluster.local:8080
    pathRewrite: /users?id=7
    hostRewrite: backend.internal
    requestHeaders: {x-from: gateway, ":authority": backend.internal, x-forwarded-proto: https}
    responseHeaders: {x-api: "1", x-secret: ~, content-type: application/json, server: istio-envoy}
)");
  Report r = run_tests(*f_.table, file);
  ASSERT_EQ(r.cases.size(), 1u);
  const CaseResult& c = r.cases[0];
  for (const auto& fr : c.fields)
    EXPECT_TRUE(fr.passed) << fr.field << ": expected " << fr.expected << ", got " << fr.actual;
  EXPECT_TRUE(c.passed());
  EXPECT_EQ(r.passed, 1u);
  EXPECT_EQ(r.failed, 0u);
  EXPECT_EQ(c.summary,
            "route to outbound|8080||api.web.svc.cluster.local (web/app http[1] "
            "\"api\" match[0])");
}

TEST_F(RunTestsTest, RandomPicksTheWeightedDestination) {
  TestFile file = tests(R"(- url: https://app.example.com/api/x
  random: 80
  expect: {cluster: outbound|8080||api-canary.web.svc.cluster.local, destination: api-canary.web.svc.cluster.local}
- url: https://app.example.com/api/x
  random: 74
  expect: {destination: api.web.svc.cluster.local}
)");
  Report r = run_tests(*f_.table, file);
  EXPECT_EQ(r.passed, 2u) << r.cases[0].summary;
}

TEST_F(RunTestsTest, LocalRepliesAndFailures) {
  // redirect.uri is Envoy's path_redirect: it replaces the whole path and, having no '?', keeps
  // the request's query (R4.5, R4.6). A URL with '?' is quoted: inside a flow map it would not
  // be a plain scalar.
  TestFile file = tests(R"(- url: https://app.example.com/old/page?q=1
  expect: {outcome: redirect, status: 302, redirect: "https://app.example.com/new/?q=1", responseHeaders: {x-moved: "yes"}, cluster: ""}
- url: https://app.example.com/tea
  expect: {status: 418, body: "I'm a teapot", rule: 2}
- url: http://app.example.com/anything
  expect: {outcome: https_redirect, redirect: https://app.example.com/anything, status: 301}
- name: wrong on purpose
  url: https://app.example.com/
  expect:
    virtualService: other
    rule: 1
    status: 200
    redirect: https://elsewhere/
    requestHeaders: {x-from: gateway}
)");
  Report r = run_tests(*f_.table, file);
  ASSERT_EQ(r.cases.size(), 4u);
  for (size_t i = 0; i < 3; ++i) {
    for (const auto& fr : r.cases[i].fields)
      EXPECT_TRUE(fr.passed) << i << " " << fr.field << ": expected " << fr.expected << ", got "
                             << fr.actual;
  }
  const CaseResult& bad = r.cases[3];
  EXPECT_FALSE(bad.passed());
  EXPECT_EQ(r.failed, 1u);
  EXPECT_EQ(field(bad, "virtualService")->actual, "\"web/app\"");
  EXPECT_EQ(field(bad, "rule")->actual, "http[3]");
  EXPECT_EQ(field(bad, "rule")->expected, "index 1");
  EXPECT_EQ(field(bad, "status")->actual,
            "none: forwarded upstream (the gateway does not answer itself)");
  EXPECT_EQ(field(bad, "redirect")->actual, "(none)");
  EXPECT_EQ(field(bad, "requestHeaders x-from")->actual, "absent");
  EXPECT_EQ(field(bad, "virtualService")->loc.str(), "tests.yaml:10:21");
}

TEST_F(RunTestsTest, TcpAndClosedConnections) {
  TestFile file = tests(R"(- url: http://db.example.com:9000/
  expect: {outcome: tcp_proxy, virtualService: data/db, rule: 0, cluster: outbound|5432||postgres.data.svc.cluster.local, status: 200}
- url: http://app.example.com:7000/
  expect: {outcome: connection_closed, responseHeaders: {server: ~}}
)");
  Report r = run_tests(*f_.table, file);
  ASSERT_EQ(r.cases.size(), 2u);
  EXPECT_EQ(field(r.cases[0], "status")->actual, "none: tcp_proxy");
  EXPECT_FALSE(field(r.cases[0], "status")->passed);
  EXPECT_TRUE(field(r.cases[0], "cluster")->passed);
  EXPECT_TRUE(field(r.cases[0], "rule")->passed);
  EXPECT_TRUE(r.cases[1].passed());
  EXPECT_EQ(field(r.cases[1], "responseHeaders server")->actual,
            "no HTTP response (connection_closed)");
}

TEST_F(RunTestsTest, CoverageCountsRoutesDestinationsRedirectsAndChains) {
  TestFile file = tests(R"(- url: https://app.example.com/api/x
  expect: {outcome: route}
- url: https://app.example.com/
  expect: {outcome: route}
)");
  Report r = run_tests(*f_.table, file);
  // Items: https vhost: old, api×2 (weighted), teapot, catch-all = 5; http.80: *.example.com
  // and app.example.com httpsRedirect = 2 (its 4 routes are unreachable); tcp chain = 1.
  size_t reachable = 0;
  size_t covered = 0;
  for (const auto& item : r.coverage) {
    reachable += item.reachable;
    covered += item.covered;
  }
  EXPECT_EQ(reachable, 8u);
  EXPECT_EQ(covered, 2u);
  EXPECT_DOUBLE_EQ(r.coverage_percent, 25.0);

  std::ostringstream out;
  write_report_text(out, r, {});
  std::string s = out.str();
  EXPECT_NE(s.find("PASS  GET https://app.example.com/api/x\n"), std::string::npos) << s;
  EXPECT_NE(s.find("2 tests: 2 passed, 0 failed\nCurrent route coverage: 25%\n"), std::string::npos)
      << s;
  EXPECT_NE(s.find("Missing test for host: app.example.com:443, route: web/app http[1] \"api\" "
                   "match[0] /api/*, cluster: outbound|8080||api-canary.web.svc.cluster.local\n"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("Missing test for host: app.example.com:80, route: httpsRedirect\n"),
            std::string::npos);
  EXPECT_NE(s.find("Missing test for host: 0.0.0.0_9000, route: data/db tcp[0]\n"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("4 routes no request can reach are not counted (--details lists them)\n"),
            std::string::npos)
      << s;

  std::ostringstream details;
  write_report_text(details, r, {.details = true});
  s = details.str();
  EXPECT_NE(s.find("        ok    outcome: \"route\"\n"), std::string::npos) << s;
  EXPECT_NE(s.find("        the gateway: route to outbound|80||frontend.web.svc.cluster.local"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("Unreachable, not counted: host: app.example.com:80, route: web/app http[0] "
                   "\"old\" match[0] /old/*: httpsRedirect answers every plain-text request\n"),
            std::string::npos)
      << s;
}

TEST_F(RunTestsTest, FailureReportShowsExpectedAndActual) {
  TestFile file = tests(R"(- name: api goes to v2
  url: https://app.example.com/api/x
  expect:
    cluster: outbound|8080||api-v2.web.svc.cluster.local
)");
  Report r = run_tests(*f_.table, file);
  std::ostringstream out;
  write_report_text(out, r, {});
  EXPECT_NE(out.str().find("FAIL  api goes to v2  (tests.yaml:1:3)\n        FAIL  cluster: "
                           "expected \"outbound|8080||api-v2.web.svc.cluster.local\", got "
                           "\"outbound|8080||api.web.svc.cluster.local\"  (tests.yaml:4:14)\n"
                           "        the gateway: route to "),
            std::string::npos)
      << out.str();
}

TEST(FormatPercentTest, TwoDecimalsAtMost) {
  EXPECT_EQ(format_percent(100.0), "100");
  EXPECT_EQ(format_percent(62.5), "62.5");
  EXPECT_EQ(format_percent(100.0 / 3), "33.33");
  EXPECT_EQ(format_percent(0), "0");
}

TEST(CoverageTest, NoRoutesIsFullCoverage) {
  Fixture f = compile_yaml("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n");
  TestFile file = tests("- {url: http://x.example.com/, expect: {outcome: connection_closed}}\n");
  Report r = run_tests(*f.table, file);
  EXPECT_TRUE(r.coverage.empty());
  EXPECT_DOUBLE_EQ(r.coverage_percent, 100.0);
  EXPECT_EQ(r.passed, 1u);
}

}  // namespace
}  // namespace igw::routetest
