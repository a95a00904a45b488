// Envoy's matching rules for client-certificate pins and the cipher-string translation.
#include "lib/tls/client_verify.h"

#include "lib/tls/tls_params.h"

#include <gtest/gtest.h>

namespace igw::tls {
namespace {

TEST(DnsNameMatchTest, FollowsEnvoy) {
  EXPECT_TRUE(dns_name_match("www.example.com", "www.example.com"));
  EXPECT_TRUE(dns_name_match("WWW.example.com", "www.EXAMPLE.com"));
  EXPECT_TRUE(dns_name_match("a.example.com", "*.example.com"));
  EXPECT_FALSE(dns_name_match("a.b.example.com", "*.example.com")) << "one label only";
  EXPECT_FALSE(dns_name_match("example.com", "*.example.com"));
  EXPECT_TRUE(dns_name_match("foo-1.example.com", "foo*.example.com"));
  EXPECT_FALSE(dns_name_match("bar.example.com", "foo*.example.com"));
  EXPECT_FALSE(dns_name_match("xn--a.example.com", "xn--*.example.com")) << "A-label";
  EXPECT_FALSE(dns_name_match("a.example.com", "*.*.com"));
  EXPECT_FALSE(dns_name_match("*.example.com", "a.example.com")) << "the pattern is the cert's";
}

TEST(PinParseTest, CertificateHash) {
  std::string hex(64, 'a');
  EXPECT_TRUE(parse_certificate_hash(hex).has_value());
  std::string upper(64, 'F');
  auto h = parse_certificate_hash(upper);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ((*h)[0], 0xff);
  std::string colons;
  for (int i = 0; i < 32; ++i)
    colons += std::string(i ? ":" : "") + "0a";
  ASSERT_EQ(colons.size(), 95u);
  h = parse_certificate_hash(colons);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ((*h)[31], 0x0a);
  EXPECT_FALSE(parse_certificate_hash(std::string(62, 'a')).has_value());
  EXPECT_FALSE(parse_certificate_hash(std::string(63, 'a') + "g").has_value());
  EXPECT_FALSE(parse_certificate_hash("0a:0b").has_value()) << "colons only in the 95-char form";
}

TEST(PinParseTest, Spki) {
  EXPECT_TRUE(parse_spki_hash("NvqYIYSbgK2vCJpQhObf77vv+bQWtc5ek5RIOwPiC9A=").has_value());
  EXPECT_FALSE(parse_spki_hash("AAAA").has_value());
  EXPECT_FALSE(parse_spki_hash("not base64!").has_value());
}

TEST(TlsParamsTest, CipherStrings) {
  bool equal = false;
  EXPECT_EQ(cipher_string({}, &equal),
            "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:"
            "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305:"
            "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384");
  EXPECT_TRUE(equal);
  EXPECT_EQ(cipher_string({"ECDHE-RSA-AES128-SHA", "AES256-SHA"}, &equal),
            "ECDHE-RSA-AES128-SHA:AES256-SHA");
  EXPECT_FALSE(equal);
  EXPECT_EQ(protocol_version("TLSv1_3"), TLS1_3_VERSION);
  EXPECT_EQ(protocol_version("TLSV1_3"), 0) << "Envoy spelling only";
}

}  // namespace
}  // namespace igw::tls
