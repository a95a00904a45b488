#include "lib/check/schema/checks.h"

#include "lib/check/schema/kind_schemas.h"
#include "lib/check/schema/messages.h"
#include "lib/check/schema/validator.h"

namespace igw::check {

namespace {

// Validates every object of one kind and reports each finding at its key or value.
template <class T>
void check_objects(Context& ctx, const std::vector<T>& objects, std::string_view kind) {
  const schema::CompiledSchema* compiled = schema::schema_for_kind(kind);
  if (!compiled)
    return;
  for (const auto& obj : objects) {
    if (!obj.node)
      continue;
    for (auto& f : schema::validate(compiled->root(), *obj.node)) {
      base::Diagnostic& d = ctx.report(*f.type, std::move(f.message), obj, obj.loc_of(*f.node));
      d.hint = std::move(f.hint);
    }
  }
}

void run_gateway(Context& ctx) {
  check_objects(ctx, ctx.config().gateways, "Gateway");
}
void run_virtual_service(Context& ctx) {
  check_objects(ctx, ctx.config().virtual_services, "VirtualService");
}
void run_destination_rule(Context& ctx) {
  check_objects(ctx, ctx.config().destination_rules, "DestinationRule");
}
void run_service_entry(Context& ctx) {
  check_objects(ctx, ctx.config().service_entries, "ServiceEntry");
}

std::vector<const base::MessageType*> messages() {
  return {&schema::msg::kUnknownField,     &schema::msg::kInvalidType,
          &schema::msg::kInvalidEnumValue, &schema::msg::kMissingRequiredField,
          &schema::msg::kOneOfConflict,    &schema::msg::kValueOutOfRange};
}

}  // namespace

std::vector<Check> schema_checks() {
  return {
      {"schema.Gateway",
       "Gateway shape against share/schemas/gateway.schema.json: unknown fields, types, enums, "
       "required fields, one-of groups, ranges",
       messages(),
       {},
       &run_gateway},
      {"schema.VirtualService",
       "VirtualService shape against share/schemas/virtual-service.schema.json: unknown fields, "
       "types, enums, required fields, one-of groups, ranges",
       messages(),
       {},
       &run_virtual_service},
      {"schema.DestinationRule",
       "DestinationRule shape against share/schemas/destination-rule.schema.json: unknown fields, "
       "types, enums, required fields, one-of groups, ranges",
       messages(),
       {},
       &run_destination_rule},
      {"schema.ServiceEntry",
       "ServiceEntry shape against share/schemas/service-entry.schema.json: unknown fields, "
       "types, enums, required fields, one-of groups, ranges",
       messages(),
       {},
       &run_service_entry},
  };
}

}  // namespace igw::check
