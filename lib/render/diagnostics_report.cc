#include "lib/render/diagnostics_report.h"

#include "lib/base/strings.h"

#include <fmt/format.h>

#include <filesystem>

namespace igw::render {

const base::MessageType* find_message_type(const std::vector<const base::MessageType*>& catalog,
                                           std::string_view code) {
  for (const auto* m : catalog) {
    if (m->code == code)
      return m;
  }
  return nullptr;
}

std::string istio_code_of(std::string_view code,
                          const std::vector<const base::MessageType*>& catalog) {
  if (code.starts_with("IST"))
    return std::string(code);
  if (const auto* m = find_message_type(catalog, code))
    return std::string(m->istio_code);
  return {};
}

std::string istio_doc_url(std::string_view code) {
  if (!code.starts_with("IST"))
    return {};
  // The pattern of Istio's own documentationUrl (pkg/url/url.go, diag/message.go), pinned to
  // "latest" rather than a release.
  return fmt::format("https://istio.io/latest/docs/reference/config/analysis/{}/",
                     base::to_lower(code));
}

std::string relative_path(std::string_view path, std::string_view base_dir) {
  namespace fs = std::filesystem;
  if (base_dir.empty() || path.empty())
    return std::string(path);
  fs::path p(path);
  if (p.is_relative())
    return p.lexically_normal().generic_string();
  fs::path rel = p.lexically_normal().lexically_relative(fs::path(base_dir).lexically_normal());
  if (rel.empty() || *rel.begin() == "..")
    return std::string(path);
  return rel.generic_string();
}

std::string_view sarif_level(base::Severity s) {
  switch (s) {
    case base::Severity::Info:
      return "note";
    case base::Severity::Warning:
      return "warning";
    case base::Severity::Error:
      return "error";
  }
  return "error";
}

std::string count_phrase(size_t n, std::string_view singular, std::string_view plural) {
  return fmt::format("{} {}", n, n == 1 ? singular : plural);
}

}  // namespace igw::render
