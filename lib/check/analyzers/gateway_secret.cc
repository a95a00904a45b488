// gateway.SecretAnalyzer: every server credentialName must name a Secret in the namespace of the
// Gateway's workload, holding a usable certificate
// (pkg/config/analysis/analyzers/gateway/secret.go).
#include "lib/base/strings.h"
#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/analyzers/analyzers.h"
#include "lib/check/analyzers/gateway_credential.h"
#include "lib/check/istio_messages.h"

#include <fmt/format.h>

namespace igw::check::analyzers {

namespace {

// getGatewayNamespace: the namespace of the first Pod the selector matches. Istio assumes all
// selected Pods share it; an empty result means "no workload" (also for a matching Pod that has
// no namespace, which only the namespace-less test harness can produce).
std::string workload_namespace(const Context& ctx, const Labels& selector) {
  for (const model::Pod* pod : ctx.pods()) {
    if (selector_matches(selector, to_labels(pod->meta.labels)))
      return pod->ns();
  }
  return {};
}

const model::Secret* find_secret(const model::Config& cfg, const NsName& name) {
  for (const auto& s : cfg.secrets) {
    if (has_name(s, name))
      return &s;
  }
  return nullptr;
}

// A cert-manager Certificate writing into that Secret: the Secret will exist once cert-manager
// has issued it, so its absence from the input is not a broken reference. (igw's own extension;
// istioctl never reads Certificates.)
bool issued_by_cert_manager(const model::Config& cfg, const NsName& name) {
  for (const auto& c : cfg.certificates) {
    if (c.ns() == name.ns && c.secret_name.value == name.name)
      return true;
  }
  return false;
}

void run(Context& ctx) {
  const model::Config& cfg = ctx.config();
  for (const auto& gw : cfg.gateways) {
    Labels selector = to_labels(gw.selector);
    std::string gw_ns = workload_namespace(ctx, selector);
    if (gw_ns.empty()) {
      ctx.report(
          ist::kReferencedResourceNotFound,
          fmt::format("Referenced selector not found: {}", base::quote(selector_string(selector))),
          gw, selector_loc(gw));
      continue;
    }
    for (const auto& server : gw.servers) {
      if (!server.tls)
        continue;
      const model::LString& cn = server.tls->credential_name;
      if (cn.value.empty())
        continue;
      base::SourceLoc at = loc_or(cn, server.tls->loc);
      NsName secret_name = short_or_full_name(gw_ns, cn.value);
      const model::Secret* secret = find_secret(cfg, secret_name);
      if (!secret) {
        if (issued_by_cert_manager(cfg, secret_name))
          continue;
        ctx.report(ist::kReferencedResourceNotFound,
                   fmt::format("Referenced credentialName not found: {}", base::quote(cn.value)),
                   gw, at);
        continue;
      }
      if (!gateway_credential_valid(*secret, ctx.now())) {
        ctx.report(ist::kInvalidGatewayCredential,
                   fmt::format("The credential referenced by the Gateway {} in namespace {} is "
                               "invalid, which can cause the traffic not to work as expected.",
                               gw.name(), gw_ns),
                   gw, at);
      }
    }
  }
}

}  // namespace

Check gateway_secret_analyzer() {
  return {"gateway.SecretAnalyzer",
          "Checks a gateway's referenced secrets for correctness",
          {&ist::kReferencedResourceNotFound, &ist::kInvalidGatewayCredential},
          {"Pod", "Secret"},
          &run};
}

}  // namespace igw::check::analyzers
