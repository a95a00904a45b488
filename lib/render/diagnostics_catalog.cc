#include "lib/render/diagnostics_catalog.h"

#include "lib/render/diagnostics_report.h"

#include <fmt/format.h>

#include <algorithm>

namespace igw::render {

namespace {

std::vector<const CatalogCheck*> sorted(const std::vector<CatalogCheck>& checks) {
  std::vector<const CatalogCheck*> out;
  for (const auto& c : checks)
    out.push_back(&c);
  std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->name < b->name; });
  return out;
}

nlohmann::ordered_json message_json(const base::MessageType& m,
                                    const std::vector<const base::MessageType*>& all) {
  nlohmann::ordered_json j;
  j["code"] = m.code;
  j["name"] = m.name;
  j["level"] = base::severity_name(m.level);
  j["description"] = m.summary;
  if (std::string istio = istio_code_of(m.code, all); !istio.empty())
    j["istio_code"] = istio;
  if (std::string url = istio_doc_url(m.code); !url.empty())
    j["documentationUrl"] = url;
  return j;
}

}  // namespace

void write_catalog_text(std::ostream& out, const std::vector<CatalogCheck>& checks) {
  for (const CatalogCheck* c : sorted(checks)) {
    out << "* " << c->name << ":\n";
    if (!c->description.empty())
      out << "    " << c->description << "\n";
    for (const auto* m : c->messages) {
      out << fmt::format("    {:<8} {:<8} {}\n", m->code, base::severity_name(m->level), m->name);
    }
  }
}

nlohmann::ordered_json catalog_json(const std::vector<CatalogCheck>& checks,
                                    const std::vector<const base::MessageType*>& all) {
  nlohmann::ordered_json doc;
  doc["checks"] = nlohmann::ordered_json::array();
  for (const CatalogCheck* c : sorted(checks)) {
    nlohmann::ordered_json j;
    j["name"] = c->name;
    j["description"] = c->description;
    j["requiresKinds"] = nlohmann::ordered_json::array();
    for (auto k : c->requires_kinds)
      j["requiresKinds"].push_back(k);
    j["messages"] = nlohmann::ordered_json::array();
    for (const auto* m : c->messages)
      j["messages"].push_back(message_json(*m, all));
    doc["checks"].push_back(std::move(j));
  }
  std::vector<const base::MessageType*> codes = all;
  std::sort(codes.begin(), codes.end(), [](auto* a, auto* b) { return a->code < b->code; });
  doc["messages"] = nlohmann::ordered_json::array();
  for (const auto* m : codes)
    doc["messages"].push_back(message_json(*m, all));
  return doc;
}

}  // namespace igw::render
