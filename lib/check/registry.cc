#include "lib/check/registry.h"

#include "lib/check/analyzers/checks.h"
#include "lib/check/igw/checks.h"
#include "lib/check/rules/checks.h"
#include "lib/check/schema/checks.h"
#include "lib/config/messages.h"
#include "lib/model/messages.h"

#include <algorithm>

namespace igw::check {

const std::vector<Check>& all_checks() {
  static const std::vector<Check> kAll = [] {
    std::vector<Check> all;
    for (auto* family : {&schema_checks, &rule_checks, &analyzer_checks, &igw_checks}) {
      for (auto& c : (*family)())
        all.push_back(std::move(c));
    }
    return all;
  }();
  return kAll;
}

std::vector<const base::MessageType*> all_message_types() {
  std::vector<const base::MessageType*> out = {
      &config::msg::kFileUnreadable, &config::msg::kYamlSyntax, &config::msg::kDuplicateKey,
      &config::msg::kSkippedDocument, &model::msg::kUnknownApiVersion};
  for (const auto& c : all_checks()) {
    for (const auto* m : c.messages) {
      if (std::find(out.begin(), out.end(), m) == out.end())
        out.push_back(m);
    }
  }
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->code < b->code; });
  out.erase(
      std::unique(out.begin(), out.end(), [](auto* a, auto* b) { return a->code == b->code; }),
      out.end());
  return out;
}

}  // namespace igw::check
