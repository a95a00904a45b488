// A JSON Schema compiled into a tree of constraints: the subset share/schemas uses, nothing more.
#pragma once

#include "lib/base/result.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace igw::check::schema {

// JSON types as bits, so `"type": ["integer", "string"]` (int-or-string) is one mask.
enum TypeBit : uint8_t {
  kTypeNull = 1 << 0,
  kTypeBoolean = 1 << 1,
  kTypeInteger = 1 << 2,
  kTypeNumber = 1 << 3,
  kTypeString = 1 << 4,
  kTypeArray = 1 << 5,
  kTypeObject = 1 << 6,
};

// "integer or string" for a mask; the JSON type name for a single bit.
std::string type_names(uint8_t mask);

// One schema (the root, a $defs entry or an inline subschema). Annotations (description, title,
// $comment, format) are not kept: validation does not need them.
struct Schema {
  std::string pointer;          // JSON pointer in its file ("/$defs/Port"), for messages
  const Schema* ref = nullptr;  // "$ref": the schema to use instead of this one
  uint8_t types = 0;            // allowed JSON types; 0 = any
  std::vector<std::pair<std::string, const Schema*>> properties;  // sorted by name
  bool additional_allowed = true;      // "additionalProperties": false turns it off
  const Schema* additional = nullptr;  // "additionalProperties": {schema} for map values
  std::vector<std::string> required;
  std::vector<std::string> enum_values;  // string enums only (the Istio API has no others)
  const Schema* items = nullptr;
  std::vector<const Schema*> all_of;
  std::vector<const Schema*> any_of;
  std::vector<const Schema*> one_of;
  const Schema* not_ = nullptr;
  std::optional<double> minimum;
  std::optional<double> maximum;
  std::optional<uint64_t> min_items;
  std::optional<uint64_t> max_items;
  std::optional<uint64_t> min_length;
  std::optional<uint64_t> max_length;
  std::optional<uint64_t> max_properties;

  // Follows `ref` to the schema that holds the constraints.
  const Schema& resolved() const;
  const Schema* property(std::string_view name) const;
  std::vector<std::string> property_names() const;
};

// A schema file, compiled once; every Schema it hands out lives as long as it does.
class CompiledSchema {
 public:
  // Parses and compiles `json_text` (named `file` in errors). Any keyword outside the supported
  // subset, a $ref that does not resolve or a malformed value is an error, never ignored.
  static base::Result<CompiledSchema> compile(std::string_view file, std::string_view json_text);

  const std::string& file() const { return file_; }
  const Schema& root() const { return *root_; }
  // The schema at "#/$defs/<name>", or nullptr.
  const Schema* def(std::string_view name) const;
  // Every property name declared anywhere in the file (for coverage tests).
  std::vector<std::string> all_property_names() const;

 private:
  std::string file_;
  std::vector<std::unique_ptr<Schema>> nodes_;  // owns every Schema; addresses are stable
  std::vector<std::pair<std::string, const Schema*>> defs_;
  const Schema* root_ = nullptr;

  friend class Compiler;
};

}  // namespace igw::check::schema
