// schema.Gateway: a valid Gateway is clean; each shape mistake is one finding at its position.
#include "lib/check/schema/messages.h"
#include "tests/check_schema/schema_test_util.h"

#include <gtest/gtest.h>

namespace igw::check::schema {
namespace {

using testing::dump;
using testing::lint;
using testing::pos;
using testing::with_code;

constexpr const char* kValidGateway = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: istio-system
  labels:
    app: edge
  annotations:
    note: "1"
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
      targetPort: 8443
    bind: 0.0.0.0
    name: main
    hosts:
    - "*.example.com"
    - ns/app.example.com
    tls:
      mode: MUTUAL
      credentialName: cert
      caCertCredentialName: ca
      subjectAltNames: [client.example.com]
      minProtocolVersion: TLSV1_2
      maxProtocolVersion: TLSV1_3
      cipherSuites: [ECDHE-RSA-AES256-GCM-SHA384]
      verifyCertificateSpki: [abc]
      verifyCertificateHash: [def]
      caCrl: /etc/crl.pem
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
    tls: {httpsRedirect: true}
  - port: {number: 8443, name: https-files, protocol: HTTPS}
    hosts: [files.example.com]
    tls:
      mode: SIMPLE
      tlsCertificates:
      - serverCertificate: /etc/rsa.pem
        privateKey: /etc/rsa.key
      - serverCertificate: /etc/ec.pem
        privateKey: /etc/ec.key
        caCertificates: /etc/ca.pem
status:
  observedGeneration: "3"
  validationMessages:
  - level: ERROR
    type: {code: IST0101}
  somethingIstioAdds: true
)";

TEST(SchemaGateway, ValidGatewayHasNoFindings) {
  auto l = lint(kValidGateway);
  EXPECT_TRUE(l.load.empty()) << dump(l.load);
  EXPECT_TRUE(l.schema.empty()) << dump(l.schema);
}

TEST(SchemaGateway, HttpsRedirectsTypoIsUnknownWithSuggestion) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata:
  name: gw
  namespace: istio-system
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
    tls:
      httpsRedirects: true
)",
                "gw.yaml");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  const auto& d = l.schema.items()[0];
  EXPECT_EQ(d.code, "IGW0101");
  EXPECT_EQ(d.name, "UnknownField");
  EXPECT_EQ(d.severity, base::Severity::Error);
  EXPECT_EQ(d.message, R"(spec.servers[0].tls.httpsRedirects: unknown field "httpsRedirects")");
  EXPECT_EQ(d.hint, "did you mean `httpsRedirect`?");
  EXPECT_EQ(d.loc.str(), "gw.yaml:11:7");
  EXPECT_EQ(d.resource.str(), "Gateway istio-system/gw");
}

TEST(SchemaGateway, QuotedPortNumberIsAString) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port:
      number: "443"
      name: https
      protocol: HTTPS
    hosts: ["*"]
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  const auto& d = l.schema.items()[0];
  EXPECT_EQ(d.code, "IGW0102");
  EXPECT_EQ(
      d.message,
      R"(spec.servers[0].port.number: Invalid value: "443": must be of type integer, not string)");
  EXPECT_EQ(d.hint, "write 443 without quotes: a quoted number is a string");
  EXPECT_EQ(pos(d), "8:15");
}

TEST(SchemaGateway, MissingPortNumberAtThePortMap) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port:
      name: https
      protocol: HTTPS
    hosts: ["*"]
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  const auto& d = l.schema.items()[0];
  EXPECT_EQ(d.code, "IGW0104");
  EXPECT_EQ(d.message, "spec.servers[0].port.number: Required value");
  EXPECT_EQ(d.hint, "add `number` to `spec.servers[0].port`");
  EXPECT_EQ(pos(d), "8:7");
}

TEST(SchemaGateway, ServerWithoutPortAndHosts) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - tls: {mode: SIMPLE, credentialName: c}
)");
  auto missing = with_code(l.schema, "IGW0104");
  ASSERT_EQ(missing.size(), 2u) << dump(l.schema);
  EXPECT_EQ(missing[0]->message, "spec.servers[0].port: Required value");
  EXPECT_EQ(missing[1]->message, "spec.servers[0].hosts: Required value");
  EXPECT_EQ(pos(*missing[0]), "7:5");
}

