// ValidateGateway: metadata, servers, hosts, ports, bind and protocol vs TLS.
#include "tests/check_rules/rule_case.h"

#include <gmock/gmock.h>

namespace igw::check::rules::testing {
namespace {

const std::string kHttpServer = R"(  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.example.com"]
)";

std::vector<RuleCase> gateway_cases() {
  return {
      {"ValidHttpServer", gateway(kHttpServer), {}},
      {"InvalidGatewayName",
       R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: my.gw
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.example.com"]
)",
       {"IST0106 4:9 Schema validation error: invalid gateway name: \"my.gw\""}},
      {"NoServers",
       gateway("  []\n"),
       {"IST0106 7:3 Schema validation error: gateway must have at least one server"}},
      {"NullServer",
       gateway("  -\n" + kHttpServer),
       {"IST0106 8:3 Schema validation error: cannot have nil server",
        "IST0106 8:3 Schema validation error: server may not be nil"}},
      {"DuplicatePortNames",
       gateway(kHttpServer + R"(  - port: {number: 8080, name: http, protocol: HTTP}
    hosts: ["b.example.com"]
)"),
       {"IST0106 10:32 Schema validation error: port names in servers must be unique: duplicate "
        "name http"}},
      {"HttpsRedirectOnHttpServer",
       gateway(R"(  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.example.com"]
    tls: {httpsRedirect: true}
)"),
       {}},
      {"HttpsRedirectOnHttpsServer",
       gateway(R"(  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["a.example.com"]
    tls: {httpsRedirect: true, mode: SIMPLE, credentialName: cert}
)"),
       {"IST0133 10:26 Schema validation warning: tls.httpsRedirect should only be used with "
        "http servers"}},
      {"NoHosts",
       gateway(R"(  - port: {number: 80, name: http, protocol: HTTP}
    hosts: []
)"),
       {"IST0106 9:5 Schema validation error: server config must contain at least one host"}},
      {"ValidHostForms",
       gateway(R"(  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*", "*.example.com", "./a.example.com", "prod/b.example.com", "*/c.example.com", "10.0.0.1"]
)"),
       {}},
      {"ShortHostName",
       gateway(R"(  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["reviews"]
)"),
       {"IST0106 9:13 Schema validation error: short names (non FQDN) are not allowed"}},
      {"PartialWildcardHost",
       gateway(R"(  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a*.example.com"]
)"),
       {"IST0106 9:13 Schema validation error: domain name \"a*.example.com\" invalid (label "
        "\"a*\" invalid)",
        "IST0106 9:13 Schema validation error: partial wildcard \"a*.example.com\" not "
        "allowed"}},
      {"BadHostNamespace",
       gateway(R"(  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["Bad_ns/a.example.com", "/b.example.com"]
)"),
       {"IST0106 9:13 Schema validation error: invalid namespace value \"Bad_ns\" in gateway",
        "IST0106 9:37 Schema validation error: config namespace and dnsName in host entry cannot "
        "be empty",
        "IST0106 9:37 Schema validation error: invalid namespace value \"\" in gateway"}},
      {"BadHostLabel",
       gateway(R"(  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a_b.example.com", "a.example.123"]
)"),
       {"IST0106 9:13 Schema validation error: domain name \"a_b.example.com\" invalid (label "
        "\"a_b\" invalid)",
        "IST0106 9:32 Schema validation error: domain name \"example.123\" invalid (top level "
        "domain \"123\" cannot be all-numeric)"}},
      {"PortMissing",
       gateway(R"(  - hosts: ["a.example.com"]
)"),
       {"IST0106 8:5 Schema validation error: port is required"}},
      {"InvalidProtocol",
       gateway(R"(  - port: {number: 80, name: http, protocol: HTTP3}
    hosts: ["a.example.com"]
)"),
       {"IST0106 8:46 Schema validation error: invalid protocol \"HTTP3\", supported protocols "
        "are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP"}},
      {"ProtocolIsCaseInsensitive",
       gateway(R"(  - port: {number: 80, name: http, protocol: grpc-web}
    hosts: ["a.example.com"]
)"),
       {}},
      {"PortOutOfRange",
       gateway(R"(  - port: {number: 70000, name: http, protocol: HTTP}
    hosts: ["a.example.com"]
)"),
       {"IST0106 8:20 Schema validation error: port number 70000 must be in the range "
        "1..65535"}},
      {"PortZeroWithoutUnixBind",
       gateway(R"(  - port: {number: 0, name: http, protocol: HTTP}
    hosts: ["a.example.com"]
)"),
       {"IST0106 8:20 Schema validation error: port number 0 must be in the range 1..65535"}},
      {"TargetPort",
       gateway(R"(  - port: {number: 443, name: https, protocol: HTTPS, targetPort: 8443}
    hosts: ["a.example.com"]
    tls: {mode: SIMPLE, credentialName: cert}
)"),
       {"IST0106 8:67 Schema validation error: targetPort has no impact on Gateways"}},
      {"PortNameMissing",
       gateway(R"(  - port: {number: 80, protocol: HTTP}
    hosts: ["a.example.com"]
)"),
       {"IST0106 8:5 Schema validation error: port name must be set: number:80 "
        "protocol:\"HTTP\""}},
      {"UnixBindWithPortZero",
       gateway(R"(  - port: {number: 0, name: uds, protocol: HTTP}
    bind: unix:///var/run/gw.sock
    hosts: ["a.example.com"]
)"),
       {}},
      {"UnixBindWithPortNumber",
       gateway(R"(  - port: {number: 80, name: uds, protocol: HTTP}
    bind: unix:///var/run/gw.sock
    hosts: ["a.example.com"]
)"),
       {"IST0106 8:20 Schema validation error: port number must be 0 for unix domain socket: "
        "number:80 protocol:\"HTTP\" name:\"uds\""}},
      {"UnixBindRelativePath",
       gateway(R"(  - port: {number: 0, name: uds, protocol: HTTP}
    bind: unix://var/run/gw.sock
    hosts: ["a.example.com"]
)"),
       {"IST0106 9:11 Schema validation error: var/run/gw.sock is not an absolute path to a "
        "file"}},
      {"BindNotAnIp",
       gateway(R"(  - port: {number: 80, name: http, protocol: HTTP}
    bind: localhost
    hosts: ["a.example.com"]
)"),
       {"IST0106 9:11 Schema validation error: localhost is not a valid IP"}},
      {"BindIp",
       gateway(R"(  - port: {number: 80, name: http, protocol: HTTP}
    bind: 127.0.0.1
    hosts: ["a.example.com"]
)"),
       {}},
      {"HttpsWithoutTls",
       gateway(R"(  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["a.example.com"]
)"),
       {"IST0106 8:48 Schema validation error: server must have TLS settings for HTTPS/TLS "
        "protocols"}},
      {"HttpWithTerminatingTls",
       gateway(R"(  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.example.com"]
    tls: {mode: SIMPLE, credentialName: cert}
)"),
       {"IST0106 10:5 Schema validation error: server cannot have TLS settings for plain text "
        "HTTP ports"}},
      {"Http2WithPassthroughCertificate",
       gateway(R"(  - port: {number: 80, name: http, protocol: HTTP2}
    hosts: ["a.example.com"]
    tls: {serverCertificate: /etc/cert.pem}
)"),
       {"IST0106 10:5 Schema validation error: server cannot have TLS settings for plain text "
        "HTTP ports",
        "IST0133 10:5 Schema validation warning: PASSTHROUGH mode does not use certificates, "
        "they will be ignored"}},
      {"TcpWithTls",
       gateway(R"(  - port: {number: 5432, name: tcp, protocol: TCP}
    hosts: ["db.example.com"]
    tls: {mode: SIMPLE, credentialName: cert}
)"),
       {"IST0106 10:5 Schema validation error: server cannot have TLS settings for non "
        "HTTPS/TLS ports"}},
      {"TlsPassthrough",
       gateway(R"(  - port: {number: 443, name: tls, protocol: TLS}
    hosts: ["db.example.com"]
    tls: {mode: PASSTHROUGH}
)"),
       {}},
  };
}

IGW_RULE_CASES(GatewayRules, gateway_cases);

TEST(GatewayRulesHints, PlainTextTlsSaysWhatToChange) {
  EXPECT_THAT(only_hint(gateway(R"(  - port: {number: 443, name: grpc, protocol: GRPC}
    hosts: ["a.example.com"]
    tls: {mode: SIMPLE, credentialName: cert}
)")),
              ::testing::HasSubstr("use protocol HTTPS"));
}

}  // namespace
}  // namespace igw::check::rules::testing
