// ValidateDestinationRule: host, subsets, workload selector, exportTo, and the traffic policy
// (connection pool, load balancer, outlier detection, client TLS, port level, tunnel, proxy
// protocol).
#include "tests/check_rules/rule_case.h"

namespace igw::check::rules::testing {
namespace {

// trafficPolicy written from line 9 (indented 4).
std::string policy(std::string_view body) {
  return destination_rule("  trafficPolicy:\n" + std::string(body));
}

std::vector<RuleCase> dr_cases() {
  return {
      {"Valid",
       destination_rule(R"(  trafficPolicy:
    connectionPool:
      tcp: {maxConnections: 100, connectTimeout: 30ms, tcpKeepalive: {time: 7200s, interval: 75s}}
      http: {http2MaxRequests: 1000, maxRequestsPerConnection: 10, idleTimeout: 1h}
    loadBalancer:
      simple: LEAST_REQUEST
      localityLbSetting:
        enabled: true
        distribute:
        - from: us-west/zone1/*
          to: {"us-west/zone1/*": 80, "us-west/zone2/*": 20}
    outlierDetection: {consecutive5xxErrors: 7, interval: 5m, baseEjectionTime: 15m}
    tls: {mode: ISTIO_MUTUAL}
    portLevelSettings:
    - port: {number: 80}
      loadBalancer: {simple: ROUND_ROBIN}
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
    trafficPolicy: {loadBalancer: {simple: RANDOM}}
)"),
       {}},
      {"EmptyHost",
       R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr, namespace: default}
spec:
  host: ""
)",
       {"IST0106 5:9 Schema validation error: empty domain name not allowed"}},
      {"Subsets",
       destination_rule(R"(  subsets:
  -
  - name: v1
    labels: {version: v1}
  - name: v1
  - name: V_2
    labels: {"bad key": x, version: "v2-"}
  - name: v3
    trafficPolicy:
      outlierDetection: {consecutiveErrors: 5}
      connectionPool: {}
)"),
       {"IST0106 9:3 Schema validation error: subset may not be null",
        "IST0106 12:11 Schema validation error: duplicate subset names: v1",
        "IST0106 13:11 Schema validation error: subset name is invalid: V_2",
        "IST0106 14:14 Schema validation error: invalid tag key: \"bad key\"",
        "IST0106 14:37 Schema validation error: invalid tag value: \"v2-\"",
        "IST0106 18:23 Schema validation error: connection pool must have at least one field"}},
      {"WorkloadSelector",
       destination_rule(R"(  workloadSelector:
    matchLabels: {app: "*", "": x}
  exportTo: [other]
)"),
       {"IST0106 10:3 Schema validation error: destination rule with workload selector cannot "
        "have exportTo beyond current namespace",
        "IST0106 9:19 Schema validation error: wildcard is not supported in selector: "
        "\"app=*\"",
        "IST0106 9:29 Schema validation error: empty key is not supported in selector: \"=x\""}},
      {"WorkloadSelectorWithoutLabels",
       destination_rule(R"(  workloadSelector: {}
  exportTo: [".", default]
)"),
       {"IST0106 9:19 Schema validation error: duplicate entries in exportTo for entry default",
        "IST0133 8:21 Schema validation warning: workload selector specified without labels"}},
      {"WorkloadSelectorExportedTwice",
       destination_rule(R"(  workloadSelector: {matchLabels: {app: a}}
  exportTo: [".", other]
)"),
       {"IST0106 9:3 Schema validation error: destination rule with workload selector cannot "
        "have multiple entries in exportTo"}},
      {"EmptyTrafficPolicy",
       policy("    {}\n"),
       {"IST0106 9:5 Schema validation error: traffic policy must have at least one field"}},
      {"RetryBudgetOnly", policy("    retryBudget: {percent: {value: 20}}\n"), {}},
      {"TunnelAndProxyProtocol",
       policy(R"(    tunnel: {targetHost: a.example.com, targetPort: 443}
    proxyProtocol: {version: V2}
)"),
       {"IST0106 10:5 Schema validation error: tunnel and proxyProtocol must not be set "
        "together"}},
      {"Tunnel",
       policy("    tunnel: {protocol: GET, targetHost: \"bad host\", targetPort: 0}\n"),
       {"IST0106 9:24 Schema validation error: tunnel protocol must be \"CONNECT\" or \"POST\"",
        "IST0106 9:41 Schema validation error: tunnel target host must be valid FQDN or IP "
        "address: domain name \"bad host\" invalid (label \"bad host\" invalid); bad host is not a "
        "valid IP",
        "IST0106 9:65 Schema validation error: tunnel target port is invalid: port number 0 must "
        "be in the range 1..65535"}},
      {"ProxyProtocolVersion",
       policy("    proxyProtocol: {version: 2}\n"),
       {"IST0106 9:30 Schema validation error: proxy protocol version is invalid: 2"}},
      {"OutlierDetection",
       policy(R"(    outlierDetection:
      consecutiveErrors: 5
      consecutiveLocalOriginFailures: 3
      interval: 0s
      baseEjectionTime: 1.0005s
      maxEjectionPercent: 150
      minHealthPercent: -1
)"),
       {"IST0106 13:25 Schema validation error: only durations to ms precision are supported",
        "IST0106 11:39 Schema validation error: outlier detection consecutive local origin "
        "failures is specified, but split external local origin errors is set to false",
        "IST0106 12:17 Schema validation error: duration must be greater than 1ms",
        "IST0106 14:27 Schema validation error: percentage 150 is not in range 0..100",
        "IST0106 15:25 Schema validation error: percentage -1 is not in range 0..100",
        "IST0133 10:26 Schema validation warning: outlier detection consecutive errors is "
        "deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead"}},
      {"LocalOriginSplit",
       policy(R"(    outlierDetection:
      consecutiveLocalOriginFailures: 3
      splitExternalLocalOriginErrors: true
)"),
       {}},
      {"ConnectionPool",
       policy(R"(    connectionPool:
      http:
        http1MaxPendingRequests: -1
        http2MaxRequests: -1
        maxRequestsPerConnection: -1
        maxRetries: -1
        idleTimeout: 0s
        h2UpgradePolicy: UPGRADE
        useClientProtocol: true
        maxConcurrentStreams: -1
      tcp:
        maxConnections: -1
        connectTimeout: 0s
        maxConnectionDuration: 1.5ms
        idleTimeout: 0s
        tcpKeepalive: {time: 500us, interval: 2s}
)"),
       {"IST0106 11:34 Schema validation error: http1 max pending requests must be non-negative",
        "IST0106 12:27 Schema validation error: http2 max requests must be non-negative",
        "IST0106 13:35 Schema validation error: max requests per connection must be non-negative",
        "IST0106 14:21 Schema validation error: max retries must be non-negative",
        "IST0106 15:22 Schema validation error: duration must be greater than 1ms",
        "IST0106 17:28 Schema validation error: use client protocol must not be true when "
        "H2UpgradePolicy is UPGRADE",
        "IST0106 18:31 Schema validation error: max concurrent streams must be non-negative",
        "IST0106 20:25 Schema validation error: max connections must be non-negative",
        "IST0106 21:25 Schema validation error: duration must be greater than 1ms",
        "IST0106 22:32 Schema validation error: only durations to ms precision are supported",
        "IST0106 24:30 Schema validation error: duration must be greater than 1ms"}},
      {"EmptyConnectionPool",
       policy("    connectionPool: {}\n"),
       {"IST0106 9:21 Schema validation error: connection pool must have at least one field"}},
      {"ConsistentHash",
       policy(R"(    loadBalancer:
      consistentHash:
        httpCookie: {ttl: 0s}
        minimumRingSize: 1024
        maglev: {tableSize: 5000012}
)"),
       {"IST0106 11:21 Schema validation error: name required for HttpCookie",
        "IST0106 12:26 Schema validation error: only one of MinimumRingSize or Maglev/Ringhash "
        "can be specified",
        "IST0106 13:29 Schema validation error: tableSize must be less than 5000011 for maglev",
        "IST0106 13:29 Schema validation error: tableSize must be a prime number for maglev",
        "IST0133 12:26 Schema validation warning: consistent hash MinimumRingSize is deprecated, "
        "use ConsistentHashLB's RingHash configuration instead"}},
      {"MaglevTableSizeMissing",
       policy("    loadBalancer: {consistentHash: {maglev: {}}}\n"),
       {"IST0106 9:45 Schema validation error: tableSize must be set for maglev",
        "IST0106 9:45 Schema validation error: tableSize must be a prime number for maglev"}},
      {"MaglevPrimeTableSize",
       policy(
           R"(    loadBalancer: {consistentHash: {maglev: {tableSize: 65537}, httpHeaderName: x-user}}
)"),
       {}},
      {"LocalityDistributeAndFailover",
       policy(R"(    loadBalancer:
      localityLbSetting:
        distribute: [{from: a, to: {b: 100}}]
        failover: [{from: a, to: b}]
)"),
       {"IST0106 12:9 Schema validation error: can not simultaneously specify 'distribute' and "
        "'failover'"}},
      {"LocalityWeights",
       policy(R"(    loadBalancer:
      localityLbSetting:
        distribute:
        - from: us-west/*
          to: {"us-east/*": 60, "eu/*": 30}
)"),
       {"IST0106 13:11 Schema validation error: total locality weight 90 != 100"}},
      {"LocalityWeightRange",
       policy(R"(    loadBalancer:
      localityLbSetting:
        distribute:
        - from: us-west
          to: {us-east: 101}
)"),
       {"IST0106 13:25 Schema validation error: locality weight must be in range [1, 100]"}},
      {"LocalityOverlaps",
       policy(R"(    loadBalancer:
      localityLbSetting:
        distribute:
        - from: us-west/zone1/*
          to: {"us-east/*": 50, "us-east/zone2": 50}
        - from: "us-*/zone1"
          to: {"a//b": 100}
)"),
       {"IST0106 13:11 Schema validation error: locality us-east/zone2 overlap with previous "
        "specified ones",
        "IST0106 15:11 Schema validation error: locality a//b must not contain empty "
        "region/zone/subzone info",
        "IST0106 11:9 Schema validation error: locality us-*/zone1 wildcard '*' number can not "
        "exceed 1 and must be in the end"}},
      {"LocalityFailover",
       policy(R"(    loadBalancer:
      localityLbSetting:
        failover:
        - {from: us-east, to: us-east}
        - {from: us-east/zone1, to: "eu-*"}
)"),
       {"IST0106 12:11 Schema validation error: locality lb failover settings must specify "
        "different regions",
        "IST0106 13:11 Schema validation error: locality lb failover only specify region",
        "IST0106 13:11 Schema validation error: locality lb failover region should not contain '*' "
        "wildcard",
        "IST0133 11:9 Schema validation warning: outlier detection policy must be provided for "
        "failover"}},
      {"LocalityFailoverPriorityWithTopologyLabel",
       policy(R"(    outlierDetection: {consecutive5xxErrors: 3}
    loadBalancer:
      localityLbSetting:
        failover: [{from: us-east, to: eu-west}]
        failoverPriority: [topology.istio.io/network, topology.kubernetes.io/zone]
)"),
       {"IST0106 13:55 Schema validation error: can not simultaneously set 'failover' and topology "
        "label 'topology.kubernetes.io/zone' in 'failover_priority'"}},
      {"ZoneAwareAndLocality",
       policy(R"(    loadBalancer:
      localityLbSetting: {enabled: true}
      zoneAwareLbSetting: {enabled: true}
)"),
       {"IST0106 11:7 Schema validation error: only one of localityLbSetting and "
        "zoneAwareLbSetting can be set"}},
      {"Warmup",
       policy(R"(    loadBalancer:
      warmup: {minimumPercent: 150, aggression: 0.5}
)"),
       {"IST0106 10:15 Schema validation error: duration is required",
        "IST0106 10:32 Schema validation error: minimumPercent value should be less than or equal "
        "to 100",
        "IST0106 10:49 Schema validation error: aggression should be greater than or equal to 1"}},
      {"PortLevelSettings",
       policy(R"(    portLevelSettings:
    -
    - loadBalancer: {simple: RANDOM}
    - port: {number: 8080}
    - port: {number: 9090}
      loadBalancer: {localityLbSetting: {failover: [{from: a, to: b}]}}
      outlierDetection: {consecutiveErrors: 1}
)"),
       {"IST0106 10:5 Schema validation error: traffic policy may not be null",
        "IST0106 11:7 Schema validation error: portTrafficPolicy must have valid port",
        "IST0106 12:7 Schema validation error: port traffic policy must have at least one "
        "field"}},
      {"ClientTlsMutualWithoutCertificates",
       policy("    tls: {mode: MUTUAL}\n"),
       {"IST0106 9:17 Schema validation error: client certificate required for mutual tls",
        "IST0106 9:17 Schema validation error: private key required for mutual tls"}},
      {"ClientTlsCredentialWithFiles",
       policy("    tls: {mode: SIMPLE, credentialName: cacert, caCertificates: /etc/ca.pem}\n"),
       {"IST0106 9:41 Schema validation error: cannot specify client certificates or CA "
        "certificate or CA CRL If credentialName is set"}},
      {"ClientTlsInsecureSkipVerify",
       policy(R"(    tls: {mode: SIMPLE, insecureSkipVerify: true, subjectAltNames: [a.example.com]}
    portLevelSettings:
    - port: {number: 443}
      tls: {mode: MUTUAL, insecureSkipVerify: true, caCertificates: /ca.pem, clientCertificate: c, privateKey: k}
)"),
       {"IST0106 9:45 Schema validation error: cannot specify CaCertificates or CredentialName or "
        "SubjectAltNames when InsecureSkipVerify is set true",
        "IST0106 12:47 Schema validation error: cannot specify CaCertificates or SubjectAltNames "
        "when InsecureSkipVerify is set true"}},
      {"ClientTlsConfigMap",
       policy(R"(    tls: {mode: SIMPLE, credentialName: "configmap://other/root-ca"}
    portLevelSettings:
    - port: {number: 443}
      tls: {mode: SIMPLE, credentialName: "configmap://default"}
    - port: {number: 8443}
      tls: {mode: SIMPLE, credentialName: "configmap://default/root-ca"}
)"),
       {"IST0106 9:41 Schema validation error: invalid configmap:// credentialName: namespace "
        "must match the configuration namespace \"default\"",
        "IST0106 12:43 Schema validation error: invalid configmap:// credentialName: invalid "
        "resource name \"configmap://default\". Expected namespace and name"}},
  };
}

IGW_RULE_CASES(DestinationRuleRules, dr_cases);

}  // namespace
}  // namespace igw::check::rules::testing
