// validateTLSRoute / validateTCPRoute: matches, SNI hosts, subnets, ports, destinations.
#include "tests/check_rules/rule_case.h"

namespace igw::check::rules::testing {
namespace {

// A VirtualService for a.example.com and *.b.example.com through gateway gw; `rules` from line 7.
std::string l4(std::string_view rules) {
  return std::string(R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: default}
spec:
  hosts: [a.example.com, "*.b.example.com"]
  gateways: [gw]
)") + std::string(rules);
}

std::vector<RuleCase> l4_cases() {
  return {
      {"ValidTls",
       l4(R"(  tls:
  - match:
    - sniHosts: [a.example.com, x.b.example.com]
      port: 443
      destinationSubnets: [10.0.0.0/8, "::1", 192.168.0.1]
      sourceLabels: {app: client}
    route:
    - destination: {host: backend, port: {number: 8443}}
)"),
       {}},
      {"TlsRouteWithoutMatchOrRoute",
       l4(R"(  tls:
  - route: []
)"),
       {"IST0106 8:5 Schema validation error: TLS route must have at least one match condition",
        "IST0106 8:5 Schema validation error: TLS route is required"}},
      {"TlsMatchProblems",
       l4(R"(  tls:
  - match:
    -
    - port: 70000
    - sniHosts: [c.example.com, "10.0.0.1", "bad_host.example.com"]
      destinationSubnets: [10.0.0.0/33, 10.0.0.256, 10.0.0.0/08]
      gateways: [gw.legacy]
    route:
    - destination: {host: backend}
)"),
       {"IST0106 9:5 Schema validation error: TLS match may not be null",
        "IST0106 10:7 Schema validation error: TLS match must have at least one SNI host",
        "IST0106 10:13 Schema validation error: port number 70000 must be in the range 1..65535",
        "IST0106 11:18 Schema validation error: SNI host \"c.example.com\" is not a compatible "
        "subset of any of the virtual service hosts: [a.example.com, *.b.example.com]",
        "IST0106 11:45 Schema validation error: domain name \"bad_host.example.com\" invalid "
        "(label \"bad_host\" invalid)",
        "IST0106 12:28 Schema validation error: 10.0.0.0/33 is not a valid CIDR block",
        "IST0106 12:41 Schema validation error: 10.0.0.256 is not a valid IP",
        "IST0106 12:53 Schema validation error: 10.0.0.0/08 is not a valid CIDR block",
        "IST0133 11:33 Schema validation warning: using an IP address (\"10.0.0.1\") goes against "
        "SNI spec and most clients do not support this",
        "IST0133 13:18 Schema validation warning: using legacy gatewayName format \"gw.legacy\"; "
        "prefer the <namespace>/<name> format: \"legacy/gw\""}},
      {"AutoPassthroughSniName",
       l4(R"(  tls:
  - match:
    - sniHosts: [outbound_.8080_._.a.example.com, outbound_.x_._.a.example.com]
    route:
    - destination: {host: backend}
)"),
       {"IST0106 9:18 Schema validation error: SNI host \"outbound_.8080_._.a.example.com\" is "
        "not a compatible subset of any of the virtual service hosts: [a.example.com, "
        "*.b.example.com]",
        "IST0106 9:51 Schema validation error: domain name \"outbound_.x_._.a.example.com\" "
        "invalid (label \"x\" invalid). should follow outbound_.<PORT>_._.<HOSTNAME> format"}},
      {"TlsDestinations",
       l4(R"(  tls:
  - match: [{sniHosts: [a.example.com]}]
    route:
    - destination: {host: a}
      weight: 0
    - destination: {host: b}
    -
)"),
       {"IST0106 13:5 Schema validation error: weight may not be nil",
        "IST0106 9:5 Schema validation error: total destination weight = 0"}},
      {"ValidTcp",
       l4(R"(  tcp:
  - match: [{port: 31400, destinationSubnets: [10.0.0.0/16]}]
    route:
    - destination: {host: echo, port: {number: 9000}}
)"),
       {}},
      {"TcpProblems",
       l4(R"(  tcp:
  - match:
    -
    - port: 0
      gateways: [gw.legacy, "ns/"]
      sourceLabels: {"": x}
  - match: [{port: 31400}]
)"),
       {"IST0106 9:5 Schema validation error: tcp match may not be nil",
        "IST0106 12:22 Schema validation error: invalid tag key: \"\"",
        "IST0106 8:5 Schema validation error: TCP route is required",
        "IST0106 13:5 Schema validation error: TCP route is required"}},
  };
}

IGW_RULE_CASES(L4RouteRules, l4_cases);

}  // namespace
}  // namespace igw::check::rules::testing
