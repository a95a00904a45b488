// ValidateVirtualService: metadata, delegates, gateways, JWT claim keys, hosts, exportTo.
#include "tests/check_rules/rule_case.h"

namespace igw::check::rules::testing {
namespace {

// A VirtualService "vs" in "default" whose spec body starts on line 7.
std::string vs(std::string_view spec) {
  return std::string(R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
  namespace: default
spec:
)") + std::string(spec);
}

const std::string kOneHttpRoute = R"(  http:
  - route:
    - destination: {host: reviews}
)";

std::vector<RuleCase> vs_cases() {
  return {
      {"Valid",
       vs("  hosts: [a.example.com]\n  gateways: [istio-system/gw]\n" + kOneHttpRoute),
       {}},
      {"DryRunAnnotation",
       R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
  namespace: default
  annotations:
    istio.io/dry-run: "true"
spec:
  hosts: ["*"]
)",
       {"IST0106 7:5 Schema validation error: default/vs has unsupported annotation "
        "istio.io/dry-run, please remove the annotation"}},
      {"AlwaysRejectAnnotation",
       R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
  namespace: default
  annotations: {internal.istio.io/webhook-always-reject: "x"}
spec: {}
)",
       {"IST0106 6:17 Schema validation error: \"internal.istio.io/webhook-always-reject\" "
        "annotation found, rejecting"}},
      {"DelegateWithGatewaysAndL4",
       vs(R"(  gateways: [gw]
  tls:
  - match: [{sniHosts: [a.example.com]}]
    route: [{destination: {host: a}}]
  tcp:
  - route: [{destination: {host: a}}]
)"),
       {"IST0106 7:3 Schema validation error: delegate virtual service must have no gateways "
        "specified",
        "IST0106 8:3 Schema validation error: delegate virtual service must have no tls route "
        "specified",
        "IST0106 11:3 Schema validation error: delegate virtual service must have no tcp route "
        "specified",
        "IST0106 9:25 Schema validation error: SNI host \"a.example.com\" is not a compatible "
        "subset of any of the virtual service hosts: []"}},
      {"DelegateHttpOnly", vs(kOneHttpRoute), {}},
      {"LegacyGatewayName",
       vs("  hosts: [a.example.com]\n  gateways: [gw.istio-system]\n" + kOneHttpRoute),
       {"IST0133 8:14 Schema validation warning: using legacy gatewayName format "
        "\"gw.istio-system\"; prefer the <namespace>/<name> format: \"istio-system/gw\""}},
      {"BadGatewayReferences",
       vs("  hosts: [a.example.com]\n  gateways: [\"/gw\", \"Bad_ns/gw\", \"ns/gw*\"]\n" +
          kOneHttpRoute),
       {"IST0106 8:14 Schema validation error: config namespace and gateway name cannot be empty",
        "IST0106 8:14 Schema validation error: invalid value for namespace: \"\"",
        "IST0106 8:21 Schema validation error: invalid value for namespace: \"Bad_ns\"",
        "IST0106 8:34 Schema validation error: invalid value for gateway name: \"gw*\""}},
      {"GatewayNamesAfterAShortNameAreNotChecked",
       vs("  hosts: [a.example.com]\n  gateways: [mesh, \"ns/gw*\"]\n" + kOneHttpRoute),
       {}},
      {"JwtClaimWithoutGateway",
       vs(R"(  hosts: [reviews]
  http:
  - match:
    - headers:
        "@request.auth.claims.group": {exact: admin}
    route:
    - destination: {host: reviews}
)"),
       {"IST0106 11:9 Schema validation error: JWT claim based routing (key: "
        "@request.auth.claims.group) is only supported for gateway, found no gateways: []"}},
      {"JwtClaimWithMeshGateway",
       vs(R"(  hosts: [reviews]
  gateways: [mesh]
  http:
  - match:
    - withoutHeaders:
        "@request.auth.claims[group]": {exact: admin}
    route:
    - destination: {host: reviews}
)"),
       {"IST0106 12:9 Schema validation error: JWT claim based routing (key: "
        "@request.auth.claims[group]) is only supported for gateway, found no gateways: [mesh]"}},
      {"JwtClaimWithGateway",
       vs(R"(  hosts: [a.example.com]
  gateways: [gw]
  http:
  - match:
    - headers:
        "@request.auth.claims.group": {exact: admin}
    route:
    - destination: {host: reviews}
)"),
       {}},
      {"InvalidHost",
       vs("  hosts: [\"a..example.com\", \"10.0.0.1\"]\n" + kOneHttpRoute),
       {"IST0106 7:11 Schema validation error: domain name \".example.com\" invalid (label "
        "\"\" invalid)"}},
      {"WildcardHostOnMesh",
       vs("  hosts: [\"*\"]\n" + kOneHttpRoute),
       {"IST0106 7:11 Schema validation error: wildcard host * is not allowed for virtual "
        "services bound to the mesh gateway"}},
      {"WildcardHostOnGateway", vs("  hosts: [\"*\"]\n  gateways: [gw]\n" + kOneHttpRoute), {}},
      {"DuplicateHosts",
       vs("  hosts: [\"*.example.com\", a.example.com, b.example.com, "
          "b.example.com]\n  gateways: [gw]\n" +
          kOneHttpRoute),
       {"IST0106 7:28 Schema validation error: duplicate hosts in virtual service: "
        "*.example.com & a.example.com",
        "IST0106 7:43 Schema validation error: duplicate hosts in virtual service: "
        "*.example.com & b.example.com",
        "IST0106 7:58 Schema validation error: duplicate hosts in virtual service: "
        "*.example.com & b.example.com",
        "IST0106 7:58 Schema validation error: duplicate hosts in virtual service: "
        "b.example.com & b.example.com"}},
      {"NoRules",
       vs("  hosts: [reviews]\n"),
       {"IST0106 7:3 Schema validation error: http, tcp or tls must be provided in virtual "
        "service"}},
      {"NullHttpRule",
       vs("  hosts: [reviews]\n  http:\n  -\n"),
       {"IST0106 9:3 Schema validation error: http route may not be null"}},
      {"ExportTo",
       vs("  hosts: [reviews]\n  exportTo: [\".\", default, \"*\", ns1, ns1, \"~\", "
          "bad_ns]\n" +
          kOneHttpRoute),
       {"IST0106 8:19 Schema validation error: duplicate entries in exportTo for entry default",
        "IST0106 8:38 Schema validation error: duplicate entries in exportTo for entry ns1",
        "IST0106 8:43 Schema validation error: exportTo ~ (none) is not allowed for Istio "
        "configuration objects",
        "IST0106 8:48 Schema validation error: only .,*,~, or a valid DNS 1123 label is allowed as "
        "exportTo entry",
        "IST0106 8:3 Schema validation error: cannot have both public (*) and non-public exportTo "
        "values for a resource"}},
      {"ExportToDotAfterNamespace",
       vs("  hosts: [reviews]\n  exportTo: [default, \".\"]\n" + kOneHttpRoute),
       {"IST0106 8:23 Schema validation error: duplicate entries in exportTo: . and current "
        "namespace default"}},
      {"ExportToValid", vs("  hosts: [reviews]\n  exportTo: [\".\", other]\n" + kOneHttpRoute), {}},
  };
}

IGW_RULE_CASES(VirtualServiceRules, vs_cases);

}  // namespace
}  // namespace igw::check::rules::testing
