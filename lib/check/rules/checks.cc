// The rules family: Istio's field validation of Gateway, VirtualService and DestinationRule, as
// istioctl analyze runs it (schema.ValidationAnalyzer.<Kind>, one per kind).
#include "lib/check/rules/checks.h"

#include "lib/check/istio_messages.h"
#include "lib/check/rules/findings.h"
#include "lib/check/rules/kinds.h"

namespace igw::check {

namespace {

template <class T, class Validate>
void validate_all(Context& ctx, const std::vector<T>& objects, Validate validate) {
  for (const auto& obj : objects) {
    rules::Findings f;
    validate(obj, f);
    f.report(ctx, obj);
  }
}

void run_gateways(Context& ctx) {
  validate_all(ctx, ctx.config().gateways, rules::validate_gateway);
}

void run_virtual_services(Context& ctx) {
  validate_all(ctx, ctx.config().virtual_services, rules::validate_virtual_service);
}

void run_destination_rules(Context& ctx) {
  validate_all(ctx, ctx.config().destination_rules, rules::validate_destination_rule);
}

}  // namespace

std::vector<Check> rule_checks() {
  return {
      Check{"schema.ValidationAnalyzer.Gateway",
            "Runs schema validation as an analyzer on 'Gateway' resources",
            {&ist::kSchemaValidationError, &ist::kSchemaWarning},
            {"Gateway"},
            &run_gateways},
      Check{"schema.ValidationAnalyzer.VirtualService",
            "Runs schema validation as an analyzer on 'VirtualService' resources",
            {&ist::kSchemaValidationError, &ist::kSchemaWarning,
             &ist::kVirtualServiceUnreachableRule, &ist::kVirtualServiceIneffectiveMatch},
            {"VirtualService"},
            &run_virtual_services},
      Check{"schema.ValidationAnalyzer.DestinationRule",
            "Runs schema validation as an analyzer on 'DestinationRule' resources",
            {&ist::kSchemaValidationError, &ist::kSchemaWarning},
            {"DestinationRule"},
            &run_destination_rules},
  };
}

}  // namespace igw::check
