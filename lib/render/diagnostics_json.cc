#include "lib/render/diagnostics_json.h"

namespace igw::render {

namespace {

nlohmann::ordered_json diagnostic_json(const base::Diagnostic& d,
                                       const std::vector<const base::MessageType*>& catalog) {
  nlohmann::ordered_json j;
  j["level"] = base::severity_name(d.severity);
  j["code"] = d.code;
  j["name"] = d.name;
  j["message"] = d.message;
  if (d.resource.empty()) {
    j["resource"] = nullptr;
  } else {
    j["resource"] = {
        {"kind", d.resource.kind}, {"namespace", d.resource.ns}, {"name", d.resource.name}};
  }
  j["file"] = d.loc.known() ? nlohmann::ordered_json(d.loc.path()) : nullptr;
  j["line"] = d.loc.line > 0 ? nlohmann::ordered_json(d.loc.line) : nullptr;
  j["column"] = d.loc.col > 0 ? nlohmann::ordered_json(d.loc.col) : nullptr;
  if (d.document_index >= 0)
    j["documentIndex"] = d.document_index;
  if (!d.hint.empty())
    j["hint"] = d.hint;
  if (!d.analyzer.empty())
    j["analyzer"] = d.analyzer;
  if (std::string istio = istio_code_of(d.code, catalog); !istio.empty())
    j["istio_code"] = istio;
  if (std::string url = istio_doc_url(d.code); !url.empty())
    j["documentationUrl"] = url;
  return j;
}

}  // namespace

nlohmann::ordered_json diagnostics_json(const DiagnosticsReport& report) {
  nlohmann::ordered_json doc;
  doc["diagnostics"] = nlohmann::ordered_json::array();
  for (const auto& d : report.diagnostics.items())
    doc["diagnostics"].push_back(diagnostic_json(d, report.catalog));
  const base::Diagnostics& diags = report.diagnostics;
  doc["summary"] = {
      {"errors", diags.count(base::Severity::Error)},
      {"warnings", diags.count(base::Severity::Warning)},
      {"infos", diags.count(base::Severity::Info)},
      {"files", report.files.size()},
      {"resources", report.resources.size()},
      {"suppressed", report.suppressed},
      {"failureThreshold", base::severity_name(report.failure_threshold)},
      {"failed", report.failed},
      {"inputError", report.input_error},
  };
  return doc;
}

void write_json(std::ostream& out, const nlohmann::ordered_json& doc) {
  out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

void write_diagnostics_json(std::ostream& out, const DiagnosticsReport& report) {
  write_json(out, diagnostics_json(report));
}

}  // namespace igw::render
