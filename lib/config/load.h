// Reading manifests: files, directories (recursive *.yaml/*.yml/*.json), stdin ("-").
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/config/document.h"

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
  size_t max_file_bytes = 64u << 20;       // larger files are refused, not truncated
  size_t max_alias_expansion = 1'000'000;  // nodes created by alias expansion per document
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
