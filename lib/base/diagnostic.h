// Findings about user input: severity, stable code, message, resource and file:line:col.
#pragma once

#include "lib/base/source_loc.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace igw::base {

enum class Severity { Info = 0, Warning = 1, Error = 2 };

std::string_view severity_name(Severity s);  // "Info" | "Warning" | "Error"
// Parses "info", "Warning", "ERROR" (case-insensitive); false when unknown.
bool parse_severity(std::string_view text, Severity& out);

// One kind of finding, as listed by `igw lint -L` and in man/igw-lint.1.
struct MessageType {
  std::string_view code;     // "IST0101", "IGW1101"
  std::string_view name;     // "ReferencedResourceNotFound"
  Severity level;            // default level
  std::string_view summary;  // one-line description
  // For an igw code that is the same check as one of Istio's, that Istio code (JSON `istio_code`,
  // SARIF rule properties). IST codes are Istio's by definition and leave this empty.
  std::string_view istio_code = {};
};

// The object a finding is attached to: "Kind ns/name" (or "Kind name" without namespace).
struct ResourceRef {
  std::string kind;
  std::string ns;
  std::string name;

  bool empty() const { return kind.empty() && name.empty(); }
  std::string str() const;
  friend bool operator==(const ResourceRef&, const ResourceRef&) = default;
};

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;
  std::string name;
  std::string message;
  ResourceRef resource;
  SourceLoc loc;
  std::string hint;      // what to do about it; optional
  std::string analyzer;  // Istio analyzer (or igw check family) that produced it
  // 0-based index of the YAML document in `loc`'s file; -1 when unknown (see
  // check::annotate_documents, which fills it from the parsed input).
  int document_index = -1;

  static Diagnostic make(const MessageType& type, std::string message, SourceLoc loc = {},
                         ResourceRef resource = {});
};

// The sink every check writes into. Collect everything, then decide (mold's checkpoint habit).
class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  Diagnostic& emplace(const MessageType& type, std::string message, SourceLoc loc = {},
                      ResourceRef resource = {});
  void append(Diagnostics other);

  const std::vector<Diagnostic>& items() const { return items_; }
  std::vector<Diagnostic>& items() { return items_; }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  size_t count(Severity s) const;
  bool has_errors() const { return count(Severity::Error) > 0; }

  // istioctl's order: level (Error first), code, resource, file position, message; drops exact
  // duplicates.
  void sort_and_dedupe();

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace igw::base
