// schema.DestinationRule: a valid DestinationRule is clean; each shape mistake is one finding.
#include "tests/check_schema/schema_test_util.h"

#include <gtest/gtest.h>

namespace igw::check::schema {
namespace {

using testing::dump;
using testing::lint;
using testing::pos;
using testing::with_code;

constexpr const char* kValidDestinationRule = R"(apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata:
  name: dr
spec:
  host: api.default.svc.cluster.local
  exportTo: ["*"]
  workloadSelector:
    matchLabels: {app: api}
  trafficPolicy:
    loadBalancer:
      consistentHash:
        httpCookie:
          name: session
          path: /
          ttl: 0s
          attributes: [{name: SameSite, value: Strict}, {name: Secure}]
        ringHash: {minimumRingSize: 1024}
      localityLbSetting:
        enabled: true
        distribute: [{from: us-west/zone1/*, to: {"us-west/zone1/*": 80, "us-west/zone2/*": 20}}]
        failover: [{from: us-east, to: eu-west}]
        failoverPriority: [topology.kubernetes.io/region]
      warmup: {duration: 30s, minimumPercent: 10, aggression: 1.5}
    connectionPool:
      tcp:
        maxConnections: 100
        connectTimeout: 30ms
        maxConnectionDuration: 1h
        idleTimeout: 1h
        tcpKeepalive: {time: 7200s, interval: 75s, probes: 9}
      http:
        http1MaxPendingRequests: 10
        http2MaxRequests: 1000
        maxRequestsPerConnection: 10
        maxRetries: 3
        idleTimeout: 10s
        h2UpgradePolicy: UPGRADE
        useClientProtocol: true
        maxConcurrentStreams: 100
    outlierDetection:
      consecutive5xxErrors: 5
      consecutiveGatewayErrors: 3
      consecutiveLocalOriginFailures: 2
      splitExternalLocalOriginErrors: true
      consecutiveErrors: 7
      interval: 10s
      baseEjectionTime: 30s
      maxEjectionPercent: 50
      minHealthPercent: 10
    tls:
      mode: MUTUAL
      clientCertificate: /etc/c.pem
      privateKey: /etc/k.pem
      caCertificates: /etc/ca.pem
      caCrl: /etc/crl.pem
      subjectAltNames: [api.example.com]
      sni: api.example.com
      insecureSkipVerify: false
    portLevelSettings:
    - port: {number: 8080}
      loadBalancer: {simple: LEAST_REQUEST}
      connectionPool: {http: {maxRetries: 1}}
      outlierDetection: {consecutive5xxErrors: 1}
      tls: {mode: SIMPLE, credentialName: client-cert}
    tunnel: {protocol: CONNECT, targetHost: proxy.example.com, targetPort: 3128}
    proxyProtocol: {version: V2}
    retryBudget: {percent: 20.5, minRetryConcurrency: 3}
  subsets:
  - name: v1
    labels: {version: v1}
    trafficPolicy:
      loadBalancer: {simple: ROUND_ROBIN, warmupDurationSecs: 10s}
      portLevelSettings:
      - port: {number: 9090}
        loadBalancer: {consistentHash: {useSourceIp: true, maglev: {tableSize: 65537}}}
  - name: v2
    labels: {version: "2"}
    trafficPolicy:
      loadBalancer: {consistentHash: {httpQueryParameterName: u, minimumRingSize: 10}}
)";

TEST(SchemaDestinationRule, ValidDestinationRuleHasNoFindings) {
  auto l = lint(kValidDestinationRule);
  EXPECT_TRUE(l.load.empty()) << dump(l.load);
  EXPECT_TRUE(l.schema.empty()) << dump(l.schema);
}

TEST(SchemaDestinationRule, MissingHostAtSpec) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr}
spec:
  subsets: [{name: v1, labels: {version: v1}}]
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message, "spec.host: Required value");
  EXPECT_EQ(l.schema.items()[0].hint, "add `host` to `spec`");
  EXPECT_EQ(pos(l.schema.items()[0]), "5:3");
}

constexpr const char* kDestinationRuleHead = R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr}
spec:
  host: api
  trafficPolicy:
)";  // 6 lines

TEST(SchemaDestinationRule, SimpleTypoAndTlsModeTypo) {
  auto l = lint(std::string(kDestinationRuleHead) + R"(    loadBalancer:
      simple: ROUND_ROBBIN
    tls:
      mode: SIMPL
)");
  ASSERT_EQ(l.schema.size(), 2u) << dump(l.schema);
  EXPECT_EQ(
      l.schema.items()[0].message,
      R"(spec.trafficPolicy.loadBalancer.simple: Unsupported value: "ROUND_ROBBIN": supported values: "UNSPECIFIED", "LEAST_CONN", "RANDOM", "PASSTHROUGH", "ROUND_ROBIN", "LEAST_REQUEST")");
  EXPECT_EQ(l.schema.items()[0].hint, R"(did you mean "ROUND_ROBIN"?)");
  EXPECT_EQ(pos(l.schema.items()[0]), "8:15");
  EXPECT_EQ(
      l.schema.items()[1].message,
      R"(spec.trafficPolicy.tls.mode: Unsupported value: "SIMPL": supported values: "DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL")");
  EXPECT_EQ(pos(l.schema.items()[1]), "10:13");
}

TEST(SchemaDestinationRule, SimpleAndConsistentHashTogether) {
  auto l = lint(std::string(kDestinationRuleHead) + R"(    loadBalancer:
      simple: RANDOM
      consistentHash:
        httpHeaderName: x-user
        useSourceIp: true
)");
  auto c = with_code(l.schema, "IGW0105");
  ASSERT_EQ(c.size(), 2u) << dump(l.schema);
  EXPECT_EQ(c[0]->message,
            "spec.trafficPolicy.loadBalancer.consistentHash: Forbidden: only one of "
            "httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName may be set (found "
            "httpHeaderName and useSourceIp)");
  EXPECT_EQ(pos(*c[0]), "11:9");
  EXPECT_EQ(c[1]->message,
            "spec.trafficPolicy.loadBalancer: Forbidden: only one of simple or consistentHash may "
            "be set (found simple and consistentHash)");
  EXPECT_EQ(pos(*c[1]), "9:7");
}

TEST(SchemaDestinationRule, SubsetTrafficPolicyIsCheckedToo) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr}
spec:
  host: api
  subsets:
  - labels: {version: v1}
    trafficPolicy:
      conectionPool: {tcp: {maxConnections: 1}}
      portLevelSettings:
      - port: {number: "80"}
        tunnel: {targetHost: x}
)");
  ASSERT_EQ(l.schema.size(), 4u) << dump(l.schema);
  auto unknown = with_code(l.schema, "IGW0101");
  ASSERT_EQ(unknown.size(), 2u);
  EXPECT_EQ(unknown[0]->message,
            R"(spec.subsets[0].trafficPolicy.conectionPool: unknown field "conectionPool")");
  EXPECT_EQ(unknown[0]->hint, "did you mean `connectionPool`?");
  EXPECT_EQ(pos(*unknown[0]), "9:7");
  // tunnel is only a field of the whole policy, not of a port-level one.
  EXPECT_EQ(unknown[1]->message,
            R"(spec.subsets[0].trafficPolicy.portLevelSettings[0].tunnel: unknown field "tunnel")");
  auto type = with_code(l.schema, "IGW0102");
  ASSERT_EQ(type.size(), 1u);
  EXPECT_EQ(
      type[0]->message,
      R"(spec.subsets[0].trafficPolicy.portLevelSettings[0].port.number: Invalid value: "80": must be of type integer, not string)");
  EXPECT_EQ(pos(*type[0]), "11:24");
  auto missing = with_code(l.schema, "IGW0104");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0]->message, "spec.subsets[0].name: Required value");
  EXPECT_EQ(pos(*missing[0]), "7:5");
}

TEST(SchemaDestinationRule, TunnelNeedsTargetPortAndRangesAreChecked) {
  auto l = lint(std::string(kDestinationRuleHead) + R"(    tunnel: {targetHost: proxy}
    outlierDetection: {consecutive5xxErrors: -1}
    retryBudget: {percent: 150}
)");
  ASSERT_EQ(l.schema.size(), 3u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message, "spec.trafficPolicy.tunnel.targetPort: Required value");
  EXPECT_EQ(pos(l.schema.items()[0]), "7:13");
  EXPECT_EQ(l.schema.items()[1].message,
            "spec.trafficPolicy.outlierDetection.consecutive5xxErrors: Invalid value: -1: must be "
            "greater than or equal to 0");
  EXPECT_EQ(pos(l.schema.items()[1]), "8:46");
  EXPECT_EQ(l.schema.items()[2].message,
            "spec.trafficPolicy.retryBudget.percent: Invalid value: 150: must be less than or "
            "equal to 100");
}

TEST(SchemaDestinationRule, LabelValueThatIsANumber) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr}
spec:
  host: api
  subsets:
  - name: v1
    labels:
      version: 1.0
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message,
            "spec.subsets[0].labels[version]: Invalid value: 1.0: must be of type string, not "
            "number");
  EXPECT_EQ(l.schema.items()[0].hint, R"(quote the value ("1.0") so it stays a string)");
  EXPECT_EQ(pos(l.schema.items()[0]), "9:16");
}

}  // namespace
}  // namespace igw::check::schema
