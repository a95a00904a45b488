#include "lib/base/diagnostic.h"

#include "lib/base/strings.h"

#include <algorithm>
#include <tuple>

namespace igw::base {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Info:
      return "Info";
    case Severity::Warning:
      return "Warning";
    case Severity::Error:
      return "Error";
  }
  return "Error";
}

bool parse_severity(std::string_view text, Severity& out) {
  std::string t = to_lower(text);
  if (t == "info") {
    out = Severity::Info;
  } else if (t == "warning" || t == "warn") {
    out = Severity::Warning;
  } else if (t == "error") {
    out = Severity::Error;
  } else {
    return false;
  }
  return true;
}

std::string ResourceRef::str() const {
  if (empty())
    return {};
  if (ns.empty())
    return kind + " " + name;
  return kind + " " + ns + "/" + name;
}

Diagnostic Diagnostic::make(const MessageType& type, std::string message, SourceLoc loc,
                            ResourceRef resource) {
  Diagnostic d;
  d.severity = type.level;
  d.code = std::string(type.code);
  d.name = std::string(type.name);
  d.message = std::move(message);
  d.loc = std::move(loc);
  d.resource = std::move(resource);
  return d;
}

Diagnostic& Diagnostics::emplace(const MessageType& type, std::string message, SourceLoc loc,
                                 ResourceRef resource) {
  items_.push_back(Diagnostic::make(type, std::move(message), std::move(loc), std::move(resource)));
  return items_.back();
}

void Diagnostics::append(Diagnostics other) {
  for (auto& d : other.items_)
    items_.push_back(std::move(d));
}

size_t Diagnostics::count(Severity s) const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(),
                                           [s](const Diagnostic& d) { return d.severity == s; }));
}

namespace {
auto sort_key(const Diagnostic& d) {
  return std::make_tuple(-static_cast<int>(d.severity), std::string_view(d.code),
                         std::string_view(d.resource.kind), std::string_view(d.resource.ns),
                         std::string_view(d.resource.name), std::string_view(d.loc.path()),
                         d.loc.line, d.loc.col, std::string_view(d.message));
}
}  // namespace

void Diagnostics::sort_and_dedupe() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return sort_key(a) < sort_key(b);
  });
  auto same = [](const Diagnostic& a, const Diagnostic& b) { return sort_key(a) == sort_key(b); };
  items_.erase(std::unique(items_.begin(), items_.end(), same), items_.end());
}

}  // namespace igw::base
