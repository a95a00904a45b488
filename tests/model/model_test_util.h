// Helpers for the model tests: inline YAML through the loader and the model.
#pragma once

#include "lib/config/load.h"
#include "lib/model/parse.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace igw::model::testing {

struct Parsed {
  base::Diagnostics load_diags;
  base::Diagnostics diags;
  Config cfg;
};

inline Parsed parse_yaml(std::string_view yaml, const ParseOptions& options = {}) {
  config::LoadResult loaded;
  config::parse_text("m.yaml", std::string(yaml), loaded);
  Parsed p;
  p.load_diags = loaded.diagnostics;
  p.cfg = parse(std::move(loaded), options, p.diags);
  return p;
}

// "line:col" of a location; "-" when it has none.
inline std::string pos(const base::SourceLoc& loc) {
  if (!loc.has_position())
    return "-";
  return std::to_string(loc.line) + ":" + std::to_string(loc.col);
}

template <class T>
std::string pos(const Located<T>& v) {
  return v.present ? pos(v.loc) : "absent";
}

inline std::string codes(const base::Diagnostics& d) {
  std::string out;
  for (const auto& x : d.items()) {
    if (!out.empty())
      out += " ";
    out += x.code + "@" + pos(x.loc);
  }
  return out;
}

}  // namespace igw::model::testing
