// The seed guide's manifests, fed verbatim: exactly the findings Istio's validation gives.
#include "tests/check_rules/rules_test_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace igw::check::rules::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const fs::path kGuide =
    fs::path(IGW_SOURCE_DIR) / ".." / "shared" / "seed" / "istio-gateway-advanced.md";

// Every ```yaml block of the guide, keyed by the file name in its first comment line.
std::map<std::string, std::string> guide_blocks() {
  std::ifstream in(kGuide);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while ((pos = text.find("```yaml\n", pos)) != std::string::npos) {
    size_t begin = pos + 8;
    size_t end = text.find("```", begin);
    std::string block = text.substr(begin, end - begin);
    std::string name = block.substr(2, block.find('\n') - 2);  // "# name.yaml"
    out[name] = block;
    pos = end + 3;
  }
  return out;
}

class SeedGuide : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kGuide))
      GTEST_SKIP() << "shared/seed/istio-gateway-advanced.md is not present beside the project";
    blocks_ = guide_blocks();
  }
  std::vector<std::string> findings(const std::string& name) {
    EXPECT_TRUE(blocks_.count(name)) << name << " is not in the guide";
    RunOptions opts;
    opts.file = name;
    return run_rules(blocks_[name], opts);
  }
  std::map<std::string, std::string> blocks_;
};

TEST_F(SeedGuide, GrpcServerWithTlsAndTcpServerWithTls) {
  EXPECT_THAT(findings("gateway-multiprotocol.yaml"),
              ElementsAre("IST0106 30:7 Schema validation error: server cannot have TLS settings "
                          "for plain text HTTP ports",
                          "IST0106 41:7 Schema validation error: server cannot have TLS settings "
                          "for non HTTPS/TLS ports"));
}

TEST_F(SeedGuide, TargetPortOnGatewayPort) {
  EXPECT_THAT(findings("gateway-ports.yaml"),
              ElementsAre("IST0106 17:21 Schema validation error: targetPort has no impact on "
                          "Gateways"));
}

TEST_F(SeedGuide, CorsMaxAgeZero) {
  // The second document (virtualservice-cors-development) sets maxAge: "0s".
  EXPECT_THAT(findings("virtualservice-cors-production.yaml"),
              ElementsAre("IST0106 58:17 Schema validation error: duration must be greater than "
                          "1ms"));
}

TEST_F(SeedGuide, ProductionGatewayGrpcServerWithTls) {
  EXPECT_THAT(findings("production-gateway.yaml"),
              ElementsAre("IST0106 53:7 Schema validation error: server cannot have TLS settings "
                          "for plain text HTTP ports"));
}

TEST_F(SeedGuide, ValidManifestsHaveNoFindings) {
  for (const char* name :
       {"gateway-multihost.yaml", "gateway-wildcard.yaml", "gateway-tls-simple.yaml",
        "gateway-mtls.yaml", "gateway-passthrough.yaml", "virtualservice-cors.yaml",
        "virtualservice-web.yaml", "virtualservice-api.yaml", "virtualservice-grpc.yaml",
        "certificate.yaml", "ingress-gateway-service.yaml"}) {
    EXPECT_THAT(findings(name), IsEmpty()) << name;
  }
}

TEST_F(SeedGuide, EveryYamlBlockIsCovered) {
  EXPECT_EQ(blocks_.size(), 15u) << "the guide changed: review the new manifests";
}

}  // namespace
}  // namespace igw::check::rules::testing
