// The family as the registry sees it: check names, message types, and what every finding
// carries (analyzer, resource, precise position).
#include "lib/check/rules/checks.h"

#include "tests/check_rules/rules_test_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace igw::check::rules::testing {
namespace {

TEST(RuleChecks, AreIstiosValidationAnalyzers) {
  std::vector<std::string> names;
  for (const auto& c : rule_checks()) {
    names.emplace_back(c.name);
    EXPECT_NE(c.run, nullptr);
    ASSERT_EQ(c.requires_kinds.size(), 1u);
    EXPECT_TRUE(c.name.ends_with(c.requires_kinds[0]));
  }
  EXPECT_THAT(names, ::testing::ElementsAre("schema.ValidationAnalyzer.Gateway",
                                            "schema.ValidationAnalyzer.VirtualService",
                                            "schema.ValidationAnalyzer.DestinationRule"));
}

constexpr std::string_view kBroken = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: web}
spec:
  servers:
  - port: {number: 443, name: https, protocol: HTTPS, targetPort: 8443}
    hosts: [app]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: ["*"]
  http:
  - corsPolicy: {maxAge: 0s}
    route: [{destination: {host: app}, weight: -1}]
  - route: [{destination: {host: app}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr, namespace: web}
spec:
  host: app
  trafficPolicy: {tls: {mode: MUTUAL}}
)";

TEST(RuleChecks, EveryFindingIsPositionedAndAttributed) {
  base::Diagnostics diags = run_rules_diagnostics(kBroken);
  ASSERT_GE(diags.size(), 8u);
  for (const auto& d : diags.items()) {
    EXPECT_EQ(d.loc.path(), "test.yaml") << d.message;
    EXPECT_GT(d.loc.line, 0u) << d.message;
    EXPECT_GT(d.loc.col, 0u) << d.message;
    EXPECT_EQ(d.resource.ns, "web") << d.message;
    EXPECT_TRUE(d.analyzer.ends_with(d.resource.kind)) << d.analyzer << " " << d.resource.kind;
  }
}

TEST(RuleChecks, HintsSayWhatToChange) {
  base::Diagnostics diags = run_rules_diagnostics(kBroken);
  auto hint_of = [&](std::string_view text) {
    for (const auto& d : diags.items()) {
      if (d.message.find(text) != std::string::npos)
        return d.hint;
    }
    return std::string("<no such finding>");
  };
  EXPECT_THAT(hint_of("targetPort has no impact"), ::testing::HasSubstr("remove targetPort"));
  EXPECT_THAT(hint_of("short names"), ::testing::IsEmpty());
  // Istio checks protocol against TLS only when the port itself is valid.
  EXPECT_EQ(hint_of("server must have TLS settings"), "<no such finding>");
  EXPECT_THAT(hint_of("wildcard host *"), ::testing::HasSubstr("spec.gateways"));
  EXPECT_THAT(hint_of("duration must be greater than 1ms"), ::testing::HasSubstr("maxAge"));
  EXPECT_THAT(hint_of("not used (only the last rule"), ::testing::HasSubstr("remove the rule"));
  EXPECT_THAT(hint_of("client certificate required"), ::testing::HasSubstr("credentialName"));
}

TEST(RuleChecks, SeveritiesFollowIstio) {
  base::Diagnostics diags = run_rules_diagnostics(vs_http(R"(  - match: [{uri: {prefix: /a}}]
    route: [{destination: {host: a}}]
  - match: [{uri: {prefix: /a}}]
    route: [{destination: {host: a}}]
  - route: [{destination: {host: a}}]
    mirrorPercent: 50
    timeout: 0s
)"));
  std::vector<std::string> got;
  for (const auto& d : diags.items())
    got.push_back(d.code + " " + std::string(base::severity_name(d.severity)));
  EXPECT_THAT(got, ::testing::ElementsAre("IST0106 Error", "IST0133 Warning", "IST0131 Info",
                                          "IST0130 Warning"));
}

}  // namespace
}  // namespace igw::check::rules::testing
