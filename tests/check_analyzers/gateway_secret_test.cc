#include "check_analyzers_util.h"
#include "lib/base/base64.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

constexpr std::string_view kGatewaySecretAnalyzer = "gateway.SecretAnalyzer";
constexpr int64_t kDay = 86400;

// Lines 1-17: a Gateway on the default ingress (workload namespace istio-system) whose server
// references `credential` (line 15); then the Secrets.
std::string gateway(const std::string& credential, const std::string& rest) {
  return R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: web
  namespace: apps
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    tls:
      credentialName: )" +
         credential +
         R"(
      mode: SIMPLE
    hosts: ["web.example.com"]
)" + rest;
}

std::string tls_secret(const std::string& name, const std::string& ns, const std::string& cert,
                       const std::string& key = "a key") {
  return "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
         "\ntype: kubernetes.io/tls\ndata:\n  tls.crt: " + base::base64_encode(cert) +
         "\n  tls.key: " + base::base64_encode(key) + "\n";
}

// A Pod so the analyzer runs in CLI mode (as istioctl does against a cluster).
const std::string kGatewaySecretPod = R"(---
apiVersion: v1
kind: Pod
metadata:
  name: other
  namespace: apps
)";

TEST(GatewaySecret, ValidCredentialInTheWorkloadNamespacePasses) {
  std::string cert = make_certificate_pem("web.example.com", kNow - kDay, kNow + 90 * kDay);
  EXPECT_TRUE(run_analyzer(kGatewaySecretAnalyzer,
                           gateway("web-cert", tls_secret("web-cert", "istio-system", cert) +
                                                   kGatewaySecretPod))
                  .empty());
}

TEST(GatewaySecret, SecretOnlyInTheGatewayNamespaceIsNotFound) {
  std::string cert = make_certificate_pem("web.example.com", kNow - kDay, kNow + 90 * kDay);
  auto found =
      run_analyzer(kGatewaySecretAnalyzer,
                   gateway("web-cert", tls_secret("web-cert", "apps", cert) + kGatewaySecretPod));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0101");
  EXPECT_EQ(found[0].severity, base::Severity::Error);
  EXPECT_EQ(found[0].resource.str(), "Gateway apps/web");
  EXPECT_EQ(line_col(found[0]), "15:23");
  EXPECT_EQ(found[0].message, "Referenced credentialName not found: \"web-cert\"");
}

TEST(GatewaySecret, ExpiredCertificateIsInvalid) {
  std::string cert = make_certificate_pem("web.example.com", kNow - 90 * kDay, kNow - kDay);
  auto found = run_analyzer(
      kGatewaySecretAnalyzer,
      gateway("web-cert", tls_secret("web-cert", "istio-system", cert) + kGatewaySecretPod));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0161");
  EXPECT_EQ(found[0].severity, base::Severity::Error);
  EXPECT_EQ(found[0].resource.str(), "Gateway apps/web");
  EXPECT_EQ(line_col(found[0]), "15:23");
  EXPECT_EQ(found[0].message,
            "The credential referenced by the Gateway web in namespace istio-system is invalid, "
            "which can cause the traffic not to work as expected.");
}

TEST(GatewaySecret, NotYetValidGarbageAndMissingKeysAreInvalid) {
  std::string future = make_certificate_pem("web.example.com", kNow + kDay, kNow + 90 * kDay);
  std::string valid = make_certificate_pem("web.example.com", kNow - kDay, kNow + 90 * kDay);
  std::string secrets = tls_secret("future", "istio-system", future) +
                        tls_secret("garbage", "istio-system", "hush hush hush\n") +
                        tls_secret("no-key", "istio-system", valid, "");
  for (const char* name : {"future", "garbage", "no-key"}) {
    auto found = run_analyzer(kGatewaySecretAnalyzer, gateway(name, secrets + kGatewaySecretPod));
    ASSERT_EQ(found.size(), 1u) << name;
    EXPECT_EQ(found[0].code, "IST0161") << name;
  }
}

TEST(GatewaySecret, GenericCertAndKeyNamesAreAccepted) {
  std::string cert = make_certificate_pem("web.example.com", kNow - kDay, kNow + 90 * kDay);
  std::string secret =
      "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: generic\n"
      "  namespace: istio-system\nstringData:\n  key: k\n  cert: |\n";
  for (size_t start = 0; start < cert.size();) {
    size_t end = cert.find('\n', start);
    secret += "    " + cert.substr(start, end - start) + "\n";
    start = end + 1;
  }
  EXPECT_TRUE(
      run_analyzer(kGatewaySecretAnalyzer, gateway("generic", secret + kGatewaySecretPod)).empty());
}

TEST(GatewaySecret, CertManagerCertificateWillCreateTheSecret) {
  std::string cert = make_certificate_pem("x", kNow - kDay, kNow + kDay);
  const std::string certificate = R"(---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
  namespace: istio-system
spec:
  secretName: web-cert
  dnsNames: ["web.example.com"]
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
)";
  // Some unrelated Secret makes the analyzer run.
  std::string other = tls_secret("unrelated", "istio-system", cert);
  EXPECT_TRUE(run_analyzer(kGatewaySecretAnalyzer,
                           gateway("web-cert", certificate + other + kGatewaySecretPod))
                  .empty());
}

TEST(GatewaySecret, SelectorWithoutWorkloadIsReportedOnce) {
  std::string yaml = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: lost
spec:
  selector:
    istio: custom
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    tls: {mode: SIMPLE, credentialName: a}
    hosts: ["*"]
)";
  auto found = run_analyzer(kGatewaySecretAnalyzer, yaml, {.harness = true});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0101");
  EXPECT_EQ(found[0].resource.str(), "Gateway lost");
  EXPECT_EQ(line_col(found[0]), "7:5");
  EXPECT_EQ(found[0].message, "Referenced selector not found: \"istio=custom\"");
}

}  // namespace
}  // namespace igw::check::testing
