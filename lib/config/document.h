// One YAML document of an input file.
#pragma once

#include "lib/base/source_loc.h"
#include "lib/config/node.h"

#include <cstdint>

namespace igw::config {

struct Document {
  base::SourceFilePtr file;
  uint32_t index = 0;  // 0-based position of the document in its file
  Node root;

  base::SourceLoc loc(const Node& n) const { return base::SourceLoc{file, n.line, n.col}; }
};

}  // namespace igw::config
