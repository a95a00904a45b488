// Tests: igw.CipherSuites (IGW0202, IGW0402).
#include "tests/check_igw/check_igw_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

// Lines 1-19 are a SIMPLE HTTPS server; the cipher suites follow from line 20 on.
std::string gateway_with_suites(const std::string& suites) {
  return R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - a.example.com
    tls:
      mode: SIMPLE
      credentialName: a-cert
      cipherSuites:
)" + suites;
}

TEST(CipherSuites, StrongSuitesPass) {
  EXPECT_TRUE(
      run_check("igw.CipherSuites", gateway_with_suites("      - ECDHE-RSA-AES256-GCM-SHA384\n"
                                                        "      - ECDHE-ECDSA-CHACHA20-POLY1305\n"
                                                        "      - -ALL\n"))
          .empty());
}

TEST(CipherSuites, WeakSuiteIsReportedAtItsEntry) {
  auto found =
      run_check("igw.CipherSuites", gateway_with_suites("      - ECDHE-RSA-AES256-GCM-SHA384\n"
                                                        "      - ECDHE-RSA-AES128-SHA\n"
                                                        "      - DES-CBC3-SHA\n"));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].code, "IGW0402");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(found[0].resource.str(), "Gateway istio-system/gw");
  EXPECT_EQ(line_col(found[0]), "21:9");
  EXPECT_EQ(found[0].message,
            "servers[0] (port 443 HTTPS): cipher suite ECDHE-RSA-AES128-SHA is weak: CBC mode "
            "with a SHA-1 MAC.");
  EXPECT_EQ(found[0].hint, "Remove it; prefer ECDHE suites with AES-GCM or ChaCha20-Poly1305.");
  EXPECT_EQ(line_col(found[1]), "22:9");
  EXPECT_EQ(found[1].message,
            "servers[0] (port 443 HTTPS): cipher suite DES-CBC3-SHA is weak: 3DES with a 64-bit "
            "block (Sweet32), RSA key exchange without forward secrecy, SHA-1 MAC.");
}

TEST(CipherSuites, RsaKeyExchangeAndAllAreWeak) {
  auto found = run_check("igw.CipherSuites", gateway_with_suites("      - AES128-GCM-SHA256\n"
                                                                 "      - ALL\n"));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].message,
            "servers[0] (port 443 HTTPS): cipher suite AES128-GCM-SHA256 is weak: RSA key "
            "exchange without forward secrecy.");
  EXPECT_EQ(found[1].code, "IGW0402");
  EXPECT_EQ(line_col(found[1]), "21:9");
  EXPECT_EQ(found[1].message,
            "servers[0] (port 443 HTTPS): cipher suite \"ALL\" enables every suite BoringSSL has, "
            "including CBC/SHA-1, 3DES and RSA key exchange suites.");
}

TEST(CipherSuites, UnknownSuiteIsReportedDistinctly) {
  auto found =
      run_check("igw.CipherSuites", gateway_with_suites("      - ECDHE-RSA-AES256-GCM-SHA384\n"
                                                        "      - ECDHE-RSA-AES256-GCM-SHA348\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0202");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(line_col(found[0]), "21:9");
  EXPECT_EQ(found[0].message,
            "servers[0] (port 443 HTTPS): cipher suite \"ECDHE-RSA-AES256-GCM-SHA348\" is not one "
            "Istio accepts; Istio removes it from the listener without an error.");
  EXPECT_EQ(found[0].hint, "Did you mean ECDHE-RSA-AES256-GCM-SHA384?");
}

TEST(CipherSuites, AllUnknownFallsBackToDefaults) {
  auto found = run_check("igw.CipherSuites",
                         gateway_with_suites("      - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
                                             "      - TLS_AES_128_GCM_SHA256\n"));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].message,
            "servers[0] (port 443 HTTPS): cipher suite \"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\" "
            "is not one Istio accepts; Istio removes it from the listener without an error, and "
            "as no listed suite is left the server uses Envoy's defaults.");
  EXPECT_EQ(found[0].hint, "Istio expects OpenSSL names: write ECDHE-RSA-AES128-GCM-SHA256.");
  EXPECT_EQ(found[1].hint,
            "TLS 1.3 suites cannot be configured: BoringSSL always enables "
            "TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384 and TLS_CHACHA20_POLY1305_SHA256 for "
            "TLS 1.3. Remove this entry.");
}

TEST(CipherSuites, PassthroughServersAreNotChecked) {
  std::string yaml = gateway_with_suites("      - DES-CBC3-SHA\n");
  yaml.replace(yaml.find("mode: SIMPLE"), 12, "mode: PASSTHROUGH");
  EXPECT_TRUE(run_check("igw.CipherSuites", yaml).empty());
}

}  // namespace
}  // namespace igw::check::testing
