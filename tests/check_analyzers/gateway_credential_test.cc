#include "lib/check/analyzers/gateway_credential.h"

#include "check_analyzers_util.h"

#include <gtest/gtest.h>

namespace igw::check::analyzers {
namespace {

using testing::kNow;
using testing::make_certificate_pem;

constexpr int64_t kDay = 86400;

model::Secret secret(std::initializer_list<std::pair<std::string, std::string>> entries) {
  model::Secret s;
  for (const auto& [k, v] : entries) {
    model::SecretEntry e;
    e.key.value = k;
    e.key.present = true;
    e.data = v;
    s.entries.push_back(std::move(e));
  }
  return s;
}

TEST(GatewayCredential, KeyNamesFollowIstio) {
  EXPECT_NE(server_certificate_of(secret({{"cert", "c"}, {"key", "k"}})), nullptr);
  EXPECT_NE(server_certificate_of(secret({{"tls.crt", "c"}, {"tls.key", "k"}})), nullptr);
  EXPECT_EQ(server_certificate_of(secret({{"tls.crt", "c"}})), nullptr);
  EXPECT_EQ(server_certificate_of(secret({{"tls.crt", "c"}, {"tls.key", ""}})), nullptr);
  EXPECT_EQ(server_certificate_of(secret({{"tls.cert", "c"}, {"tls.key", "k"}})), nullptr);
  // Generic names win when both sets are present.
  EXPECT_EQ(*server_certificate_of(
                secret({{"tls.crt", "t"}, {"tls.key", "k"}, {"cert", "g"}, {"key", "k"}})),
            "g");
}

TEST(GatewayCredential, ValidityWindowIsInclusive) {
  std::string pem = make_certificate_pem("a", kNow - kDay, kNow + kDay);
  EXPECT_TRUE(certificate_chain_valid(pem, kNow));
  EXPECT_TRUE(certificate_chain_valid(pem, kNow - kDay));
  EXPECT_TRUE(certificate_chain_valid(pem, kNow + kDay));
  EXPECT_FALSE(certificate_chain_valid(pem, kNow + kDay + 1));
  EXPECT_FALSE(certificate_chain_valid(pem, kNow - kDay - 1));
}

TEST(GatewayCredential, OnlyTheFirstPemBlockIsChecked) {
  std::string good = make_certificate_pem("a", kNow - kDay, kNow + kDay);
  std::string expired = make_certificate_pem("b", kNow - 2 * kDay, kNow - kDay);
  EXPECT_TRUE(certificate_chain_valid("leading text\n" + good + expired, kNow));
  EXPECT_FALSE(certificate_chain_valid(expired + good, kNow));
}

TEST(GatewayCredential, GarbageIsInvalid) {
  EXPECT_FALSE(certificate_chain_valid("hush hush hush\n", kNow));
  EXPECT_FALSE(certificate_chain_valid(
      "-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n", kNow));
  EXPECT_FALSE(gateway_credential_valid(secret({{"tls.crt", "x"}, {"tls.key", "k"}}), kNow));
}

}  // namespace
}  // namespace igw::check::analyzers
