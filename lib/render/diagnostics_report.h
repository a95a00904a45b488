// The input of every diagnostics renderer: the findings to print plus what the run looked at.
#pragma once

#include "lib/base/diagnostic.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace igw::render {

// One object of the input (for per-resource output such as JUnit test cases, and counts).
struct ReportResource {
  base::ResourceRef ref;
  std::string file;  // as given on the command line; "" when unknown
  uint32_t line = 0;
};

struct DiagnosticsReport {
  base::Diagnostics diagnostics;                  // what to print, in print order
  std::vector<std::string> files;                 // every input file read, in order
  std::vector<ReportResource> resources;          // every checked object, in input order
  std::vector<const base::MessageType*> catalog;  // every message type (rules, istio_code)
  base::Severity failure_threshold = base::Severity::Error;
  bool failed = false;       // some finding reached the failure threshold
  bool input_error = false;  // some input could not be read or parsed
  size_t suppressed = 0;     // findings dropped by -S or the analyze-suppress annotation
  // Directory relative paths are computed against (the current directory); "" leaves paths as
  // they were given.
  std::string base_dir;
  std::string tool_version;
};

// The message type with `code`, or nullptr.
const base::MessageType* find_message_type(const std::vector<const base::MessageType*>& catalog,
                                           std::string_view code);

// The Istio code a finding corresponds to: the code itself for IST codes, the type's
// `istio_code` for igw codes that repeat an Istio check, "" otherwise.
std::string istio_code_of(std::string_view code,
                          const std::vector<const base::MessageType*>& catalog);

// Istio's page for an IST code (istio.io/latest/docs/reference/config/analysis/ist0101/); "" for
// other codes.
std::string istio_doc_url(std::string_view code);

// `path` relative to `base_dir` when it lies inside it (lexically, no file system access), with
// '/' separators; otherwise `path` unchanged. "" base_dir leaves `path` unchanged.
std::string relative_path(std::string_view path, std::string_view base_dir);

// "error" | "warning" | "note": SARIF's level names (GitHub's are the same but "notice").
std::string_view sarif_level(base::Severity s);

// "1 error", "2 errors": `n` with the singular or plural noun.
std::string count_phrase(size_t n, std::string_view singular, std::string_view plural);

}  // namespace igw::render
