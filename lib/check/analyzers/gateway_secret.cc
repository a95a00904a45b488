// gateway.SecretAnalyzer: every server credentialName must name a Secret in the namespace of the
// Gateway's workload, holding a usable certificate
// (pkg/config/analysis/analyzers/gateway/secret.go).
#include "lib/base/strings.h"
#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/analyzers/analyzers.h"
#include "lib/check/analyzers/gateway_credential.h"
#include "lib/check/istio_messages.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace igw::check::analyzers {

namespace {

// getGatewayNamespace: the namespace of the first Pod the selector matches. Istio assumes all
// selected Pods share it; an empty result means "no workload" (also for a matching Pod that has
// no namespace, which only the namespace-less test harness can produce).
// Gateways mostly share a handful of selectors: the answer is kept per selector, and the Pods'
// label sets are built once, not once per Gateway.
class WorkloadNamespaces {
 public:
  explicit WorkloadNamespaces(const Context& ctx) {
    for (const model::Pod* pod : ctx.pods())
      pods_.emplace_back(to_labels(pod->meta.labels), pod);
  }

  const std::string& of(const Labels& selector) {
    auto [it, inserted] = known_.try_emplace(selector);
    if (inserted) {
      for (const auto& [labels, pod] : pods_) {
        if (selector_matches(selector, labels)) {
          it->second = pod->ns();
          break;
        }
      }
    }
    return it->second;
  }

 private:
  std::vector<std::pair<Labels, const model::Pod*>> pods_;
  std::map<Labels, std::string> known_;
};

// The first Secret of each namespace and name, as a walk over the Secrets in input order finds.
std::map<NsName, const model::Secret*> index_secrets(const model::Config& cfg) {
  std::map<NsName, const model::Secret*> out;
  for (const auto& s : cfg.secrets)
    out.try_emplace(NsName{s.ns(), s.name()}, &s);
  return out;
}

const model::Secret* find_secret(const std::map<NsName, const model::Secret*>& secrets,
                                 const NsName& name) {
  auto it = secrets.find(name);
  return it == secrets.end() ? nullptr : it->second;
}

// The Secrets cert-manager Certificates write into: the Secret will exist once cert-manager has
// issued it, so its absence from the input is not a broken reference. (igw's own extension;
// istioctl never reads Certificates.)
std::set<NsName> cert_manager_secrets(const model::Config& cfg) {
  std::set<NsName> out;
  for (const auto& c : cfg.certificates)
    out.insert(NsName{c.ns(), c.secret_name.value});
  return out;
}

void run_gateway_secret_analyzer(Context& ctx) {
  const model::Config& cfg = ctx.config();
  WorkloadNamespaces workload_namespace(ctx);
  const std::map<NsName, const model::Secret*> secrets = index_secrets(cfg);
  const std::set<NsName> issued = cert_manager_secrets(cfg);
  for (const auto& gw : cfg.gateways) {
    Labels selector = to_labels(gw.selector);
    std::string gw_ns = workload_namespace.of(selector);
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
      base::SourceLoc at = cn.loc_or(server.tls->loc);
      NsName secret_name = short_or_full_name(gw_ns, cn.value);
      const model::Secret* secret = find_secret(secrets, secret_name);
      if (!secret) {
        if (issued.count(secret_name))
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
          &run_gateway_secret_analyzer};
}

}  // namespace igw::check::analyzers
