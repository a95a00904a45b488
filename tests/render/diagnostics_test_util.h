// Builders shared by the diagnostics renderer tests: findings with files, resources, hints.
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/render/diagnostics_report.h"

#include <memory>
#include <string>

namespace igw::render::testing {

inline constexpr base::MessageType kRefNotFound{"IST0101", "ReferencedResourceNotFound",
                                                base::Severity::Error,
                                                "A resource being referenced does not exist."};
inline constexpr base::MessageType kHostNotInGateway{
    "IST0132", "VirtualServiceHostNotFoundInGateway", base::Severity::Warning,
    "Host defined in VirtualService not found in Gateway."};
inline constexpr base::MessageType kOwnCheck{"IGW0999", "OwnCheck", base::Severity::Info,
                                             "An igw check that repeats an Istio one.", "IST0106"};

inline base::SourceFilePtr source(std::string path, std::string text) {
  return std::make_shared<const base::SourceFile>(std::move(path), std::move(text));
}

inline base::Diagnostic finding(const base::MessageType& type, std::string message,
                                base::SourceFilePtr file = nullptr, uint32_t line = 0,
                                uint32_t col = 0, base::ResourceRef ref = {}) {
  return base::Diagnostic::make(type, std::move(message), base::SourceLoc{file, line, col},
                                std::move(ref));
}

// A report over one file "vs.yaml" with an error (hint, document 1) and a warning.
inline DiagnosticsReport sample_report() {
  auto file = source("vs.yaml", "kind: Gateway\n---\nspec:\n  gateways:\n  - bogus\n");
  DiagnosticsReport r;
  base::Diagnostic e = finding(kRefNotFound, "Referenced gateway not found: \"bogus\"", file, 5, 5,
                               {"VirtualService", "prod", "web"});
  e.hint = "create Gateway prod/bogus";
  e.analyzer = "virtualservice.GatewayAnalyzer";
  e.document_index = 1;
  r.diagnostics.add(e);
  r.diagnostics.add(
      finding(kHostNotInGateway, "host not found", file, 3, 1, {"VirtualService", "prod", "web"}));
  r.files = {"vs.yaml"};
  r.resources = {{{"Gateway", "prod", "gw"}, "vs.yaml", 1},
                 {{"VirtualService", "prod", "web"}, "vs.yaml", 3}};
  r.catalog = {&kRefNotFound, &kHostNotInGateway, &kOwnCheck};
  r.failed = true;
  r.base_dir = "/work/repo";
  r.tool_version = "9.9.9";
  return r;
}

}  // namespace igw::render::testing
