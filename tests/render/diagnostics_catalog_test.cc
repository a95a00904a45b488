#include "lib/render/diagnostics_catalog.h"

#include "tests/render/diagnostics_test_util.h"

#include <gtest/gtest.h>

#include <sstream>

namespace igw::render {
namespace {

std::vector<CatalogCheck> checks() {
  return {{"z.Second", "Second check.", {&testing::kOwnCheck}, {"Gateway"}},
          {"a.First", "First check.", {&testing::kRefNotFound, &testing::kHostNotInGateway}, {}}};
}

TEST(DiagnosticsCatalog, TextIsIstioctlsListWithCodes) {
  std::ostringstream out;
  write_catalog_text(out, checks());
  EXPECT_EQ(out.str(),
            "* a.First:\n"
            "    First check.\n"
            "    IST0101  Error    ReferencedResourceNotFound\n"
            "    IST0132  Warning  VirtualServiceHostNotFoundInGateway\n"
            "* z.Second:\n"
            "    Second check.\n"
            "    IGW0999  Info     OwnCheck\n");
}

TEST(DiagnosticsCatalog, JsonHasChecksAndEveryCode) {
  std::vector<const base::MessageType*> all = {&testing::kRefNotFound, &testing::kOwnCheck,
                                               &testing::kHostNotInGateway};
  nlohmann::ordered_json doc = catalog_json(checks(), all);
  ASSERT_EQ(doc["checks"].size(), 2u);
  EXPECT_EQ(doc["checks"][0]["name"], "a.First");
  EXPECT_EQ(doc["checks"][1]["requiresKinds"], nlohmann::ordered_json::array({"Gateway"}));
  ASSERT_EQ(doc["messages"].size(), 3u);
  EXPECT_EQ(doc["messages"][0]["code"], "IGW0999");
  EXPECT_EQ(doc["messages"][0]["istio_code"], "IST0106");
  EXPECT_EQ(doc["messages"][1]["code"], "IST0101");
  EXPECT_EQ(doc["messages"][1]["level"], "Error");
  EXPECT_EQ(doc["messages"][1]["description"], "A resource being referenced does not exist.");
  EXPECT_EQ(doc["messages"][1]["documentationUrl"],
            "https://istio.io/latest/docs/reference/config/analysis/ist0101/");
}

}  // namespace
}  // namespace igw::render
