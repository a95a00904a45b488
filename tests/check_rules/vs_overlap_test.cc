// analyzeUnreachableHTTPRules / TCP / TLS beyond Istio's own fixture: identity of matches,
// prefix coverage and its quirks, rule ids.
#include "tests/check_rules/rule_case.h"

namespace igw::check::rules::testing {
namespace {

const std::string kRoute = "    route: [{destination: {host: r}}]\n";

std::vector<RuleCase> overlap_cases() {
  return {
      {"RouteAfterCatchAll",
       vs_http("  - name: all\n" + kRoute + R"(  - name: late
    match: [{uri: {prefix: /a}}, {uri: {prefix: /b}}]
)" + kRoute),
       {"IST0130 12:5 VirtualService rule \"late\" not used (route without matches defined "
        "before)."}},
      {"NullRuleKeepsIndexes",
       vs_http("  -\n  - route: [{destination: {host: r}}]\n"
               "  - route: [{destination: {host: r}}]\n"),
       {"IST0106 10:3 Schema validation error: http route may not be null",
        "IST0130 12:5 VirtualService rule #2 not used (only the last rule can have no "
        "matches)."}},
      {"HeaderOrderDoesNotMatter",
       vs_http(R"(  - match: [{headers: {a: {exact: "1"}, b: {prefix: "2"}}}]
)" + kRoute + R"(  - match: [{name: other, headers: {b: {prefix: "2"}, a: {exact: "1"}}}]
)" + kRoute),
       {"IST0131 12:13 VirtualService rule #1 match \"other\" is not used "
        "(duplicate/overlapping match in rule #0).",
        "IST0130 12:5 VirtualService rule #1 not used (all matches used by prior rules)."}},
      {"IgnoreUriCaseMakesADifferentMatch",
       vs_http(R"(  - match: [{uri: {exact: /a}}]
)" + kRoute + R"(  - match: [{uri: {exact: /a}, ignoreUriCase: true}]
)" + kRoute),
       {}},
      {"EarlierAuthorityCoversLaterWithout",
       vs_http(R"(  - match: [{uri: {prefix: /a}, authority: {exact: a.example.com}}]
)" + kRoute + R"(  - match: [{uri: {prefix: /ab}}]
)" + kRoute),
       {"IST0131 12:13 VirtualService rule #1 match #0 of prefix /ab is not used "
        "(duplicate/overlapping match in rule #0 of prefix /a on #0)."}},
      {"LaterAuthorityIsNotCovered",
       vs_http(R"(  - match: [{uri: {prefix: /a}}]
)" + kRoute + R"(  - match: [{uri: {prefix: /ab}, authority: {exact: a.example.com}}]
)" + kRoute),
       {}},
      {"DifferentPortOrQueryParamsAreNotCovered",
       vs_http(
           R"(  - match: [{uri: {prefix: /a}, port: 8080}]
)" + kRoute +
           R"(  - match: [{uri: {prefix: /ab}}, {uri: {prefix: /ac}, port: 8080, queryParams: {q: {exact: x}}}]
)" + kRoute),
       {}},
      {"LaterPrefixMethodIsCovered",
       vs_http(R"(  - match: [{uri: {prefix: /a}, method: {prefix: GE}}]
)" + kRoute + R"(  - match: [{uri: {prefix: /ab}, method: {prefix: G}}]
)" + kRoute),
       {"IST0131 12:13 VirtualService rule #1 match #0 of prefix /ab is not used "
        "(duplicate/overlapping match in rule #0 of prefix /a on #0)."}},
      {"RegexUrisAreNotCompared",
       vs_http(R"(  - match: [{uri: {regex: "/a.*"}}]
)" + kRoute + R"(  - match: [{uri: {prefix: /ab}}]
)" + kRoute),
       {}},
      {"TlsRules",
       R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: default}
spec:
  hosts: [a.example.com]
  tls:
  - route: [{destination: {host: a}}]
  - match: [{sniHosts: [a.example.com]}]
    route: [{destination: {host: b}}]
)",
       {"IST0106 7:5 Schema validation error: TLS route must have at least one match condition",
        "IST0130 8:5 VirtualService rule #1 not used (route without matches defined before)."}},
  };
}

IGW_RULE_CASES(OverlapRules, overlap_cases);

}  // namespace
}  // namespace igw::check::rules::testing
