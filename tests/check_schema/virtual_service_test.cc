// schema.VirtualService: a valid VirtualService is clean; each shape mistake is one finding.
#include "tests/check_schema/schema_test_util.h"

#include <gtest/gtest.h>

namespace igw::check::schema {
namespace {

using testing::dump;
using testing::lint;
using testing::pos;
using testing::with_code;

constexpr const char* kValidVirtualService = R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
  namespace: default
spec:
  hosts: [app.example.com]
  gateways: [istio-system/gw, mesh]
  exportTo: ["."]
  http:
  - name: api
    match:
    - uri: {prefix: /api/}
      method: {exact: GET}
      scheme: {exact: https}
      authority: {regex: ".*example.com"}
      headers:
        x-user: {exact: alice}
        x-any: {}
      withoutHeaders:
        x-debug: {prefix: "1"}
      queryParams:
        v: {exact: "2"}
      ignoreUriCase: true
      port: 443
      sourceLabels: {app: web}
      gateways: [istio-system/gw]
      sourceNamespace: web
      statPrefix: api
      name: m0
    rewrite:
      uri: /
      authority: api.internal
    route:
    - destination:
        host: api.default.svc.cluster.local
        subset: v2
        port: {number: 8080}
      weight: 90
      headers:
        request: {set: {x-a: b}, add: {x-c: d}, remove: [x-e]}
    - destination: {host: api-v1}
      weight: 10
    timeout: 5s
    retries: {attempts: 3, perTryTimeout: 2s, retryOn: "5xx,reset", retryRemoteLocalities: true,
              retryIgnorePreviousHosts: false, backoff: 25ms}
    fault:
      delay: {fixedDelay: 1s, percentage: {value: 0.5}}
      abort: {httpStatus: 503, percentage: {value: 1}}
    mirror: {host: shadow}
    mirrorPercentage: {value: 10.5}
    corsPolicy:
      allowOrigins:
      - exact: https://app.example.com
      - regex: "https://.*\\.example\\.com"
      allowOrigin: [https://old.example.com]
      allowMethods: [GET, POST]
      allowHeaders: [Authorization]
      exposeHeaders: [X-Request-ID]
      maxAge: 24h
      allowCredentials: true
      unmatchedPreflights: IGNORE
    headers:
      response: {add: {Cache-Control: "public, max-age=60"}}
  - match: [{uri: {prefix: /old}}]
    redirect: {prefixRewrite: /new, authority: new.example.com, derivePort: FROM_REQUEST_PORT,
               scheme: https, redirectCode: 308}
  - match: [{uri: {exact: /legacy}}]
    redirect: {uri: /, port: 8443}
  - match: [{uri: {exact: /health}}]
    directResponse: {status: 200, body: {string: ok}}
  - match: [{uri: {exact: /bin}}]
    directResponse: {status: 200, body: {bytes: aGk=}}
  - match: [{uri: {prefix: /delegated}}]
    delegate: {name: child, namespace: team}
  - route: [{destination: {host: web}}]
    mirrors:
    - destination: {host: shadow-a}
      percentage: {value: 5}
    mirror_percent: 5
    mirrorPercent: 5
    fault: {abort: {grpcStatus: UNAVAILABLE}, delay: {exponentialDelay: 1s, percent: 10}}
  tls:
  - match:
    - sniHosts: [secure.example.com]
      port: 443
      destinationSubnets: [10.0.0.0/8]
      sourceLabels: {a: b}
      gateways: [gw]
      sourceNamespace: ns
    route:
    - destination: {host: secure, port: {number: 443}}
      weight: 100
  tcp:
  - match: [{port: 5432, destinationSubnets: [10.0.0.1], sourceSubnet: 10.1.0.0/16}]
    route: [{destination: {host: db}}]
)";

TEST(SchemaVirtualService, ValidVirtualServiceHasNoFindings) {
  auto l = lint(kValidVirtualService);
  EXPECT_TRUE(l.load.empty()) << dump(l.load);
  EXPECT_TRUE(l.schema.empty()) << dump(l.schema);
}

constexpr const char* kVirtualServiceHead = R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
spec:
  hosts: [api.example.com]
  http:
)";  // 7 lines; the first rule starts on line 8

TEST(SchemaVirtualService, AllowOrginsTypoSuggestsAllowOrigins) {
  auto l = lint(std::string(kVirtualServiceHead) + R"(  - corsPolicy:
      allowOrgins:
      - exact: https://app.example.com
    route: [{destination: {host: api}}]
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  const auto& d = l.schema.items()[0];
  EXPECT_EQ(d.code, "IGW0101");
  EXPECT_EQ(d.message, R"(spec.http[0].corsPolicy.allowOrgins: unknown field "allowOrgins")");
  EXPECT_EQ(d.hint, "did you mean `allowOrigins`?");
  EXPECT_EQ(pos(d), "9:7");
}

TEST(SchemaVirtualService, DeprecatedAllowOriginIsStillAField) {
  auto l = lint(std::string(kVirtualServiceHead) + R"(  - corsPolicy:
      allowOrigin: ["https://a.example.com"]
    route: [{destination: {host: api}}]
)");
  EXPECT_TRUE(l.schema.empty()) << dump(l.schema);
}

TEST(SchemaVirtualService, TypoInsideAllowOriginsItem) {
  auto l = lint(std::string(kVirtualServiceHead) + R"(  - corsPolicy:
      allowOrigins:
      - exact: https://a.example.com
      - exactt: https://b.example.com
    route: [{destination: {host: api}}]
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  const auto& d = l.schema.items()[0];
  EXPECT_EQ(d.message, R"(spec.http[0].corsPolicy.allowOrigins[1].exactt: unknown field "exactt")");
  EXPECT_EQ(d.hint, "did you mean `exact`?");
  EXPECT_EQ(pos(d), "11:9");
}

TEST(SchemaVirtualService, ExactAndPrefixTogether) {
  auto l = lint(std::string(kVirtualServiceHead) + R"(  - match:
    - uri:
        exact: /api
        prefix: /api/
    route: [{destination: {host: api}}]
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  const auto& d = l.schema.items()[0];
  EXPECT_EQ(d.code, "IGW0105");
  EXPECT_EQ(d.name, "OneOfConflict");
  EXPECT_EQ(d.message,
            "spec.http[0].match[0].uri: Forbidden: only one of exact, prefix or regex may be set "
            "(found exact and prefix)");
  EXPECT_EQ(d.hint, "keep `exact` or `prefix`");
  EXPECT_EQ(pos(d), "11:9");
}

TEST(SchemaVirtualService, HeaderMatchWrittenAsAPlainString) {
  auto l = lint(std::string(kVirtualServiceHead) + R"(  - match:
    - headers:
        ":authority": www.example.com
    redirect: {authority: example.com}
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  const auto& d = l.schema.items()[0];
  EXPECT_EQ(d.code, "IGW0102");
  EXPECT_EQ(
      d.message,
      R"(spec.http[0].match[0].headers[:authority]: Invalid value: "www.example.com": must be of type object, not string)");
  EXPECT_EQ(d.hint, "expected a mapping with fields such as `exact`, `prefix` or `regex`");
  EXPECT_EQ(pos(d), "10:23");
}

TEST(SchemaVirtualService, RedirectPortAndDerivePort) {
  auto l = lint(std::string(kVirtualServiceHead) + R"(  - redirect:
      port: 8443
      derivePort: FROM_REQUEST_PORT
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message,
            "spec.http[0].redirect: Forbidden: only one of port or derivePort may be set (found "
            "port and derivePort)");
  EXPECT_EQ(pos(l.schema.items()[0]), "10:7");
}

TEST(SchemaVirtualService, RedirectUriAndPrefixRewrite) {
  auto l = lint(std::string(kVirtualServiceHead) + R"(  - match: [{uri: {prefix: /a}}]
    redirect:
      prefixRewrite: /b
      uri: /c
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message,
            "spec.http[0].redirect: Forbidden: only one of uri or prefixRewrite may be set (found "
            "prefixRewrite and uri)");
  EXPECT_EQ(pos(l.schema.items()[0]), "11:7");
}

TEST(SchemaVirtualService, DerivePortTypo) {
  auto l = lint(std::string(kVirtualServiceHead) + R"(  - redirect: {derivePort: FROM_REQUEST}
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].code, "IGW0103");
  EXPECT_EQ(
      l.schema.items()[0].message,
      R"(spec.http[0].redirect.derivePort: Unsupported value: "FROM_REQUEST": supported values: "FROM_PROTOCOL_DEFAULT", "FROM_REQUEST_PORT")");
  EXPECT_EQ(l.schema.items()[0].hint, R"(did you mean "FROM_REQUEST_PORT"?)");
  EXPECT_EQ(pos(l.schema.items()[0]), "8:28");
}

TEST(SchemaVirtualService, DirectResponseBodyStringAndBytes) {
  auto l = lint(std::string(kVirtualServiceHead) + R"(  - directResponse:
      body:
        string: hi
        bytes: aGk=
)");
  auto conflict = with_code(l.schema, "IGW0105");
  ASSERT_EQ(conflict.size(), 1u) << dump(l.schema);
  EXPECT_EQ(conflict[0]->message,
            "spec.http[0].directResponse.body: Forbidden: only one of string or bytes may be set "
            "(found string and bytes)");
  EXPECT_EQ(pos(*conflict[0]), "11:9");
  // status is required as well.
  auto missing = with_code(l.schema, "IGW0104");
  ASSERT_EQ(missing.size(), 1u) << dump(l.schema);
  EXPECT_EQ(missing[0]->message, "spec.http[0].directResponse.status: Required value");
  EXPECT_EQ(pos(*missing[0]), "9:7");
}

TEST(SchemaVirtualService, DestinationWithoutHost) {
  auto l = lint(std::string(kVirtualServiceHead) + R"(  - route:
    - destination:
        subset: v1
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message, "spec.http[0].route[0].destination.host: Required value");
  EXPECT_EQ(pos(l.schema.items()[0]), "10:9");
}

TEST(SchemaVirtualService, QuotedWeightAndDestinationPortAsNumber) {
  auto l = lint(std::string(kVirtualServiceHead) + R"(  - route:
    - destination: {host: a, port: 8080}
      weight: "50"
)");
  ASSERT_EQ(l.schema.size(), 2u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message,
            "spec.http[0].route[0].destination.port: Invalid value: 8080: must be of type object, "
            "not integer");
  EXPECT_EQ(l.schema.items()[0].hint, "expected a mapping with fields such as `number`");
  EXPECT_EQ(pos(l.schema.items()[0]), "9:36");
  EXPECT_EQ(
      l.schema.items()[1].message,
      R"(spec.http[0].route[0].weight: Invalid value: "50": must be of type integer, not string)");
  EXPECT_EQ(pos(l.schema.items()[1]), "10:15");
}

TEST(SchemaVirtualService, HttpAsAMapAndTlsMatchWithoutSniHosts) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs}
spec:
  hosts: [a]
  http:
    route: [{destination: {host: a}}]
  tls:
  - match: [{port: 443}]
    route: [{destination: {host: a}}]
  - route: [{destination: {host: b}}]
)");
  ASSERT_EQ(l.schema.size(), 3u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message, "spec.http: Invalid value: object: must be of type array");
  EXPECT_EQ(pos(l.schema.items()[0]), "7:5");
  EXPECT_EQ(l.schema.items()[1].message, "spec.tls[0].match[0].sniHosts: Required value");
  EXPECT_EQ(pos(l.schema.items()[1]), "9:13");
  EXPECT_EQ(l.schema.items()[2].message, "spec.tls[1].match: Required value");
  EXPECT_EQ(pos(l.schema.items()[2]), "11:5");
}

TEST(SchemaVirtualService, FaultAbortOneOfAndUnmatchedPreflightsTypo) {
  auto l = lint(std::string(kVirtualServiceHead) + R"(  - fault:
      abort: {httpStatus: 503, grpcStatus: UNAVAILABLE}
    corsPolicy: {unmatchedPreflights: IGNORED}
    route: [{destination: {host: a}}]
)");
  ASSERT_EQ(l.schema.size(), 2u) << dump(l.schema);
  EXPECT_EQ(with_code(l.schema, "IGW0105").size(), 1u);
  auto e = with_code(l.schema, "IGW0103");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0]->hint, R"(did you mean "IGNORE"?)");
}

TEST(SchemaVirtualService, NullRouteEntryIsATypeError) {
  auto l = lint(std::string(kVirtualServiceHead) + R"(  -
  - route: [{destination: {host: a}}]
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message,
            "spec.http[0]: Invalid value: null: must be of type object");
}

}  // namespace
}  // namespace igw::check::schema
