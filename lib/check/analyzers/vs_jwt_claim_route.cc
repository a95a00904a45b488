// virtualservice.JWTClaimRouteAnalyzer: routing on a JWT claim only works when a
// RequestAuthentication validates the token on every gateway Pod the VirtualService is bound to
// (pkg/config/analysis/analyzers/virtualservice/jwtclaimroute.go).
#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/analyzers/analyzers.h"
#include "lib/check/istio_messages.h"
#include "lib/model/reader.h"

#include <fmt/format.h>

#include <map>
#include <vector>

namespace igw::check::analyzers {

namespace {

// pilot/pkg/util/constant HeaderJWTClaim.
constexpr std::string_view kJwtClaimPrefix = "@request.auth.claims";

// routeBasedOnJWTClaimKey: the first header or withoutHeaders key naming a claim. Upstream walks
// Go maps here, so with several claim keys its pick is random; igw takes the first written.
std::string jwt_claim_key(const model::VirtualService& vs) {
  for (const auto& r : vs.http) {
    for (const auto& m : r.match) {
      for (const auto* list : {&m.headers, &m.without_headers}) {
        for (const auto& h : *list) {
          if (h.name.value.starts_with(kJwtClaimPrefix))
            return h.name.value;
        }
      }
    }
  }
  return {};
}

// RequestAuthentication selectors (spec.selector.matchLabels) by namespace. RequestAuthentication
// is not a typed kind in igw; it is read from the kept YAML.
std::map<std::string, std::vector<Labels>> request_authn_selectors(const model::Config& cfg) {
  std::map<std::string, std::vector<Labels>> out;
  for (const auto& o : cfg.others) {
    if (!is_kind(o, "security.istio.io", "RequestAuthentication") || !o.doc)
      continue;
    model::Reader r(*o.doc);
    const config::Node* selector = child(child(o.node, "spec"), "selector");
    out[o.ns()].push_back(to_labels(r.string_map(selector, "matchLabels")));
  }
  return out;
}

void run_vs_jwt_claim_route_analyzer(Context& ctx) {
  const model::Config& cfg = ctx.config();
  auto authn = request_authn_selectors(cfg);
  // Built on first use (few VirtualServices route on JWT claims): the first Gateway of each
  // name, and every Pod's label set.
  std::map<NsName, const model::Gateway*> gateways;
  std::vector<Labels> pod_labels_of;
  bool indexed = false;
  for (const auto& vs : cfg.virtual_services) {
    std::string key = jwt_claim_key(vs);
    if (key.empty())
      continue;
    if (!indexed) {
      for (const auto& g : cfg.gateways)
        gateways.try_emplace(NsName{g.ns(), g.name()}, &g);
      for (const model::Pod* pod : ctx.pods())
        pod_labels_of.push_back(to_labels(pod->meta.labels));
      indexed = true;
    }
    for (const auto& ref : vs.gateways) {
      if (ref.value == "mesh")
        continue;
      NsName gw_name = short_or_full_name(vs.ns(), ref.value);
      auto found = gateways.find(gw_name);
      // A missing gateway is virtualservice.GatewayAnalyzer's finding.
      if (found == gateways.end())
        continue;
      const model::Gateway* gw = found->second;
      Labels selector = to_labels(gw->selector);
      for (size_t i = 0; i < ctx.pods().size(); ++i) {
        const model::Pod* pod = ctx.pods()[i];
        const Labels& pod_labels = pod_labels_of[i];
        if (!selector_matches(selector, pod_labels))
          continue;
        bool covered = false;
        for (const auto& ns : {ctx.options().istio_namespace, pod->ns()}) {
          auto it = authn.find(ns);
          if (it == authn.end())
            continue;
          for (const auto& ra : it->second)
            covered = covered || selector_matches(ra, pod_labels);
        }
        if (covered)
          continue;
        std::string gw_text = gw_name.ns.empty() ? gw_name.name : gw_name.ns + "/" + gw_name.name;
        ctx.report(ist::kJwtClaimBasedRoutingWithoutRequestAuthN,
                   fmt::format("The virtual service uses the JWT claim based routing (key: {}) but "
                               "found no request authentication for the gateway ({}) pod ({}). "
                               "The request authentication must first be applied for the gateway "
                               "pods to validate the JWT token and make the claims available for "
                               "routing.",
                               key, gw_text, pod->name()),
                   vs, ref.loc);
      }
    }
  }
}

}  // namespace

Check vs_jwt_claim_route_analyzer() {
  return {"virtualservice.JWTClaimRouteAnalyzer",
          "Checks the VirtualService using JWT claim based routing has corresponding "
          "RequestAuthentication",
          {&ist::kJwtClaimBasedRoutingWithoutRequestAuthN},
          {"Pod"},
          &run_vs_jwt_claim_route_analyzer};
}

}  // namespace igw::check::analyzers
