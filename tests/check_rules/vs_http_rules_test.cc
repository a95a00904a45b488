// validateHTTPRoute: action exclusivity, delegation, matches, header operations, mirrors,
// destinations and weights, timeout.
#include "tests/check_rules/rule_case.h"

namespace igw::check::rules::testing {
namespace {

std::vector<RuleCase> http_cases() {
  return {
      {"ValidRule",
       vs_http(R"(  - match:
    - uri: {prefix: /api}
      headers:
        ":authority": {exact: a.example.com}
        x-version: {regex: "v[0-9]+"}
    route:
    - destination: {host: reviews, subset: v1, port: {number: 9080}}
      weight: 90
    - destination: {host: reviews.prod.svc.cluster.local, subset: v2}
      weight: 10
    timeout: 2.5s
)"),
       {}},
      {"RedirectWithOtherActions",
       vs_http(R"(  - redirect: {uri: /new}
    route: [{destination: {host: reviews}}]
    fault: {abort: {httpStatus: 503}}
    rewrite: {uri: /x}
    directResponse: {status: 200}
)"),
       {"IST0106 11:5 Schema validation error: HTTP route cannot contain both route and redirect",
        "IST0106 12:5 Schema validation error: HTTP route cannot contain both fault and redirect",
        "IST0106 13:5 Schema validation error: HTTP route rule cannot contain both rewrite and "
        "redirect",
        "IST0106 14:5 Schema validation error: HTTP route rule cannot contain both "
        "direct_response and redirect"}},
      {"DirectResponseWithOtherActions",
       vs_http(R"(  - directResponse: {status: 503}
    route: [{destination: {host: reviews}}]
    fault: {delay: {fixedDelay: 1s}}
    rewrite: {uri: /x}
)"),
       {"IST0106 11:5 Schema validation error: HTTP route cannot contain both route and "
        "direct_response",
        "IST0106 12:5 Schema validation error: HTTP route cannot contain both fault and "
        "direct_response",
        "IST0106 13:5 Schema validation error: HTTP route rule cannot contain both rewrite and "
        "direct_response"}},
      {"NoAction",
       vs_http(R"(  - match: [{uri: {prefix: /}}]
)"),
       {"IST0106 10:5 Schema validation error: HTTP route, redirect or direct_response is "
        "required"}},
      {"MirrorAndMirrors",
       vs_http(R"(  - route: [{destination: {host: reviews}}]
    mirror: {host: shadow}
    mirrors: [{destination: {host: shadow2}}]
)"),
       {"IST0106 12:5 Schema validation error: HTTP route cannot contain both mirror and "
        "mirrors"}},
      {"RootRuleWithDelegateAndRoute",
       vs_http(R"(  - name: api
    delegate: {name: api-vs, namespace: apps}
    route: [{destination: {host: reviews}}]
    redirect: {uri: /x}
)"),
       {"IST0106 13:5 Schema validation error: root HTTP route api must not specify redirect",
        "IST0106 12:5 Schema validation error: root HTTP route api must not specify route"}},
      {"RootRuleWithDelegateOnly",
       vs_http(R"(  - delegate: {name: api-vs}
)"),
       {}},
      {"DelegateRuleWithDelegate",
       R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api-vs, namespace: apps}
spec:
  http:
  - delegate: {name: other}
    route: [{destination: {host: reviews}}]
)",
       {"IST0106 6:5 Schema validation error: delegate HTTP route cannot contain delegate"}},
      {"HeaderMatches",
       vs_http(R"(  - match:
    - headers:
        x-null:
        "bad header": {exact: x}
        x-empty-prefix: {prefix: ""}
        x-empty-regex: {regex: ""}
        x-bad-regex: {regex: "(a"}
        x-present: {}
    route: [{destination: {host: reviews}}]
)"),
       {"IST0106 12:9 Schema validation error: header match x-null cannot be null",
        "IST0106 13:9 Schema validation error: header name bad header is not a valid header name",
        "IST0106 14:34 Schema validation error: \"headers\": prefix string match should not be "
        "empty",
        "IST0106 15:32 Schema validation error: \"headers\": regex string match should not be "
        "empty",
        "IST0106 16:30 Schema validation error: \"headers\": error parsing regexp: missing "
        "closing ): `(a`; Istio uses RE2 style regex-based match "
        "(https://github.com/google/re2/wiki/Syntax)"}},
      {"UriAndOtherMatches",
       vs_http(R"(  - match:
    - uri: {prefix: ""}
      scheme: {prefix: ""}
      method: {regex: "GET|PO[ST"}
      authority: {exact: ""}
      queryParams:
        v: {prefix: ""}
        w: {regex: "x{2,1}"}
      withoutHeaders:
        x-present: {regex: "*"}
        "x bad": {}
    - uri: {regex: "\\C"}
    route: [{destination: {host: reviews}}]
)"),
       {"IST0106 20:9 Schema validation error: header name x bad is not a valid header name",
        "IST0106 12:24 Schema validation error: \"scheme\": prefix string match should not be "
        "empty",
        "IST0106 13:23 Schema validation error: \"method\": error parsing regexp: missing "
        "closing ]: `[ST`; Istio uses RE2 style regex-based match "
        "(https://github.com/google/re2/wiki/Syntax)",
        "IST0106 16:21 Schema validation error: \"queryParams\": prefix string match should not "
        "be empty",
        "IST0106 17:20 Schema validation error: \"queryParams\": error parsing regexp: invalid "
        "repeat count: `{2,1}`; Istio uses RE2 style regex-based match "
        "(https://github.com/google/re2/wiki/Syntax)",
        "IST0106 21:20 Schema validation error: \"uri\": error parsing regexp: invalid escape "
        "sequence: `\\C`; Istio uses RE2 style regex-based match "
        "(https://github.com/google/re2/wiki/Syntax)"}},
      {"RegexTooLong",
       vs_http("  - match:\n    - uri: {regex: \"" + std::string(1025, 'a') +
               "\"}\n    route: [{destination: {host: reviews}}]\n"),
       {"IST0106 11:20 Schema validation error: \"uri\": regex is too large, max length allowed "
        "is 1024"}},
      {"MatchPortLabelsGatewaysNamespace",
       vs_http(R"(  - match:
    - port: 70000
      sourceLabels: {"app/": v1, version: "-v1"}
      gateways: [gw.legacy, "ns/"]
      sourceNamespace: Bad_NS
    route: [{destination: {host: reviews}}]
)"),
       {"IST0106 11:13 Schema validation error: port number 70000 must be in the range 1..65535",
        "IST0106 12:22 Schema validation error: invalid tag key: \"app/\"",
        "IST0106 12:43 Schema validation error: invalid tag value: \"-v1\"",
        "IST0106 14:24 Schema validation error: sourceNamespace match Bad_NS is invalid"}},
      {"HeaderOperations",
       vs_http(R"(  - route: [{destination: {host: reviews}}]
    headers:
      request:
        set: {":path": /x, ":authority": a.example.com, x-pct: "100%%", x-var: "%HOSTNAME%"}
        add: {x-bad: "50%", x-ctl: "a\u0001b"}
        remove: [host, ":method"]
      response:
        set: {Host: x, "": y}
        remove: [x-ok]
)"),
       {"IST0106 14:22 Schema validation error: header value configuration: invalid header "
        "configuration. Un-escaped %",
        "IST0106 14:36 Schema validation error: header value configuration a\x01"
        "b is invalid",
        "IST0106 13:15 Schema validation error: invalid header \":path\": header cannot have "
        "\":\" prefix",
        "IST0106 15:18 Schema validation error: invalid header \"host\": cannot set Host header",
        "IST0106 15:24 Schema validation error: invalid header \":method\": header cannot have "
        "\":\" prefix",
        "IST0106 17:15 Schema validation error: invalid header \"Host\": cannot set Host header",
        "IST0106 17:24 Schema validation error: header name cannot be empty"}},
      {"UnterminatedHeaderVariable",
       vs_http(R"(  - route: [{destination: {host: reviews}}]
    headers:
      response: {add: {x-start: "%START_TIME"}}
)"),
       {"IST0106 12:33 Schema validation error: header value configuration: invalid header "
        "configuration. Un-terminated variable expression '%START_TIME'"}},
      {"AuthoritySetTwice",
       vs_http(R"(  - route: [{destination: {host: reviews}}]
    rewrite: {authority: a.internal}
    headers:
      request:
        set: {host: b.internal}
)"),
       {"IST0106 14:15 Schema validation error: authority header cannot be set multiple times: "
        "have \"a.internal\", attempting to set \"b.internal\""}},
      {"MirrorPercentages",
       vs_http(R"(  - route: [{destination: {host: reviews}}]
    mirror: {host: "*"}
    mirrorPercent: 150
    mirrorPercentage: {value: -1}
)"),
       {"IST0106 12:20 Schema validation error: mirror_percent must have a max value of 100 (it "
        "has 150)",
        "IST0106 13:31 Schema validation error: mirror_percentage must have a min value of 0 (it "
        "has -1.000000)",
        "IST0106 11:20 Schema validation error: invalid destination host *",
        "IST0133 12:5 Schema validation warning: using deprecated setting \"mirrorPercent\", use "
        "\"mirrorPercentage\" instead"}},
      {"Mirrors",
       vs_http(R"(  - route: [{destination: {host: reviews}}]
    mirrors:
    -
    - percentage: {value: 50}
    - destination: {host: shadow, subset: V_1}
      percentage: {value: 101}
    - destination: {host: shadow}
      percentage: {value: 100}
)"),
       {"IST0106 12:5 Schema validation error: mirror cannot be null",
        "IST0106 13:7 Schema validation error: destination is required for mirrors",
        "IST0106 14:43 Schema validation error: subset name is invalid: V_1",
        "IST0106 15:27 Schema validation error: mirror percentage must have a max value of 100 "
        "(it has 101.000000)"}},
      {"Destinations",
       vs_http(R"(  - route:
    -
    - weight: 10
    - destination: {host: ""}
    - destination: {host: reviews, subset: "", port: {number: 0}}
      weight: -5
)"),
       {"IST0106 11:5 Schema validation error: weight may not be nil",
        "IST0106 12:7 Schema validation error: destination is required",
        "IST0106 13:27 Schema validation error: empty domain name not allowed",
        "IST0106 14:63 Schema validation error: port number 0 must be in the range 1..65535",
        "IST0106 15:15 Schema validation error: weight -5 < 0"}},
      {"TotalWeightZero",
       vs_http(R"(  - route:
    - destination: {host: a}
    - destination: {host: b}
)"),
       {"IST0106 10:5 Schema validation error: total destination weight = 0"}},
      {"WeightsNeedNotSumTo100",
       vs_http(R"(  - route:
    - destination: {host: a}
      weight: 30
    - destination: {host: b}
      weight: 30
)"),
       {}},
      {"DestinationHeaderOperations",
       vs_http(R"(  - route:
    - destination: {host: a}
      headers: {request: {set: {":scheme": https}}}
)"),
       {"IST0106 12:33 Schema validation error: invalid header \":scheme\": header cannot have "
        "\":\" prefix"}},
      {"Timeouts",
       vs_http(R"(  - route: [{destination: {host: a}}]
    timeout: 0s
  - route: [{destination: {host: b}}]
    timeout: 1500us
)"),
       {"IST0106 11:14 Schema validation error: duration must be greater than 1ms",
        "IST0106 13:14 Schema validation error: only durations to ms precision are supported",
        "IST0130 12:5 VirtualService rule #1 not used (only the last rule can have no "
        "matches)."}},
  };
}

IGW_RULE_CASES(HttpRouteRules, http_cases);

}  // namespace
}  // namespace igw::check::rules::testing
