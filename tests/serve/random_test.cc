// Request ids are version 4 UUIDs.
#include "lib/serve/random.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

namespace igw::serve {
namespace {

TEST(Random, UuidsAreVersion4AndDistinct) {
  Random r(42);
  std::regex shape("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    char buf[36];
    std::string id(r.uuid(buf));
    EXPECT_TRUE(std::regex_match(id, shape)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Random, UuidIsTheNextTwoValuesInHexWithTheVersionAndVariantBits) {
  Random a(7);
  Random b(7);
  for (int i = 0; i < 100; ++i) {
    char buf[36];
    std::string id(a.uuid(buf));
    uint64_t hi = (b.next() & 0xffffffffffff0fffULL) | 0x4000ULL;
    uint64_t lo = (b.next() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    std::string hex = fmt::format("{:016x}{:016x}", hi, lo);
    EXPECT_EQ(id, hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
                      hex.substr(16, 4) + "-" + hex.substr(20));
  }
}

}  // namespace
}  // namespace igw::serve
