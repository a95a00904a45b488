// Helpers for the loader tests: parse inline YAML, find nodes, print positions.
#pragma once

#include "lib/config/load.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace igw::config::testing {

inline LoadResult parse(std::string_view yaml, const LoadLimits& limits = {}) {
  LoadResult r;
  parse_text("t.yaml", std::string(yaml), r, limits);
  return r;
}

// "line:col" of a node.
inline std::string pos(const Node& n) {
  return std::to_string(n.line) + ":" + std::to_string(n.col);
}
inline std::string pos(const Node* n) {
  return n ? pos(*n) : "<missing>";
}

// "CODE line:col" of every diagnostic, joined with "; ".
inline std::string diags(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics.items()) {
    if (!out.empty())
      out += "; ";
    out += d.code + " " + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col);
  }
  return out;
}

// Follows a path of map keys and sequence indexes ("spec", "http", "0", "route").
inline const Node* at(const Node& root, std::initializer_list<std::string_view> path) {
  const Node* n = &root;
  for (std::string_view p : path) {
    if (n->is_map()) {
      n = n->find(p);
    } else if (n->is_seq()) {
      size_t i = std::stoul(std::string(p));
      n = i < n->items.size() ? &n->items[i] : nullptr;
    } else {
      return nullptr;
    }
    if (!n)
      return nullptr;
  }
  return n;
}

}  // namespace igw::config::testing
