// CORS, fault injection, redirect, direct response, retries and rewrite of HTTP rules.
#include "tests/check_rules/rule_case.h"

namespace igw::check::rules::testing {
namespace {

// One rule routing to reviews, plus `extra` (indented 4, from line 11).
std::string rule(std::string_view extra) {
  return vs_http("  - route: [{destination: {host: reviews}}]\n" + std::string(extra));
}

std::vector<RuleCase> policy_cases() {
  return {
      {"CorsValid",
       rule(R"(    corsPolicy:
      allowOrigins: [{exact: "https://a.example.com"}, {regex: "https://.*\\.example\\.com"}]
      allowMethods: [GET, POST, "*"]
      allowHeaders: ["*", x-custom]
      exposeHeaders: [x-request-id]
      maxAge: 24h
)"),
       {}},
      {"CorsInvalid",
       rule(R"(    corsPolicy:
      allowOrigins: [{}, {exact: ""}, {regex: "a(b"}]
      allowOrigin: ["not validated"]
      allowMethods: [get, FETCH]
      allowHeaders: ["x bad"]
      exposeHeaders: [""]
)"),
       {"IST0106 12:22 Schema validation error: '' is not a valid match type for CORS allow "
        "origins",
        "IST0106 12:26 Schema validation error: '' is not a valid match type for CORS allow "
        "origins",
        "IST0106 12:47 Schema validation error: \"corsPolicy.allowOrigins\": error parsing "
        "regexp: missing closing ): `a(b`; Istio uses RE2 style regex-based match "
        "(https://github.com/google/re2/wiki/Syntax)",
        "IST0106 14:22 Schema validation error: \"get\" is not a supported HTTP method",
        "IST0106 14:27 Schema validation error: \"FETCH\" is not a supported HTTP method",
        "IST0106 15:22 Schema validation error: header name x bad is not a valid header name",
        "IST0106 16:23 Schema validation error: header name cannot be empty"}},
      {"CorsMaxAgeZero",
       rule("    corsPolicy: {maxAge: 0s}\n"),
       {"IST0106 11:26 Schema validation error: duration must be greater than 1ms"}},
      {"CorsMaxAgeFractionalSeconds",
       rule("    corsPolicy: {maxAge: 1500ms}\n"),
       {"IST0106 11:26 Schema validation error: max_age duration is accurate only to seconds "
        "precision"}},
      {"CorsMaxAgeSubMillisecond",
       rule("    corsPolicy: {maxAge: 1500us}\n"),
       {"IST0106 11:26 Schema validation error: only durations to ms precision are supported",
        "IST0106 11:26 Schema validation error: max_age duration is accurate only to seconds "
        "precision"}},
      {"FaultValid",
       rule(R"(    fault:
      delay: {fixedDelay: 5s, percentage: {value: 0.1}}
      abort: {httpStatus: 503, percentage: {value: 100}}
)"),
       {}},
      {"FaultEmpty",
       rule("    fault: {}\n"),
       {"IST0106 11:12 Schema validation error: HTTP fault injection must have an abort and/or a "
        "delay"}},
      {"FaultAbortProblems",
       rule(R"(    fault:
      abort: {grpcStatus: NOTFOUND, percentage: {value: 150}}
  - route: [{destination: {host: reviews}}]
    fault: {abort: {http2Error: CANCEL}}
  - route: [{destination: {host: reviews}}]
    fault: {abort: {httpStatus: 700}}
  - route: [{destination: {host: reviews}}]
    fault: {abort: {percentage: {value: 0.00001}}}
)"),
       {"IST0106 12:57 Schema validation error: percentage 150 is neither 0.0, nor in range "
        "[0.0001, 100.0]",
        "IST0106 12:27 Schema validation error: gRPC status \"NOTFOUND\" is not supported. See "
        "https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported "
        "codes, for example 'NOT_FOUND'",
        "IST0106 14:33 Schema validation error: HTTP/2 abort fault injection not supported yet",
        "IST0106 16:33 Schema validation error: HTTP status 700 is not in range 200-599",
        "IST0106 18:41 Schema validation error: percentage 1e-05 is neither 0.0, nor in range "
        "[0.0001, 100.0]",
        "IST0130 13:5 VirtualService rule #1 not used (only the last rule can have no matches).",
        "IST0130 15:5 VirtualService rule #2 not used (only the last rule can have no matches).",
        "IST0130 17:5 VirtualService rule #3 not used (only the last rule can have no matches)."}},
      {"FaultDelayProblems",
       rule(R"(    fault:
      delay: {exponentialDelay: 0s, percentage: {value: -1}}
)"),
       {"IST0106 12:57 Schema validation error: percentage -1 is neither 0.0, nor in range "
        "[0.0001, 100.0]",
        "IST0106 12:33 Schema validation error: duration must be greater than 1ms",
        "IST0106 12:33 Schema validation error: exponentialDelay not supported yet"}},
      {"RedirectValid",
       vs_http(R"(  - match: [{uri: {prefix: /old}}]
    redirect: {uri: /new, authority: b.example.com, scheme: https, port: 8443, redirectCode: 308}
  - match: [{uri: {prefix: /foo/}}]
    redirect: {prefixRewrite: /, authority: foo.example.com}
  - redirect: {derivePort: FROM_REQUEST_PORT}
)"),
       {}},
      {"RedirectEmpty",
       vs_http("  - redirect: {redirectCode: 301}\n"),
       {"IST0106 10:15 Schema validation error: redirect must specify URI, authority, scheme, or "
        "port"}},
      {"RedirectFirstProblemOnly",
       vs_http(R"(  - redirect: {uri: /x, redirectCode: 200, scheme: ftp}
)"),
       {"IST0106 10:39 Schema validation error: 200 is not a valid redirect code, must be 3xx"}},
      {"RedirectScheme",
       vs_http("  - redirect: {uri: /x, scheme: ftp}\n"),
       {"IST0106 10:33 Schema validation error: invalid redirect scheme, must be \"http\" or "
        "\"https\""}},
      {"RedirectPort",
       vs_http("  - redirect: {authority: a, port: 70000}\n"),
       {"IST0106 10:36 Schema validation error: port number 70000 must be in the range "
        "1..65535"}},
      {"RedirectUriAndPrefixRewrite",
       vs_http("  - redirect: {uri: /x, prefixRewrite: /y}\n"),
       {"IST0106 10:40 Schema validation error: redirect may only specify one of uri or "
        "prefix_rewrite"}},
      {"RedirectPrefixRewriteNeedsPrefixMatches",
       vs_http(R"(  - match: [{uri: {prefix: /a}}, {uri: {exact: /b}}]
    redirect: {prefixRewrite: /c}
)"),
       {"IST0106 10:40 Schema validation error: redirect prefix_rewrite requires all URI matches "
        "to use prefix match type"}},
      {"DirectResponse",
       vs_http(R"(  - match: [{uri: {exact: /a}}]
    directResponse: {status: 600}
  - match: [{uri: {exact: /b}}]
    directResponse: {status: 199, body: {string: "no"}}
  - directResponse: {body: {bytes: aGVsbG8=}}
)"),
       {"IST0106 13:30 Schema validation error: HTTP status 199 is not in range 200-599",
        "IST0106 14:21 Schema validation error: HTTP status 0 is not in range 200-599"}},
      {"DirectResponseLargeBody",
       vs_http("  - directResponse:\n      status: 200\n      body:\n        string: \"" +
               std::string(100 * 1024 + 1, 'x') +
               "\"\n  - directResponse:\n      status: 200\n"
               "      body:\n        string: \"" +
               std::string(1024 * 1024 + 1, 'y') + "\"\n"),
       {"IST0106 17:9 Schema validation error: large direct_responses may impact control plane "
        "performance, must be less than 1MB",
        "IST0133 13:9 Schema validation warning: large direct_responses may impact control plane "
        "performance",
        "IST0130 14:5 VirtualService rule #1 not used (only the last rule can have no matches)."}},
      {"RetriesValid",
       rule(
           R"(    retries: {attempts: 3, perTryTimeout: 2s, retryOn: "5xx,gateway-error,503,retriable-4xx", backoff: 25ms}
)"),
       {}},
      {"RetriesInvalid",
       rule(R"(    retries: {attempts: -1, retryOn: "5xx,bogus, 503,599", backoff: 0.5ms}
)"),
       {"IST0106 11:25 Schema validation error: attempts cannot be negative",
        "IST0106 11:38 Schema validation error: \"bogus\" is not a valid retryOn policy",
        "IST0106 11:38 Schema validation error: \" 503\" is not a valid retryOn policy",
        "IST0106 11:38 Schema validation error: \"599\" is not a valid retryOn policy",
        "IST0106 11:69 Schema validation error: duration must be greater than 1ms"}},
      {"RetriesDisabledButConfigured",
       rule("    retries: {attempts: 0, perTryTimeout: 0s}\n"),
       {"IST0106 11:25 Schema validation error: http retry policy configured when attempts are "
        "set to 0 (disabled)",
        "IST0106 11:43 Schema validation error: duration must be greater than 1ms"}},
      {"RewriteValid",
       rule(R"y(    rewrite:
      uriRegexRewrite: {match: "^/api/(.*)", rewrite: "/\\1"}
      authority: internal.example.com
)y"),
       {}},
      {"RewriteEmpty",
       rule("    rewrite: {}\n"),
       {"IST0106 11:14 Schema validation error: rewrite must specify at least one of URI, "
        "UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified"}},
      {"RewriteUriAndRegex",
       rule("    rewrite: {uri: /x, uriRegexRewrite: {match: a, rewrite: b}}\n"),
       {"IST0106 11:24 Schema validation error: rewrite may only contain one of URI or "
        "UriRegexRewrite"}},
      {"RewriteRegexIncomplete",
       rule("    rewrite: {uriRegexRewrite: {match: \"^/a\"}}\n"),
       {"IST0106 11:32 Schema validation error: UriRegexRewrite has errors\nUriRegexRewrite "
        "requires both Rewrite and Match fields to be specified"}},
      {"RewriteRegexInvalid",
       rule("    rewrite: {uriRegexRewrite: {match: \"(?<=a)b\", rewrite: x}}\n"),
       {"IST0106 11:40 Schema validation error: UriRegexRewrite has errors\n"
        "\"HTTPRewrite.UriRegexRewrite.Match\": error parsing regexp: invalid named capture: "
        "`(?<=a)b`; Istio uses RE2 style regex-based match "
        "(https://github.com/google/re2/wiki/Syntax)"}},
  };
}

IGW_RULE_CASES(HttpPolicyRules, policy_cases);

}  // namespace
}  // namespace igw::check::rules::testing
