// deprecation.DeprecationAnalyzer: deprecated fields Istio still accepts but ignores or replaces
// (pkg/config/analysis/analyzers/deprecation/deprecation.go). Of its inputs igw reads
// VirtualServices and Sidecars (kept untyped); the removed rbac.istio.io CRDs it also flags are
// cluster objects no ingress configuration contains.
#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/analyzers/analyzers.h"
#include "lib/check/istio_messages.h"

#include <fmt/format.h>

namespace igw::check::analyzers {

namespace {

void check_virtual_service(Context& ctx, const model::VirtualService& vs) {
  for (const auto& r : vs.http) {
    if (!r.fault || !r.fault->delay)
      continue;
    const model::LInt& percent = r.fault->delay->percent;
    if (percent.value <= 0)
      continue;
    ctx.report(ist::kDeprecated,
               "Deprecated: HTTPRoute.fault.delay.percent is deprecated; use "
               "HTTPRoute.fault.delay.percentage",
               vs, percent.loc);
  }
}

// A Sidecar's outboundTrafficPolicy.egressProxy is ignored by the proxy.
void check_sidecar(Context& ctx, const model::OtherObject& sidecar) {
  const config::Node* policy = child(child(sidecar.node, "spec"), "outboundTrafficPolicy");
  const config::Node* egress_proxy = child(policy, "egressProxy");
  if (!egress_proxy || !egress_proxy->is_map())
    return;
  const config::Node* key = policy->find_key("egressProxy");
  ctx.report(ist::kDeprecated, "Deprecated: OutboundTrafficPolicy.EgressProxy ignored", sidecar,
             sidecar.loc_of(key ? *key : *egress_proxy));
}

void run_deprecation_analyzer(Context& ctx) {
  const model::Config& cfg = ctx.config();
  for (const auto& vs : cfg.virtual_services)
    check_virtual_service(ctx, vs);
  for (const auto& o : cfg.others) {
    if (is_kind(o, "networking.istio.io", "Sidecar"))
      check_sidecar(ctx, o);
  }
}

}  // namespace

Check deprecation_analyzer() {
  return {"deprecation.DeprecationAnalyzer",
          "Checks for deprecated Istio types and fields",
          {&ist::kDeprecated},
          {},
          &run_deprecation_analyzer};
}

}  // namespace igw::check::analyzers
