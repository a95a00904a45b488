// routetest::parse_test_file: the `igw routes --test` file format and its error messages.
#include "lib/routetest/test_file.h"

#include <gtest/gtest.h>

namespace igw::routetest {
namespace {

ParseResult parse(const std::string& text) {
  return parse_test_file("tests.yaml", text);
}

std::string errors(const ParseResult& r) {
  std::string out;
  for (const auto& e : r.errors)
    out += e.loc.str() + ": " + e.message + "\n";
  return out;
}

TEST(TestFileTest, UrlCaseWithEveryRequestField) {
  auto r = parse(R"(- name: v2
  url: https://API.example.com:8443/api/v2/x?y=1
  method: POST
  headers:
    Origin: https://app.example.com
    X-Two: "2"
  random: 42
  upstreamStatus: 503
  upstreamHeaders: ["Content-Type: text/plain"]
  expect:
    virtualService: prod/api
    rule: 1
    match: 0
    cluster: outbound|8080||api.prod.svc.cluster.local
    status: 404
    responseHeaders: {X-Api-Version: "2.0", server-timing: ~}
    requestHeaders: ["x-api: 2"]
)");
  ASSERT_TRUE(r.file) << errors(r);
  ASSERT_EQ(r.file->cases.size(), 1u);
  const TestCase& c = r.file->cases[0];
  EXPECT_EQ(c.name, "v2");
  EXPECT_EQ(c.loc.str(), "tests.yaml:1:3");
  EXPECT_TRUE(c.tls);
  EXPECT_EQ(c.authority, "api.example.com:8443");
  EXPECT_EQ(c.path, "/api/v2/x?y=1");
  EXPECT_EQ(c.port, 8443u);
  EXPECT_EQ(c.sni, "api.example.com");
  EXPECT_EQ(c.method, "POST");
  ASSERT_EQ(c.headers.size(), 2u);
  EXPECT_EQ(c.headers[0].first, "origin");
  EXPECT_EQ(c.headers[1].second, "2");
  EXPECT_EQ(c.random, 42u);
  EXPECT_EQ(c.upstream_status, 503u);
  ASSERT_EQ(c.upstream_headers.size(), 1u);
  EXPECT_EQ(c.upstream_headers[0].first, "content-type");
  const Expectations& e = c.expect;
  ASSERT_TRUE(e.virtual_service && e.rule && e.match && e.cluster && e.status);
  EXPECT_EQ(e.virtual_service->value, "prod/api");
  EXPECT_EQ(e.virtual_service->loc.str(), "tests.yaml:11:21");
  EXPECT_EQ(e.rule->value.index, 1u);
  EXPECT_EQ(e.match->value, 0u);
  EXPECT_EQ(e.status->value, 404u);
  ASSERT_EQ(e.response_headers.size(), 2u);
  EXPECT_EQ(e.response_headers[0].name, "x-api-version");
  EXPECT_EQ(e.response_headers[0].value, "2.0");
  EXPECT_FALSE(e.response_headers[1].value.has_value());
  ASSERT_EQ(e.request_headers.size(), 1u);
  EXPECT_EQ(e.request_headers[0].value, "2");
}

TEST(TestFileTest, AuthorityFormTestsMapAndDefaults) {
  auto r = parse(R"(tests:
- authority: shop.example.com
  path: /cart
  expect: {rule: checkout}
- authority: shop.example.com
  scheme: https
  sni: ~
  headers: {Host: "other.example.com:8443"}
  expect: {outcome: not_found, redirect: ~}
)");
  ASSERT_TRUE(r.file) << errors(r);
  ASSERT_EQ(r.file->cases.size(), 2u);
  const TestCase& a = r.file->cases[0];
  EXPECT_EQ(a.name, "GET http://shop.example.com/cart");
  EXPECT_FALSE(a.tls);
  EXPECT_EQ(a.port, 80u);
  EXPECT_EQ(a.sni, "");
  EXPECT_FALSE(a.expect.rule->value.index);
  EXPECT_EQ(a.expect.rule->value.name, "checkout");
  const TestCase& b = r.file->cases[1];
  EXPECT_TRUE(b.tls);
  EXPECT_EQ(b.port, 443u);
  EXPECT_EQ(b.sni, "") << "sni: ~ sends no SNI";
  EXPECT_EQ(b.authority, "other.example.com:8443") << "a Host header overrides the authority";
  EXPECT_EQ(b.path, "/");
  EXPECT_TRUE(b.headers.empty());
  ASSERT_TRUE(b.expect.redirect);
  EXPECT_EQ(b.expect.redirect->value, "") << "~ means: expect none";
}

TEST(TestFileTest, SniDefaultsToTheUrlHostButNotForAnAddress) {
  auto r = parse(R"(- {url: "https://10.0.0.1/", expect: {outcome: route}}
- {url: "https://a.example.com/", sni: b.example.com, expect: {outcome: route}}
- {url: "http://a.example.com/", expect: {outcome: route}}
)");
  ASSERT_TRUE(r.file) << errors(r);
  EXPECT_EQ(r.file->cases[0].sni, "");
  EXPECT_EQ(r.file->cases[1].sni, "b.example.com");
  EXPECT_EQ(r.file->cases[2].sni, "");
}

TEST(TestFileTest, ReportsEveryProblemWithItsPosition) {
  auto r = parse(R"(- name: typo
  url: https://a.example.com/
  expect:
    virtualServce: prod/api
    status: 999
- name: no expectations
  url: https://a.example.com/
- url: https://a.example.com/
  authority: a.example.com
  expect: {outcome: sideways}
- urll: x
  expect: {}
)");
  EXPECT_FALSE(r.file);
  std::string e = errors(r);
  EXPECT_NE(e.find("tests.yaml:4:5: unknown key \"virtualServce\" in expect (did you mean "
                   "\"virtualService\"?)"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("tests.yaml:5:13: status must be a whole number from 100 to 599"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("tests.yaml:6:3: test case 2 has nothing to check"), std::string::npos) << e;
  EXPECT_NE(e.find("tests.yaml:8:8: give either url or authority/path/scheme, not both"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("tests.yaml:10:21: outcome must be one of route, redirect"), std::string::npos)
      << e;
  EXPECT_NE(e.find("tests.yaml:11:3: unknown key \"urll\" in a test case (did you mean "
                   "\"url\"?)"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("test case 4 needs url (or authority and path)"), std::string::npos) << e;
  EXPECT_NE(e.find("tests.yaml:12:11: expect is empty"), std::string::npos) << e;
}

TEST(TestFileTest, RejectsMalformedRequests) {
  auto r = parse(R"(- url: ftp://a.example.com/
  expect: {outcome: route}
- authority: a.example.com
  path: cart
  port: 70000
  method: "GE T"
  headers: [":path: /x", "no colon"]
  expect: {outcome: route}
)");
  EXPECT_FALSE(r.file);
  std::string e = errors(r);
  EXPECT_NE(e.find("tests.yaml:1:8: url: "), std::string::npos) << e;
  EXPECT_NE(e.find("tests.yaml:4:9: path must start with /"), std::string::npos) << e;
  EXPECT_NE(e.find("tests.yaml:5:9: port must be a whole number from 1 to 65535"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("tests.yaml:6:11: method must be one HTTP method token"), std::string::npos)
      << e;
  EXPECT_NE(e.find("pseudo-header \":path\" cannot be set"), std::string::npos) << e;
  EXPECT_NE(e.find("write each header as \"Name: value\""), std::string::npos) << e;
}

TEST(TestFileTest, RuleIsAnIndexOrAName) {
  auto r = parse(R"(- url: http://a.example.com/
  expect: {rule: 2}
- url: http://a.example.com/
  expect: {rule: api}
- url: http://a.example.com/
  expect: {rule: [1]}
)");
  EXPECT_FALSE(r.file);
  EXPECT_EQ(errors(r),
            "tests.yaml:6:18: rule must be an http[] index (a whole number) or a rule name, "
            "not array\n");
  r = parse(R"(- url: http://a.example.com/
  expect: {rule: 2}
- url: http://a.example.com/
  expect: {rule: api}
)");
  ASSERT_TRUE(r.file) << errors(r);
  EXPECT_EQ(r.file->cases[0].expect.rule->value.index, 2u);
  EXPECT_EQ(r.file->cases[1].expect.rule->value.name, "api");
  EXPECT_FALSE(r.file->cases[1].expect.rule->value.index);
}

TEST(TestFileTest, FileShapeErrors) {
  EXPECT_NE(errors(parse("")).find("no test cases"), std::string::npos);
  EXPECT_NE(errors(parse("[]\n")).find("the list of test cases is empty"), std::string::npos);
  EXPECT_NE(errors(parse("tests: 3\n")).find("expected a list of test cases, not integer"),
            std::string::npos);
  EXPECT_NE(errors(parse("cases: []\n")).find("unknown key \"cases\" in the test file"),
            std::string::npos);
  EXPECT_NE(errors(parse("- a\n---\n- b\n"))
                .find("tests.yaml:3:1: a test file holds one YAML "
                      "document"),
            std::string::npos)
      << errors(parse("- a\n---\n- b\n"));
  EXPECT_NE(errors(parse("- 3\n")).find("tests.yaml:1:3: test case 1 must be a map"),
            std::string::npos);
  std::string syntax = errors(parse("- url: [\n"));
  EXPECT_NE(syntax.find("tests.yaml:"), std::string::npos) << syntax;
  EXPECT_NE(syntax.find("YAML syntax error"), std::string::npos) << syntax;
}

}  // namespace
}  // namespace igw::routetest
