// The list of checks and message codes (`igw lint -L`), as text, JSON or YAML.
#pragma once

#include "lib/base/diagnostic.h"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string_view>
#include <vector>

namespace igw::render {

// One check family as the catalog shows it (render cannot see lib/check, so the caller copies).
struct CatalogCheck {
  std::string_view name;
  std::string_view description;
  std::vector<const base::MessageType*> messages;
  std::vector<std::string_view> requires_kinds;
};

// istioctl's -L layout ("* name:" then the indented description), plus one line per code:
//   * gateway.SecretAnalyzer:
//       Checks that every credentialName resolves to a usable Secret.
//       IST0101  Error    ReferencedResourceNotFound
// Checks are sorted by name.
void write_catalog_text(std::ostream& out, const std::vector<CatalogCheck>& checks);

// {"checks": [{name, description, requiresKinds, messages: [...]}],
//  "messages": [{code, name, level, description, istio_code?, documentationUrl?}]} where "messages"
//  is
// `all` sorted by code: the complete list man/igw-lint.1 is generated from.
nlohmann::ordered_json catalog_json(const std::vector<CatalogCheck>& checks,
                                    const std::vector<const base::MessageType*>& all);

}  // namespace igw::render
