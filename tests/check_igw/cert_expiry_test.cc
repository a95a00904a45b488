// Tests: igw.CertExpiry (IGW0406).
#include "tests/check_igw/check_igw_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

constexpr int64_t kDay = 86400;

// A Gateway in `gw_ns` using credential "app-cert" (credentialName on line 18), and a Secret
// in `secret_ns` holding `pem` under `key`.
std::string gateway_and_secret(const std::string& pem, const std::string& key = "tls.crt",
                               const std::string& gw_ns = "istio-system",
                               const std::string& secret_ns = "istio-system") {
  return R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: )" +
         gw_ns + R"(
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - app.example.com
    tls:
      mode: SIMPLE
      credentialName: app-cert
---
apiVersion: v1
kind: Secret
metadata:
  name: app-cert
  namespace: )" +
         secret_ns + R"(
type: kubernetes.io/tls
stringData:
  )" + key +
         R"(: |
)" + indent(pem, 4) +
         R"(  tls.key: not-checked-here
)";
}

TEST(CertExpiry, CertificateExpiringWithinThirtyDays) {
  auto found =
      run_check("igw.CertExpiry", gateway_and_secret(make_certificate_pem(
                                      "app.example.com", kNow - 80 * kDay, kNow + 10 * kDay)));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0406");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(found[0].resource.str(), "Gateway istio-system/gw");
  EXPECT_EQ(line_col(found[0]), "18:23");
  EXPECT_EQ(found[0].message,
            "credentialName \"app-cert\": certificate \"CN=app.example.com\" in Secret "
            "istio-system/app-cert (key tls.crt) expires on 2026-01-11 00:00:00 UTC, in 10 days.");
  EXPECT_EQ(found[0].hint,
            "Renew the certificate and update the Secret; with cert-manager, check the "
            "Certificate's renewBefore and its issuer's status.");
}

TEST(CertExpiry, LaterExpiryPassesUnlessTheHorizonIsWider) {
  std::string yaml =
      gateway_and_secret(make_certificate_pem("app.example.com", kNow - kDay, kNow + 40 * kDay));
  EXPECT_TRUE(run_check("igw.CertExpiry", yaml).empty());
  CheckOptions wide;
  wide.cert_expiry_days = 60;
  auto found = run_check("igw.CertExpiry", yaml, wide);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("in 40 days"), std::string::npos);
}

TEST(CertExpiry, ExpiredCertificatesAreIstiosIst0161) {
  EXPECT_TRUE(run_check("igw.CertExpiry", gateway_and_secret(make_certificate_pem(
                                              "app.example.com", kNow - 90 * kDay, kNow - kDay)))
                  .empty());
}

TEST(CertExpiry, EveryCertificateOfTheChainIsRead) {
  std::string chain = make_certificate_pem("app.example.com", kNow - kDay, kNow + 300 * kDay) +
                      make_certificate_pem("Example Intermediate CA", kNow - kDay, kNow + 3600);
  auto found = run_check("igw.CertExpiry", gateway_and_secret(chain, "cert"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message,
            "credentialName \"app-cert\": certificate \"CN=Example Intermediate CA\" in Secret "
            "istio-system/app-cert (key cert) expires on 2026-01-01 01:00:00 UTC, in less than a "
            "day.");
}

TEST(CertExpiry, SecretInTheGatewayNamespaceIsFoundToo) {
  auto found = run_check(
      "igw.CertExpiry",
      gateway_and_secret(make_certificate_pem("app.example.com", kNow - kDay, kNow + 2 * kDay),
                         "tls.crt", "web", "web"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].resource.str(), "Gateway web/gw");
}

TEST(CertExpiry, NeedsSecretsInTheInput) {
  std::string yaml = gateway_and_secret(make_certificate_pem("a", kNow - kDay, kNow + kDay));
  yaml = yaml.substr(0, yaml.find("---"));
  EXPECT_TRUE(run_check("igw.CertExpiry", yaml).empty());
}

}  // namespace
}  // namespace igw::check::testing
