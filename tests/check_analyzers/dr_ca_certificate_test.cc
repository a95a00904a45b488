#include "check_analyzers_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

constexpr std::string_view kDrCaCertificateAnalyzer = "destinationrule.CaCertificateAnalyzer";

// Lines 1-8; `traffic_policy` starts on line 9.
std::string dr_with_traffic_policy(const std::string& traffic_policy,
                                   const std::string& extra = "") {
  return R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: db
  namespace: data
spec:
  host: db.data.svc.cluster.local
  trafficPolicy:
)" + traffic_policy +
         extra;
}

TEST(DrCaCertificate, CaCertificatesOrIstioMutualPass) {
  EXPECT_TRUE(run_analyzer(kDrCaCertificateAnalyzer,
                           dr_with_traffic_policy("    tls:\n      mode: SIMPLE\n"
                                                  "      caCertificates: /etc/certs/ca.pem\n"))
                  .empty());
  EXPECT_TRUE(run_analyzer(kDrCaCertificateAnalyzer,
                           dr_with_traffic_policy("    tls:\n      mode: ISTIO_MUTUAL\n"))
                  .empty());
  // credentialName with a workloadSelector: the CA comes from the credential.
  EXPECT_TRUE(
      run_analyzer(kDrCaCertificateAnalyzer,
                   dr_with_traffic_policy("    tls:\n      mode: SIMPLE\n"
                                          "      credentialName: db-ca\n",
                                          "  workloadSelector:\n    matchLabels: {app: api}\n"))
          .empty());
}

TEST(DrCaCertificate, DestinationLevelWithoutCaIsAWarning) {
  auto found = run_analyzer(kDrCaCertificateAnalyzer,
                            dr_with_traffic_policy("    tls:\n      mode: SIMPLE\n"
                                                   "      credentialName: db-client\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0128");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(found[0].resource.str(), "DestinationRule data/db");
  EXPECT_EQ(line_col(found[0]), "10:13");  // trafficPolicy.tls.mode
  EXPECT_EQ(found[0].message,
            "DestinationRule data/db in namespace data has TLS mode set to SIMPLE but no "
            "caCertificates are set to validate server identity for host: "
            "db.data.svc.cluster.local");
}

TEST(DrCaCertificate, PortLevelWithoutCaIsAWarning) {
  auto found = run_analyzer(kDrCaCertificateAnalyzer,
                            dr_with_traffic_policy("    portLevelSettings:\n"
                                                   "    - port: {number: 5432}\n"
                                                   "      tls:\n"
                                                   "        mode: MUTUAL\n"
                                                   "        clientCertificate: /etc/c.pem\n"
                                                   "        privateKey: /etc/k.pem\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0129");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(line_col(found[0]), "12:15");
  EXPECT_EQ(found[0].message,
            "DestinationRule data/db in namespace data has TLS mode set to MUTUAL but no "
            "caCertificates are set to validate server identity for host: "
            "db.data.svc.cluster.local at port number:5432");
}

}  // namespace
}  // namespace igw::check::testing
