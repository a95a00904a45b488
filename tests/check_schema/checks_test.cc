// The schema family as the registry sees it: one check per kind with the IGW01xx types.
#include "lib/check/schema/checks.h"

#include "lib/check/schema/messages.h"

#include <gtest/gtest.h>

#include <set>

namespace igw::check {
namespace {

TEST(SchemaChecks, OneCheckPerKindWithEveryMessageType) {
  auto checks = schema_checks();
  ASSERT_EQ(checks.size(), 4u);
  std::vector<std::string_view> names;
  for (const auto& c : checks) {
    names.push_back(c.name);
    EXPECT_NE(c.run, nullptr);
    EXPECT_FALSE(c.description.empty());
    EXPECT_TRUE(c.requires_kinds.empty()) << "schema checks run whenever objects exist";
    std::set<std::string_view> codes;
    for (const auto* m : c.messages) {
      codes.insert(m->code);
      EXPECT_EQ(m->level, base::Severity::Error) << m->code;
    }
    EXPECT_EQ(codes, (std::set<std::string_view>{"IGW0101", "IGW0102", "IGW0103", "IGW0104",
                                                 "IGW0105", "IGW0106"}));
  }
  EXPECT_EQ(names,
            (std::vector<std::string_view>{"schema.Gateway", "schema.VirtualService",
                                           "schema.DestinationRule", "schema.ServiceEntry"}));
}

TEST(SchemaChecks, MessageNames) {
  EXPECT_EQ(schema::msg::kUnknownField.name, "UnknownField");
  EXPECT_EQ(schema::msg::kInvalidType.name, "InvalidType");
  EXPECT_EQ(schema::msg::kInvalidEnumValue.name, "InvalidEnumValue");
  EXPECT_EQ(schema::msg::kMissingRequiredField.name, "MissingRequiredField");
  EXPECT_EQ(schema::msg::kOneOfConflict.name, "OneOfConflict");
  EXPECT_EQ(schema::msg::kValueOutOfRange.name, "ValueOutOfRange");
}

}  // namespace
}  // namespace igw::check
