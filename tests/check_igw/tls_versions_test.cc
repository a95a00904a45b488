// Tests: igw.TlsVersions (IGW0201, IGW0401).
#include "tests/check_igw/check_igw_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

// Lines 1-18 are an HTTPS server; each test appends its TLS version fields from line 19 on.
std::string gateway_with_tls(const std::string& tls_fields, const std::string& mode = "SIMPLE") {
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
      mode: )" +
         mode + R"(
      credentialName: a-cert
)" + tls_fields;
}

TEST(TlsVersions, MinimumAboveMaximumIsAnError) {
  auto found =
      run_check("igw.TlsVersions", gateway_with_tls("      minProtocolVersion: TLSV1_3\n"
                                                    "      maxProtocolVersion: TLSV1_2\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0201");
  EXPECT_EQ(found[0].severity, base::Severity::Error);
  EXPECT_EQ(found[0].resource.str(), "Gateway istio-system/gw");
  EXPECT_EQ(line_col(found[0]), "19:27");
  EXPECT_EQ(found[0].message,
            "servers[0] (port 443 HTTPS): minProtocolVersion TLSV1_3 is above maxProtocolVersion "
            "TLSV1_2, so no TLS version is enabled; Envoy loads the listener and every TLS "
            "handshake on it fails.");
  EXPECT_EQ(found[0].hint,
            "Lower minProtocolVersion to TLSV1_2 or raise maxProtocolVersion to "
            "TLSV1_3.");
}

TEST(TlsVersions, MaximumBelowEnvoysDefaultMinimum) {
  auto found =
      run_check("igw.TlsVersions", gateway_with_tls("      maxProtocolVersion: TLSV1_1\n"));
  // Envoy's default minimum (TLS 1.2) applies when minProtocolVersion is unset.
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0201");
  EXPECT_EQ(line_col(found[0]), "19:27");
  EXPECT_EQ(found[0].message,
            "servers[0] (port 443 HTTPS): maxProtocolVersion TLSV1_1 is below Envoy's default "
            "minimum TLSV1_2 (minProtocolVersion is not set), so no TLS version is enabled and "
            "every TLS handshake on this server fails.");
}

TEST(TlsVersions, ConsistentRangesPass) {
  EXPECT_TRUE(run_check("igw.TlsVersions", gateway_with_tls("      minProtocolVersion: TLSV1_2\n"
                                                            "      maxProtocolVersion: TLSV1_3\n"))
                  .empty());
  EXPECT_TRUE(run_check("igw.TlsVersions", gateway_with_tls("      minProtocolVersion: TLSV1_3\n"))
                  .empty());
  EXPECT_TRUE(run_check("igw.TlsVersions", gateway_with_tls("      minProtocolVersion: TLS_AUTO\n"
                                                            "      maxProtocolVersion: TLSV1_2\n"))
                  .empty());
  EXPECT_TRUE(run_check("igw.TlsVersions", gateway_with_tls("")).empty());
}

TEST(TlsVersions, WeakMinimumIsAWarning) {
  auto found =
      run_check("igw.TlsVersions", gateway_with_tls("      minProtocolVersion: TLSV1_0\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0401");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(found[0].resource.str(), "Gateway istio-system/gw");
  EXPECT_EQ(line_col(found[0]), "19:27");
  EXPECT_EQ(found[0].message,
            "servers[0] (port 443 HTTPS): minProtocolVersion TLSV1_0 lets clients negotiate TLS "
            "1.0, which is deprecated (RFC 8996) and lacks modern cipher suites.");
  EXPECT_EQ(found[0].hint, "Set minProtocolVersion: TLSV1_2 (Envoy's default) or TLSV1_3.");
}

TEST(TlsVersions, IgnoredWhereIstioDoesNotApplyThem) {
  // PASSTHROUGH builds no TLS context and ISTIO_MUTUAL skips applyServerTLSSettings.
  for (std::string mode : {"PASSTHROUGH", "ISTIO_MUTUAL", "AUTO_PASSTHROUGH"}) {
    EXPECT_TRUE(run_check("igw.TlsVersions", gateway_with_tls("      minProtocolVersion: TLSV1_3\n"
                                                              "      maxProtocolVersion: TLSV1_0\n",
                                                              mode))
                    .empty())
        << mode;
  }
}

TEST(TlsVersions, RejectedGatewaysAreSkipped) {
  EXPECT_TRUE(run_check("igw.TlsVersions", gateway_with_tls("      minProtocolVersion: TLSV1_0\n"),
                        {}, {"Gateway istio-system/gw"})
                  .empty());
}

TEST(TlsVersions, MutualModesAreChecked) {
  for (std::string mode : {"MUTUAL", "OPTIONAL_MUTUAL"}) {
    auto found =
        run_check("igw.TlsVersions", gateway_with_tls("      minProtocolVersion: TLSV1_1\n", mode));
    ASSERT_EQ(found.size(), 1u) << mode;
    EXPECT_EQ(found[0].code, "IGW0401");
  }
}

}  // namespace
}  // namespace igw::check::testing
