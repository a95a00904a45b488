// Tests: igw.UnreachableRules (IGW0302, IGW0303).
#include "tests/check_igw/check_igw_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

// A Gateway with an HTTP server on 80 and an HTTPS server on 443 for app.example.com.
constexpr const char* kGateway = R"(---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - app.example.com
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - app.example.com
    tls:
      mode: SIMPLE
      credentialName: app
)";

// A VirtualService bound to istio-system/gw whose http rules start at line 12.
std::string vs_with_rules(const std::string& rules, const std::string& gateways = "  - gw\n") {
  return R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
  namespace: istio-system
spec:
  hosts:
  - app.example.com
  gateways:
)" + gateways +
         "  http:\n" + rules;
}

constexpr const char* kCatchAllThenApi = R"(  - name: everything
    match:
    - uri:
        prefix: /
    route:
    - destination:
        host: web
  - name: api
    match:
    - uri:
        prefix: /api
    route:
    - destination:
        host: api
)";

TEST(UnreachableRules, RuleAfterCatchAllMatch) {
  for (std::string extra : {std::string(), std::string(kGateway)}) {
    auto found = run_check("igw.UnreachableRules", vs_with_rules(kCatchAllThenApi) + extra);
    ASSERT_EQ(found.size(), 1u) << (extra.empty() ? "without gateway" : "with gateway");
    EXPECT_EQ(found[0].code, "IGW0302");
    EXPECT_EQ(found[0].severity, base::Severity::Warning);
    EXPECT_EQ(found[0].resource.str(), "VirtualService istio-system/web");
    EXPECT_EQ(line_col(found[0]), "19:5");
    EXPECT_EQ(found[0].message,
              "http rule \"api\" can never match: in rule \"everything\" (line 12) before it, "
              "match #0 has uri prefix \"/\" and no header, query, method, authority or scheme "
              "condition, so it catches every request. Istio stops emitting routes after a "
              "catch-all match and silently drops this rule.");
    EXPECT_EQ(found[0].hint,
              "Move rule \"api\" below rule \"everything\", or narrow the catch-all match.");
  }
}

TEST(UnreachableRules, RegexCatchAllAndUnnamedRules) {
  auto found = run_check("igw.UnreachableRules", vs_with_rules(R"(  - match:
    - uri:
        regex: ".*"
    redirect:
      uri: /maintenance
  - route:
    - destination:
        host: web
)"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(line_col(found[0]), "17:5");
  EXPECT_EQ(found[0].message,
            "http rule #1 can never match: in rule #0 (line 12) before it, match #0 has uri regex "
            "\".*\" and no header, query, method, authority or scheme condition, so it catches "
            "every request. Istio stops emitting routes after a catch-all match and silently "
            "drops this rule.");
}

TEST(UnreachableRules, DelegatingRuleAfterCatchAllIsDroppedToo) {
  auto found = run_check("igw.UnreachableRules", vs_with_rules(R"(  - match:
    - uri:
        prefix: /
    route:
    - destination:
        host: web
  - match:
    - uri:
        prefix: /team
    delegate:
      name: team
)") + kGateway);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0302");
  EXPECT_EQ(line_col(found[0]), "18:5");
}

TEST(UnreachableRules, NarrowedOrLastCatchAllPasses) {
  EXPECT_TRUE(run_check("igw.UnreachableRules", vs_with_rules(R"(  - match:
    - uri:
        prefix: /
      headers:
        x-canary:
          exact: "1"
    route:
    - destination:
        host: canary
  - match:
    - uri:
        prefix: /
    route:
    - destination:
        host: web
)") + kGateway)
                  .empty());
}

TEST(UnreachableRules, RulesAfterARuleWithoutMatchAreIst0130s) {
  EXPECT_TRUE(run_check("igw.UnreachableRules", vs_with_rules(R"(  - route:
    - destination:
        host: web
  - match:
    - uri:
        prefix: /api
    route:
    - destination:
        host: api
)"))
                  .empty());
}

TEST(UnreachableRules, CatchAllOnOnePortShadowsOnlyThere) {
  // Port 80 redirects everything; /api still works on 443, so it is not reported ...
  std::string rules = R"(  - match:
    - port: 80
    redirect:
      scheme: https
  - name: api
    match:
    - uri:
        prefix: /api
    route:
    - destination:
        host: api
)";
  EXPECT_TRUE(run_check("igw.UnreachableRules", vs_with_rules(rules) + kGateway).empty());
  // ... unless it is itself limited to port 80.
  const std::string api_match = "    - uri:\n        prefix: /api\n";
  rules.replace(rules.find(api_match), api_match.size(),
                "    - port: 80\n      uri:\n        prefix: /api\n");
  auto found = run_check("igw.UnreachableRules", vs_with_rules(rules) + kGateway);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0302");
  EXPECT_EQ(
      found[0].message,
      "http rule \"api\" can never match: in rule #0 (line 12) before it, match #0 has no uri "
      "condition and no header, query, method, authority or scheme condition, so it catches "
      "every request on port 80. Istio stops emitting routes after a catch-all match and "
      "silently drops this rule.");
}

TEST(UnreachableRules, MatchPortNotOnTheGateway) {
  auto found = run_check("igw.UnreachableRules", vs_with_rules(R"(  - name: admin
    match:
    - port: 8080
      uri:
        prefix: /admin
    route:
    - destination:
        host: admin
)") + kGateway);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0303");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(found[0].resource.str(), "VirtualService istio-system/web");
  EXPECT_EQ(line_col(found[0]), "14:13");
  EXPECT_EQ(found[0].message,
            "http rule \"admin\" match #0 selects port 8080, but Gateway istio-system/gw listens "
            "only on ports 80, 443; Istio builds routes per Gateway server port and never uses "
            "this match.");
  EXPECT_EQ(found[0].hint,
            "Use the Gateway server's port number (not the Service targetPort), or remove `port`.");
}

TEST(UnreachableRules, MatchPortsOnTheGatewayOrUnknownGatewaysPass) {
  std::string rules = R"(  - match:
    - port: 443
    route:
    - destination:
        host: admin
)";
  EXPECT_TRUE(run_check("igw.UnreachableRules", vs_with_rules(rules) + kGateway).empty());
  std::string elsewhere = rules;
  elsewhere.replace(elsewhere.find("443"), 3, "8443");
  // The gateway is not in the input, or the rule also applies to sidecars: ports unknown.
  EXPECT_TRUE(run_check("igw.UnreachableRules", vs_with_rules(elsewhere)).empty());
  EXPECT_TRUE(
      run_check("igw.UnreachableRules", vs_with_rules(elsewhere, "  - gw\n  - mesh\n") + kGateway)
          .empty());
}

TEST(UnreachableRules, TcpMatchPortIsCheckedToo) {
  auto found = run_check("igw.UnreachableRules", R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: db
  namespace: istio-system
spec:
  hosts:
  - app.example.com
  gateways:
  - gw
  tcp:
  - match:
    - port: 5432
    route:
    - destination:
        host: db
)" + std::string(kGateway));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0303");
  EXPECT_EQ(line_col(found[0]), "13:13");
  EXPECT_EQ(found[0].message,
            "tcp rule #0 match #0 selects port 5432, but Gateway istio-system/gw listens only on "
            "ports 80, 443; Istio builds routes per Gateway server port and never uses this "
            "match.");
}

}  // namespace
}  // namespace igw::check::testing