TEST(SchemaGateway, TlsModeTypo) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*"]
    tls:
      mode: SIMPL
      credentialName: c
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  const auto& d = l.schema.items()[0];
  EXPECT_EQ(d.code, "IGW0103");
  EXPECT_EQ(
      d.message,
      R"(spec.servers[0].tls.mode: Unsupported value: "SIMPL": supported values: "PASSTHROUGH", "SIMPLE", "MUTUAL", "AUTO_PASSTHROUGH", "ISTIO_MUTUAL", "OPTIONAL_MUTUAL")");
  EXPECT_EQ(d.hint, R"(did you mean "SIMPLE"?)");
  EXPECT_EQ(pos(d), "10:13");
}

TEST(SchemaGateway, ServersAsAMapIsATypeError) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
    port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  const auto& d = l.schema.items()[0];
  EXPECT_EQ(d.code, "IGW0102");
  EXPECT_EQ(d.message, "spec.servers: Invalid value: object: must be of type array");
  EXPECT_EQ(d.hint, "write a list here: start each item with `- `");
  EXPECT_EQ(pos(d), "7:5");
}

TEST(SchemaGateway, SpecAsAListIsATypeErrorAtSpec) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
- servers: []
)");
  ASSERT_EQ(l.config.gateways.size(), 1u);
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  const auto& d = l.schema.items()[0];
  EXPECT_EQ(d.code, "IGW0102");
  EXPECT_EQ(d.message, "spec: Invalid value: array: must be of type object");
  EXPECT_EQ(pos(d), "6:1");
}

TEST(SchemaGateway, SpecAsAString) {
  auto l = lint(
      "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw}\n"
      "spec: servers\n");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message,
            R"(spec: Invalid value: "servers": must be of type object, not string)");
  EXPECT_EQ(l.schema.items()[0].hint,
            "expected a mapping with fields such as `selector` or `servers`");
  EXPECT_EQ(pos(l.schema.items()[0]), "4:7");
}

TEST(SchemaGateway, HttpsRedirectWrittenOnTheServer) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
    httpsRedirect: true
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].hint, "`httpsRedirect` is a field of `tls`: move it there");
  EXPECT_EQ(pos(l.schema.items()[0]), "9:5");
}

TEST(SchemaGateway, CredentialNameAndCredentialNamesConflict) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*"]
    tls:
      mode: SIMPLE
      credentialName: a
      credentialNames: [b, c, d]
)");
  ASSERT_EQ(l.schema.size(), 2u) << dump(l.schema);
  auto range = with_code(l.schema, "IGW0106");
  ASSERT_EQ(range.size(), 1u);
  EXPECT_EQ(range[0]->message,
            "spec.servers[0].tls.credentialNames: Too many: 3: must have at most 2 items");
  auto conflict = with_code(l.schema, "IGW0105");
  ASSERT_EQ(conflict.size(), 1u);
  EXPECT_EQ(conflict[0]->message,
            "spec.servers[0].tls: Forbidden: only one of credentialName or credentialNames may "
            "be set (found credentialName and credentialNames)");
  EXPECT_EQ(pos(*conflict[0]), "12:7");
}

TEST(SchemaGateway, PortNumberOutOfTheUint32Range) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port: {number: -80, name: http, protocol: HTTP}
    hosts: ["*"]
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].code, "IGW0106");
  EXPECT_EQ(l.schema.items()[0].message,
            "spec.servers[0].port.number: Invalid value: -80: must be greater than or equal to 0");
  EXPECT_EQ(pos(l.schema.items()[0]), "7:20");
}

TEST(SchemaGateway, HostsAsAString) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: "*.example.com"
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(
      l.schema.items()[0].message,
      R"(spec.servers[0].hosts: Invalid value: "*.example.com": must be of type array, not string)");
  EXPECT_EQ(l.schema.items()[0].hint, R"(write a list here, e.g. `- "*.example.com"`)");
}

}  // namespace
}  // namespace igw::check::schema
