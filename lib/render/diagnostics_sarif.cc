#include "lib/render/diagnostics_sarif.h"

#include "lib/render/diagnostics_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace igw::render {

namespace {

using Json = nlohmann::ordered_json;

// Files igw names itself rather than reading from disk ("<stdin>"): no artifact to point at.
bool is_pseudo_file(std::string_view path) {
  return path.empty() || path.front() == '<';
}

std::string help_uri(const base::MessageType& m) {
  std::string url = istio_doc_url(m.code);
  // igw's own codes are documented in igw-lint(1), section DIAGNOSTIC CODES.
  return url.empty() ? "man:igw-lint(1)" : url;
}

Json rule_json(const base::MessageType& m, const std::vector<const base::MessageType*>& catalog) {
  Json r;
  r["id"] = m.code;
  r["name"] = m.name;
  r["shortDescription"] = {{"text", m.summary}};
  r["helpUri"] = help_uri(m);
  r["help"] = {{"text", fmt::format("{} See {} for causes and fixes.", m.summary, help_uri(m))}};
  r["defaultConfiguration"] = {{"level", sarif_level(m.level)}};
  if (std::string istio = istio_code_of(m.code, catalog); !istio.empty())
    r["properties"] = {{"istio_code", istio}};
  return r;
}

// The artifact location of `path`: relative to the source root when it lies inside base_dir,
// otherwise an absolute file URI.
Json artifact_location(const std::string& path, const std::string& base_dir) {
  namespace fs = std::filesystem;
  fs::path p(path);
  if (!base_dir.empty() && p.is_relative())
    p = (fs::path(base_dir) / p).lexically_normal();
  std::string rel = relative_path(p.generic_string(), base_dir);
  if (fs::path(rel).is_relative())
    return {{"uri", uri_encode_path(rel)}, {"uriBaseId", kSarifSourceRoot}};
  return {{"uri", "file://" + uri_encode_path(fs::path(rel).lexically_normal().generic_string())}};
}

Json result_json(const base::Diagnostic& d, int rule_index, const DiagnosticsReport& report) {
  Json r;
  r["ruleId"] = d.code;
  if (rule_index >= 0)
    r["ruleIndex"] = rule_index;
  r["level"] = sarif_level(d.severity);
  std::string text = d.message;
  if (!d.hint.empty())
    text += "\nhint: " + d.hint;
  r["message"] = {{"text", text}};
  Json location = Json::object();
  if (d.loc.known() && !is_pseudo_file(d.loc.path())) {
    Json physical;
    physical["artifactLocation"] = artifact_location(d.loc.path(), report.base_dir);
    if (d.loc.line > 0) {
      Json region = {{"startLine", d.loc.line}};
      if (d.loc.col > 0)
        region["startColumn"] = d.loc.col;
      physical["region"] = region;
    }
    location["physicalLocation"] = physical;
  }
  if (!d.resource.empty()) {
    Json logical = {
        {"name", d.resource.name}, {"fullyQualifiedName", d.resource.str()}, {"kind", "resource"}};
    location["logicalLocations"] = Json::array({logical});
  }
  if (!location.empty())
    r["locations"] = Json::array({location});
  Json props = Json::object();
  if (!d.resource.empty()) {
    props["resource"] = {
        {"kind", d.resource.kind}, {"namespace", d.resource.ns}, {"name", d.resource.name}};
  }
  if (d.document_index >= 0)
    props["documentIndex"] = d.document_index;
  if (!d.analyzer.empty())
    props["analyzer"] = d.analyzer;
  if (std::string istio = istio_code_of(d.code, report.catalog); !istio.empty())
    props["istio_code"] = istio;
  if (!props.empty())
    r["properties"] = props;
  return r;
}

}  // namespace

std::string uri_encode_path(std::string_view path) {
  std::string out;
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (unreserved) {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

Json diagnostics_sarif(const DiagnosticsReport& report) {
  std::vector<const base::MessageType*> rules = report.catalog;
  std::sort(rules.begin(), rules.end(), [](auto* a, auto* b) { return a->code < b->code; });

  Json driver;
  driver["name"] = "igw";
  if (!report.tool_version.empty()) {
    driver["version"] = report.tool_version;
    driver["semanticVersion"] = report.tool_version;
  }
  driver["rules"] = Json::array();
  for (const auto* m : rules)
    driver["rules"].push_back(rule_json(*m, report.catalog));

  Json run;
  run["tool"] = {{"driver", driver}};
  if (!report.base_dir.empty()) {
    std::string root = std::filesystem::path(report.base_dir).lexically_normal().generic_string();
    if (!root.ends_with('/'))
      root += '/';
    run["originalUriBaseIds"] = {{kSarifSourceRoot, {{"uri", "file://" + uri_encode_path(root)}}}};
  }
  run["results"] = Json::array();
  for (const auto& d : report.diagnostics.items()) {
    auto it = std::find_if(rules.begin(), rules.end(),
                           [&d](const base::MessageType* m) { return m->code == d.code; });
    int index = it == rules.end() ? -1 : static_cast<int>(it - rules.begin());
    run["results"].push_back(result_json(d, index, report));
  }

  Json doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = Json::array({run});
  return doc;
}

void write_diagnostics_sarif(std::ostream& out, const DiagnosticsReport& report) {
  write_json(out, diagnostics_sarif(report));
}

}  // namespace igw::render
