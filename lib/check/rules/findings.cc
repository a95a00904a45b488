// Findings: one object's validation results, reported as istioctl's ValidationAnalyzer does
// (pkg/config/analysis/analyzers/schema/validation.go, morePreciseMessage).
#include "lib/check/rules/findings.h"

#include "lib/check/istio_messages.h"

#include <fmt/format.h>

namespace igw::check::rules {

void Findings::error(std::string text, base::SourceLoc loc, std::string hint) {
  errors_.push_back(
      {Finding::Kind::ValidationError, std::move(text), std::move(loc), std::move(hint)});
}

void Findings::warning(std::string text, base::SourceLoc loc, std::string hint) {
  if (!keep_warnings_)
    return;
  warnings_.push_back({Finding::Kind::Warning, std::move(text), std::move(loc), std::move(hint)});
}

void Findings::unreachable_rule(const std::string& rule, const std::string& reason,
                                base::SourceLoc loc) {
  warnings_.push_back({Finding::Kind::UnreachableRule,
                       fmt::format("VirtualService rule {} not used ({}).", rule, reason),
                       std::move(loc),
                       "remove the rule or move it before the rule that captures its traffic"});
}

void Findings::ineffective_match(const std::string& rule, const std::string& match,
                                 const std::string& dup, base::SourceLoc loc) {
  warnings_.push_back(
      {Finding::Kind::IneffectiveMatch,
       fmt::format("VirtualService rule {} match {} is not used (duplicate/overlapping match in "
                   "rule {}).",
                   rule, match, dup),
       std::move(loc),
       "an earlier match already takes these requests; remove this match or make it more "
       "specific than the earlier one"});
}

void Findings::report(Context& ctx, const model::ObjectBase& obj) const {
  for (const auto& f : errors_) {
    auto& d = ctx.report(ist::kSchemaValidationError,
                         fmt::format("Schema validation error: {}", f.text), obj, f.loc);
    d.hint = f.hint;
  }
  for (const auto& f : warnings_) {
    const base::MessageType* type = &ist::kSchemaWarning;
    std::string message;
    switch (f.kind) {
      case Finding::Kind::UnreachableRule:
        type = &ist::kVirtualServiceUnreachableRule;
        message = f.text;
        break;
      case Finding::Kind::IneffectiveMatch:
        type = &ist::kVirtualServiceIneffectiveMatch;
        message = f.text;
        break;
      default:
        message = fmt::format("Schema validation warning: {}", f.text);
        break;
    }
    auto& d = ctx.report(*type, std::move(message), obj, f.loc);
    d.hint = f.hint;
  }
}

}  // namespace igw::check::rules
