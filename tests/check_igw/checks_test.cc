// Tests: The igw family's registry: complete checks, unique codes, every message type owned once.
#include "lib/check/igw/checks.h"

#include "lib/check/igw/messages.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace igw::check {
namespace {

TEST(IgwChecks, EveryCheckIsComplete) {
  std::set<std::string> names;
  for (const auto& c : igw_checks()) {
    EXPECT_TRUE(c.name.starts_with("igw.")) << c.name;
    EXPECT_TRUE(names.insert(std::string(c.name)).second) << "duplicate " << c.name;
    EXPECT_FALSE(c.description.empty()) << c.name;
    EXPECT_FALSE(c.messages.empty()) << c.name;
    EXPECT_FALSE(c.requires_kinds.empty()) << c.name;
    EXPECT_NE(c.run, nullptr) << c.name;
  }
}

TEST(IgwChecks, EveryMessageTypeBelongsToExactlyOneCheck) {
  const base::MessageType* all[] = {
      &igw_msg::kTlsVersionRangeEmpty,
      &igw_msg::kUnknownCipherSuite,
      &igw_msg::kCertificateDoesNotCoverHost,
      &igw_msg::kRuleAfterCatchAll,
      &igw_msg::kMatchPortNotOnGateway,
      &igw_msg::kServerDroppedPortConflict,
      &igw_msg::kServerDroppedDuplicateHost,
      &igw_msg::kServerDroppedDuplicateRouteName,
      &igw_msg::kPlainHttpAfterTlsServer,
      &igw_msg::kWeakTlsVersion,
      &igw_msg::kWeakCipherSuite,
      &igw_msg::kMissingHttpsRedirect,
      &igw_msg::kCorsAnyOriginWithCredentials,
      &igw_msg::kCorsOriginUnescapedDot,
      &igw_msg::kCertificateExpiresSoon,
  };
  std::set<std::string> codes;
  for (const auto* m : all) {
    EXPECT_TRUE(codes.insert(std::string(m->code)).second) << "duplicate code " << m->code;
    // IGW02xx fields, IGW03xx cross-resource, IGW04xx security: the family's ranges.
    EXPECT_TRUE(m->code.starts_with("IGW02") || m->code.starts_with("IGW03") ||
                m->code.starts_with("IGW04"))
        << m->code;
    EXPECT_FALSE(m->summary.empty()) << m->code;
    EXPECT_TRUE(m->summary.ends_with(".")) << m->code;
    int owners = 0;
    for (const auto& c : igw_checks()) {
      for (const auto* cm : c.messages)
        owners += cm == m;
    }
    EXPECT_EQ(owners, 1) << m->code;
  }
  size_t listed = 0;
  for (const auto& c : igw_checks())
    listed += c.messages.size();
  EXPECT_EQ(listed, std::size(all));
}

}  // namespace
}  // namespace igw::check
