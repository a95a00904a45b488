// Request ids are version 4 UUIDs.
#include "lib/serve/random.h"

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

}  // namespace
}  // namespace igw::serve
