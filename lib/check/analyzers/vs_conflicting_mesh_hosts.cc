// virtualservice.ConflictingMeshGatewayHostsAnalyzer: VirtualServices bound to the mesh gateway
// must not define the same host where they are visible, or which one applies is undefined
// (pkg/config/analysis/analyzers/virtualservice/conflictingmeshgatewayhosts.go).
#include "lib/base/strings.h"
#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/analyzers/analyzers.h"
#include "lib/check/istio_messages.h"
#include "lib/model/host_name.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <vector>

namespace igw::check::analyzers {

namespace {

constexpr std::string_view kExportToAll = "*";

bool bound_to_mesh(const model::VirtualService& vs) {
  if (vs.gateways.empty())
    return true;
  return std::any_of(vs.gateways.begin(), vs.gateways.end(),
                     [](const model::LString& g) { return g.value == "mesh"; });
}

// Scoped FQDN ("<namespace scope>/<fqdn>") -> the VirtualServices defining it, in input order;
// `order` keeps the keys in first-seen order (Istio walks a Go map, in random order).
struct MeshHosts {
  std::map<std::string, std::vector<const model::VirtualService*>> by_host;
  std::vector<std::string> order;
};

MeshHosts index_mesh_hosts(const model::Config& cfg) {
  MeshHosts out;
  for (const auto& vs : cfg.virtual_services) {
    if (!bound_to_mesh(vs))
      continue;
    std::set<std::string> scopes;
    if (exports_to_all(vs.export_to)) {
      scopes.insert(std::string(kExportToAll));
    } else {
      for (const auto& e : vs.export_to)
        scopes.insert(e.value == "." ? vs.ns() : e.value);
    }
    for (const auto& scope : scopes) {
      for (const auto& h : vs.hosts) {
        std::string key = scoped_fqdn(scope, vs.ns(), h.value);
        auto& list = out.by_host[key];
        if (list.empty())
          out.order.push_back(key);
        list.push_back(&vs);
      }
    }
  }
  return out;
}

std::pair<std::string_view, std::string_view> split_scoped(std::string_view key) {
  size_t slash = key.find('/');
  return {key.substr(0, slash), key.substr(slash + 1)};
}

void run_vs_conflicting_mesh_hosts_analyzer(Context& ctx) {
  MeshHosts hosts = index_mesh_hosts(ctx.config());
  // The keys exported to all namespaces, in `order`: the only ones a scoped key is compared with.
  std::vector<const std::string*> exported_to_all;
  for (const auto& key : hosts.order) {
    if (split_scoped(key).first == kExportToAll)
      exported_to_all.push_back(&key);
  }
  std::set<std::string> reported;  // by full name, as Istio keys it
  for (const auto& key : hosts.order) {
    std::vector<const model::VirtualService*> list = hosts.by_host[key];
    auto [scope, fqdn] = split_scoped(key);
    if (scope != kExportToAll) {
      // A host scoped to some namespaces also conflicts with VirtualServices exported to all
      // namespaces whose host matches it.
      for (const std::string* other_key : exported_to_all) {
        std::string_view other_fqdn = split_scoped(*other_key).second;
        if (!model::host_matches(fqdn, other_fqdn))
          continue;
        const auto& more = hosts.by_host[*other_key];
        list.insert(list.end(), more.begin(), more.end());
      }
    }
    if (list.size() < 2)
      continue;
    std::vector<std::string> names;
    for (const auto* vs : list)
      names.push_back(full_name(*vs));
    std::sort(names.begin(), names.end());
    std::string joined = base::join(names, ",");
    for (const auto* vs : list) {
      if (!reported.insert(full_name(*vs)).second)
        continue;
      ctx.report(ist::kConflictingMeshGatewayVirtualServiceHosts,
                 fmt::format("The VirtualServices {} associated with mesh gateway define the same "
                             "host {} which can lead to undefined behavior. This can be fixed by "
                             "merging the conflicting VirtualServices into a single resource.",
                             joined, key),
                 *vs, vs->meta.name.loc_or(vs->loc));
    }
  }
}

}  // namespace

Check vs_conflicting_mesh_hosts_analyzer() {
  return {"virtualservice.ConflictingMeshGatewayHostsAnalyzer",
          "Checks if multiple virtual services associated with the mesh gateway have conflicting "
          "hosts",
          {&ist::kConflictingMeshGatewayVirtualServiceHosts},
          {},
          &run_vs_conflicting_mesh_hosts_analyzer};
}

}  // namespace igw::check::analyzers
