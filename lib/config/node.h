// A YAML node with its 1-based position, independent of yaml-cpp (the only includer is load.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace igw::config {

enum class NodeType { Null, Scalar, Sequence, Map };
// How a scalar was written: plain scalars are resolved (int, bool, null…); the others are strings.
enum class ScalarStyle { Plain, Quoted, Block };
// What a scalar means once resolved the way Kubernetes' YAML→JSON conversion (go-yaml v2,
// YAML 1.1 booleans) resolves it.
enum class ScalarKind { String, Int, Float, Bool, Null };

struct Node {
  NodeType type = NodeType::Null;
  ScalarStyle style = ScalarStyle::Plain;
  std::string value;        // scalar text
  std::string tag;          // explicit tag ("tag:yaml.org,2002:str"); empty when none
  uint32_t line = 0;        // 1-based
  uint32_t col = 0;         // 1-based
  std::vector<Node> items;  // sequence items
  std::vector<std::pair<Node, Node>> entries;  // map entries, in order (keys are scalars)

  // Declared, not implicit: with libstdc++, clang instantiates std::pair<Node, Node> while Node's
  // implicit destructor is being defined and rejects the recursion (the fuzz build uses clang).
  Node() = default;
  Node(const Node&) = default;
  Node(Node&&) noexcept = default;
  Node& operator=(const Node&) = default;
  Node& operator=(Node&&) noexcept = default;
  ~Node() = default;

  bool is_null() const { return type == NodeType::Null; }
  bool is_scalar() const { return type == NodeType::Scalar; }
  bool is_seq() const { return type == NodeType::Sequence; }
  bool is_map() const { return type == NodeType::Map; }

  // First entry whose key is `key`, or nullptr (also for non-maps).
  const Node* find(std::string_view key) const;
  // The key node of entry `key` (for "unknown field" positions), or nullptr.
  const Node* find_key(std::string_view key) const;

  ScalarKind scalar_kind() const;
  // "string", "integer", "number", "boolean", "null", "array", "object": JSON names for messages.
  std::string_view json_type() const;
  std::optional<int64_t> as_int() const;
  std::optional<double> as_double() const;
  std::optional<bool> as_bool() const;
};

}  // namespace igw::config
