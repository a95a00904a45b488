// Base64 as Kubernetes Secrets use it: the lenient decoder, Go's StdEncoding, the encoder.
#include "lib/base/base64.h"

#include <gtest/gtest.h>

namespace igw::base {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> kVectors[] = {{"", ""},
                                                          {"f", "Zg=="},
                                                          {"fo", "Zm8="},
                                                          {"foo", "Zm9v"},
                                                          {"foob", "Zm9vYg=="},
                                                          {"fooba", "Zm9vYmE="},
                                                          {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : kVectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), plain) << encoded;
    EXPECT_EQ(base64_decode_strict(encoded), plain) << encoded;
  }
}

TEST(Base64, BinaryRoundTrip) {
  std::string all;
  for (int i = 0; i < 256; ++i)
    all.push_back(static_cast<char>(i));
  for (size_t n = 0; n <= all.size(); n += 37) {
    std::string part = all.substr(0, n);
    EXPECT_EQ(base64_decode(base64_encode(part)), part);
    EXPECT_EQ(base64_decode_strict(base64_encode(part)), part);
  }
  EXPECT_EQ(base64_encode(std::string("\xff\xfe", 2)), "//4=");
  EXPECT_EQ(base64_decode("+/+/"), std::string("\xfb\xff\xbf", 3));
}

TEST(Base64, LenientDecoderSkipsWhitespaceAndAcceptsMissingPadding) {
  EXPECT_EQ(base64_decode("Zm9v\nYmFy\n"), "foobar");
  EXPECT_EQ(base64_decode(" Zm9v YmE= "), "fooba");
  EXPECT_EQ(base64_decode("Zm9vYg"), "foob");
  EXPECT_EQ(base64_decode("Zm8"), "fo");
  EXPECT_EQ(base64_decode("\tZg==\r\n"), "f");
}

TEST(Base64, LenientDecoderRejectsGarbage) {
  EXPECT_FALSE(base64_decode("Zm9v!"));
  EXPECT_FALSE(base64_decode("Zg==Zg=="));  // data after padding
  EXPECT_FALSE(base64_decode("Zg==="));     // three pads
  EXPECT_FALSE(base64_decode("Z"));         // 6 bits cannot make a byte
  EXPECT_FALSE(base64_decode("Zm9v-_"));    // URL alphabet is not standard base64
}

TEST(Base64, StrictDecoderIsGoStdEncoding) {
  EXPECT_EQ(base64_decode_strict("Zm9v\r\nYmFy\n"), "foobar");  // CR and LF are skipped
  EXPECT_FALSE(base64_decode_strict("Zm9vYg"));                 // padding required
  EXPECT_FALSE(base64_decode_strict("Zm8"));
  EXPECT_FALSE(base64_decode_strict("Zg="));
  EXPECT_FALSE(base64_decode_strict("Zm9v YmFy"));  // spaces are not skipped
  EXPECT_FALSE(base64_decode_strict("\tZg=="));
  EXPECT_FALSE(base64_decode_strict("Zg==Zg=="));  // data after padding
  EXPECT_FALSE(base64_decode_strict("Z==="));
  EXPECT_FALSE(base64_decode_strict("===="));
  EXPECT_FALSE(base64_decode_strict("Zm=v"));
  EXPECT_FALSE(base64_decode_strict("Zm9v-_=="));
  // Go's decoder is not Strict: non-zero bits after the last byte are accepted.
  EXPECT_EQ(base64_decode_strict("Zh=="), "f");
  EXPECT_EQ(base64_decode_strict(""), "");
  EXPECT_EQ(base64_decode_strict("\n"), "");
}

}  // namespace
}  // namespace igw::base
