// Compiling schema text: the supported subset works, anything else is refused with a pointer.
#include "lib/check/schema/schema.h"

#include <gtest/gtest.h>

namespace igw::check::schema {
namespace {

TEST(CompiledSchema, CompilesTheSupportedSubset) {
  auto c = CompiledSchema::compile("t.json", R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$comment": "x", "title": "T", "description": "d",
    "type": "object",
    "properties": {
      "a": {"$ref": "#/$defs/A", "description": "annotation next to $ref is fine"},
      "b": {"type": ["integer", "string"], "format": "int-or-string"},
      "c": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 3},
            "minItems": 1, "maxItems": 2},
      "d": {"type": "object", "additionalProperties": {"type": "integer"}, "maxProperties": 2}
    },
    "required": ["a"],
    "additionalProperties": false,
    "allOf": [{"not": {"required": ["b", "c"]}}],
    "$defs": {
      "A": {"type": "object", "properties": {"x": {"type": "string", "enum": ["P", "Q"]},
            "y": {"type": "number", "minimum": 0, "maximum": 1}},
            "oneOf": [{"required": ["x"]}, {"required": ["y"]}],
            "anyOf": [{"required": ["x"]}, {"required": ["y"]}]}
    }
  })");
  ASSERT_TRUE(c) << c.error().message;
  const Schema& root = c->root();
  EXPECT_EQ(root.types, kTypeObject);
  EXPECT_FALSE(root.additional_allowed);
  ASSERT_NE(root.property("a"), nullptr);
  EXPECT_EQ(&root.property("a")->resolved(), c->def("A"));
  EXPECT_EQ(root.property("b")->types, kTypeInteger | kTypeString);
  EXPECT_EQ(root.property("c")->max_items, 2u);
  EXPECT_EQ(root.property("c")->items->max_length, 3u);
  EXPECT_NE(root.property("d")->additional, nullptr);
  EXPECT_EQ(c->def("A")->property("x")->enum_values, (std::vector<std::string>{"P", "Q"}));
  EXPECT_EQ(c->def("A")->one_of.size(), 2u);
  EXPECT_EQ(root.required, std::vector<std::string>{"a"});
  EXPECT_EQ(c->all_property_names(), (std::vector<std::string>{"a", "b", "c", "d", "x", "y"}));
  EXPECT_EQ(type_names(kTypeInteger | kTypeString), "integer or string");
  EXPECT_EQ(type_names(kTypeNull | kTypeBoolean | kTypeArray), "null, boolean or array");
}

struct BadCase {
  const char* text;
  const char* error_part;
};

class CompiledSchemaRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(CompiledSchemaRejects, WithAPointer) {
  auto c = CompiledSchema::compile("bad.json", GetParam().text);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find(GetParam().error_part), std::string::npos) << c.error().message;
  EXPECT_TRUE(c.error().message.starts_with("bad.json: #")) << c.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CompiledSchemaRejects,
    ::testing::Values(
        BadCase{R"({"type": "object", "pattern": "^a$"})", "keyword \"pattern\" is not supported"},
        BadCase{R"({"properties": {"a": {"$ref": "#/$defs/Missing"}}})",
                "#/properties/a/$ref: no definition \"Missing\""},
        BadCase{R"({"$ref": "other.json#/x"})", "only local references"},
        BadCase{
            R"({"properties": {"a": {"$ref": "#/$defs/A", "type": "string"}}, "$defs": {"A": {}}})",
            "\"type\" next to $ref"},
        BadCase{R"({"type": "strin"})", "unknown type \"strin\""},
        BadCase{R"({"enum": [1, 2]})", "only string enums"},
        BadCase{R"({"maxItems": -1})", "#/maxItems: must be a non-negative integer"},
        BadCase{R"({"minimum": "0"})", "#/minimum: must be a number"},
        BadCase{R"({"oneOf": []})", "#/oneOf: must be a non-empty array"},
        BadCase{R"({"items": false})", "the schema `false` is not supported"},
        BadCase{R"({"properties": {"a": {"$defs": {}}}})", "$defs is only supported at the root"},
        BadCase{R"({"$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}}})",
                "$ref cycle"},
        BadCase{R"([1, 2])", "must be a JSON object"}));

TEST(CompiledSchema, RejectsTextThatIsNotJson) {
  auto c = CompiledSchema::compile("bad.json", R"({"type": "object",})");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "bad.json: not valid JSON");
}

}  // namespace
}  // namespace igw::check::schema
