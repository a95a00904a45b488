// Reading manifests: files, directories (recursive *.yaml/*.yml/*.json), stdin ("-").
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/config/document.h"

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace igw::config {

struct LoadResult {
  std::vector<Document> documents;
  base::Diagnostics diagnostics;
  // Some input could not be read or parsed (istioctl's exit 65).
  bool input_error = false;
  std::vector<std::string> files;  // every file read, in order
};

struct LoadLimits {
  size_t max_file_bytes = 64u << 20;  // larger files are refused, not truncated
  // Nodes created by alias expansion per document. Real manifests expand a few hundred; 10^5
  // keeps a "billion laughs" document to a fraction of a second and a few MB.
  size_t max_alias_expansion = 100'000;
  // Collections nested deeper than this (aliases included) are refused: manifests nest a dozen
  // levels, and every consumer of the tree may recurse over it.
  uint32_t max_depth = 256;
  // Scalar and key bytes copied by alias expansion per document (an alias of a long string).
  size_t max_alias_expansion_bytes = 64u << 20;
};

// Parses one file's text. Never throws; syntax problems become diagnostics (IGW0002/IGW0003)
// and the documents before the problem are kept.
void parse_text(const std::string& path, std::string text, LoadResult& out,
                const LoadLimits& limits = {});

// Loads every path in order. Directories are walked recursively (hidden entries skipped,
// entries sorted by name) and only *.yaml, *.yml and *.json are read from them; a path given
// explicitly is read whatever its extension. "-" reads `stdin_stream` once.
LoadResult load(const std::vector<std::string>& paths, std::istream& stdin_stream,
                const LoadLimits& limits = {});

}  // namespace igw::config
