// Every manifest of the seed guide is structurally valid: the schema checks find nothing.
#include "tests/check_schema/schema_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace igw::check::schema {
namespace {

// The ```yaml blocks of a Markdown file, joined as one multi-document YAML stream.
std::string yaml_blocks(const std::string& markdown, size_t& count) {
  std::string out;
  std::istringstream in(markdown);
  std::string line;
  bool inside = false;
  count = 0;
  while (std::getline(in, line)) {
    if (!inside && line == "```yaml") {
      inside = true;
      ++count;
      out += "---\n";
    } else if (inside && line == "```") {
      inside = false;
    } else if (inside) {
      out += line + "\n";
    }
  }
  return out;
}

TEST(SchemaSeed, SeedGuideManifestsAreClean) {
  std::filesystem::path seed = std::filesystem::path(IGW_SOURCE_DIR) / ".." / "shared" / "seed" /
                               "istio-gateway-advanced.md";
  if (!std::filesystem::exists(seed))
    GTEST_SKIP() << "seed guide not found at " << seed
                 << " (the /work/shared references are absent)";
  std::ifstream f(seed);
  std::stringstream ss;
  ss << f.rdbuf();
  size_t blocks = 0;
  auto l = testing::lint(yaml_blocks(ss.str(), blocks), seed.string());
  EXPECT_GT(blocks, 10u);
  EXPECT_TRUE(l.load.empty()) << testing::dump(l.load);
  EXPECT_EQ(l.config.gateways.size(), 8u);
  EXPECT_EQ(l.config.virtual_services.size(), 6u);
  EXPECT_TRUE(l.schema.empty()) << testing::dump(l.schema);
}

}  // namespace
}  // namespace igw::check::schema
