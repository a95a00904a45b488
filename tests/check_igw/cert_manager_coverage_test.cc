// Tests: igw.CertManagerCoverage (IGW0301).
#include "tests/check_igw/check_igw_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

// A Gateway (hosts from line 15) using credential "site-cert", and a cert-manager Certificate.
std::string gateway_and_certificate(const std::string& hosts, const std::string& certificate_spec,
                                    const std::string& certificate_ns = "istio-system") {
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
)" + hosts +
         R"(    tls:
      mode: SIMPLE
      credentialName: site-cert
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: site
  namespace: )" +
         certificate_ns + R"(
spec:
  secretName: site-cert
  issuerRef:
    name: letsencrypt
    kind: ClusterIssuer
)" + certificate_spec;
}

TEST(CertManagerCoverage, WildcardCertificateCoversOneLabelOnly) {
  auto found = run_check("igw.CertManagerCoverage", gateway_and_certificate(R"(    - app.example.com
    - a.b.example.com
    - example.com
    - "*.example.com"
    - "*.shop.example.com"
)",
                                                                            R"(  dnsNames:
  - "*.example.com"
)"));
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].code, "IGW0301");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(found[0].resource.str(), "Gateway istio-system/gw");
  EXPECT_EQ(line_col(found[0]), "16:7");
  EXPECT_EQ(found[0].message,
            "servers[0] (port 443 HTTPS) host \"a.b.example.com\" is not covered by Certificate "
            "istio-system/site, which writes its credential Secret \"site-cert\" (dnsNames: "
            "\"*.example.com\") (a certificate wildcard \"*.example.com\" covers exactly one "
            "label, unlike an Istio host wildcard, so not \"a.b.example.com\"); TLS clients will "
            "reject the certificate for this host.");
  EXPECT_EQ(found[0].hint,
            "Add \"a.b.example.com\" to spec.dnsNames of Certificate istio-system/site, or serve "
            "this host with another credential.");
  EXPECT_EQ(line_col(found[1]), "17:7");
  EXPECT_NE(found[1].message.find("(a certificate wildcard \"*.example.com\" does not cover the "
                                  "bare domain \"example.com\")"),
            std::string::npos);
  EXPECT_EQ(line_col(found[2]), "19:7");
  EXPECT_NE(found[2].message.find("(the certificate wildcard \"*.example.com\" covers one label "
                                  "only, while the server host \"*.shop.example.com\" admits "
                                  "names of any depth)"),
            std::string::npos);
}

TEST(CertManagerCoverage, CommonNameDoesNotCount) {
  auto found = run_check(
      "igw.CertManagerCoverage",
      gateway_and_certificate("    - legacy.example.com\n", "  commonName: legacy.example.com\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message,
            "servers[0] (port 443 HTTPS) host \"legacy.example.com\" is not covered by Certificate "
            "istio-system/site, which writes its credential Secret \"site-cert\" (dnsNames: "
            "none); TLS clients will reject the certificate for this host. Its commonName names "
            "the host, but TLS clients ignore the common name and cert-manager does not copy it "
            "into dnsNames.");
}

TEST(CertManagerCoverage, CoveredHostsPass) {
  EXPECT_TRUE(run_check("igw.CertManagerCoverage", gateway_and_certificate(R"(    - App.Example.com
    - "*.example.com"
    - "*"
    - istio-system/www.example.com
)",
                                                                           R"(  dnsNames:
  - app.example.com
  - "*.example.com"
)"))
                  .empty());
}

TEST(CertManagerCoverage, CertificateOutsideTheCredentialNamespaceIsIgnored) {
  EXPECT_TRUE(run_check("igw.CertManagerCoverage",
                        gateway_and_certificate("    - other.example.org\n",
                                                "  dnsNames:\n  - a.example.com\n", "unrelated"))
                  .empty());
}

}  // namespace
}  // namespace igw::check::testing
