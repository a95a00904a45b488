// gateway.ConflictingGatewayAnalyzer: two Gateways on the same workload must not both serve one
// host on one port with the same bind address
// (pkg/config/analysis/analyzers/gateway/conflictinggateway.go).
#include "lib/base/strings.h"
#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/analyzers/analyzers.h"
#include "lib/check/istio_messages.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace igw::check::analyzers {

namespace {

// Istio keys its index by "<selector string>~<port number>".
struct SelectorPort {
  std::string selector;
  std::string port;
  friend auto operator<=>(const SelectorPort&, const SelectorPort&) = default;
};
// Per Gateway (by full name), the hosts of its server on that port, each with the server's
// bind. A Gateway with two servers on one port keeps the later one, as Istio's map does.
using HostBinds = std::map<std::string, std::string>;
using GatewayIndex = std::map<SelectorPort, std::map<std::string, HostBinds>>;

std::string port_string(const model::Server& s) {
  return std::to_string(s.port ? s.port->number.value : 0);
}

GatewayIndex index_gateways(const model::Config& cfg) {
  GatewayIndex index;
  for (const auto& gw : cfg.gateways) {
    std::string selector = selector_string(to_labels(gw.selector));
    for (const auto& server : gw.servers) {
      HostBinds hb;
      for (const auto& h : server.hosts)
        hb[h.value] = server.bind.value;
      index[{selector, port_string(server)}][full_name(gw)] = std::move(hb);
    }
  }
  return index;
}

// parseSelectorFromString: "k=v" pairs split at ',' and '='; malformed pairs are dropped.
Labels parse_selector(std::string_view text) {
  Labels out;
  for (auto pair : base::split(text, ',')) {
    auto kv = base::split(pair, '=');
    if (kv.size() == 2)
      out[std::string(kv[0])] = std::string(kv[1]);
  }
  return out;
}

// Whether the Gateway with `selector` shares a workload with the Gateways indexed under
// `other`: equal selector strings, or one string contains the other and some Pod matches both.
bool same_workload(const Context& ctx, const Labels& selector, const std::string& text,
                   const std::string& other) {
  if (text == other)
    return true;
  if (other.find(text) == std::string::npos && text.find(other) == std::string::npos)
    return false;
  Labels other_selector = parse_selector(other);
  for (const model::Pod* pod : ctx.pods()) {
    Labels pod_labels = to_labels(pod->meta.labels);
    if (selector_matches(selector, pod_labels) && selector_matches(other_selector, pod_labels))
      return true;
  }
  return false;
}

// The same index turned around: per (selector, port) entry, host -> the Gateways (full names)
// serving it, each with the bind of its server there. Looking a server's hosts up here finds the
// Gateways it conflicts with without comparing it to every Gateway on the workload.
using HostOwners = std::unordered_map<std::string_view,
                                      std::vector<std::pair<std::string_view, std::string_view>>>;
std::map<const GatewayIndex::value_type*, HostOwners> owners_by_host(const GatewayIndex& index) {
  std::map<const GatewayIndex::value_type*, HostOwners> out;
  for (const auto& entry : index) {
    HostOwners& owners = out[&entry];
    for (const auto& [name, host_binds] : entry.second) {
      for (const auto& [host, bind] : host_binds)
        owners[host].emplace_back(name, bind);
    }
  }
  return out;
}

// pilot/pkg/model/gateway.go CheckDuplicates: the other Gateways of `entry` that already serve
// some host of `server` with the same bind. (Upstream also records this server's hosts into the
// other Gateway's entry when there is no duplicate, which makes later results depend on Go's
// random map order; igw compares each pair on its own.) Each Gateway is named once.
std::set<std::string_view> conflicting(const model::Server& server, const std::string& self,
                                       const HostOwners& owners) {
  std::set<std::string_view> out;
  for (const auto& h : server.hosts) {
    auto it = owners.find(h.value);
    if (it == owners.end())
      continue;
    for (const auto& [other_name, bind] : it->second) {
      if (other_name != self && bind == server.bind.value)
        out.insert(other_name);
    }
  }
  return out;
}

void run_conflicting_gateway_analyzer(Context& ctx) {
  const model::Config& cfg = ctx.config();
  GatewayIndex index = index_gateways(cfg);
  std::map<const GatewayIndex::value_type*, HostOwners> owners = owners_by_host(index);
  for (const auto& gw : cfg.gateways) {
    std::string name = full_name(gw);
    Labels selector = to_labels(gw.selector);
    std::string text = selector_string(selector);
    std::vector<const GatewayIndex::value_type*> same;
    for (const auto& entry : index) {
      if (same_workload(ctx, selector, text, entry.first.selector))
        same.push_back(&entry);
    }
    // Only reachable for a Gateway without servers: its own servers are always indexed.
    if (!text.empty() && same.empty()) {
      ctx.report(ist::kReferencedResourceNotFound,
                 fmt::format("Referenced selector not found: {}", base::quote(text)), gw,
                 selector_loc(gw));
      continue;
    }
    for (const auto& server : gw.servers) {
      std::string port = port_string(server);
      std::vector<std::string> others;
      for (const auto* entry : same) {
        if (entry->first.port != port)
          continue;
        for (std::string_view other_name : conflicting(server, name, owners.at(entry)))
          others.emplace_back(other_name);
      }
      if (others.empty())
        continue;
      std::sort(others.begin(), others.end());
      std::vector<std::string> hosts;
      for (const auto& h : server.hosts)
        hosts.push_back(h.value);
      // Istio attaches no field; the server's port is what collides.
      base::SourceLoc at = server.port ? server.port->loc : server.loc;
      if (server.port && server.port->number)
        at = server.port->number.loc;
      ctx.report(ist::kConflictingGateways,
                 fmt::format("Conflict with gateways {} (workload selector {}, port {}, hosts {}).",
                             base::join(others, ","), text, port, base::join(hosts, ",")),
                 gw, at);
    }
  }
}

}  // namespace

Check conflicting_gateway_analyzer() {
  return {"gateway.ConflictingGatewayAnalyzer",
          "Checks a gateway's selector, port number and hosts",
          {&ist::kReferencedResourceNotFound, &ist::kConflictingGateways},
          {},
          &run_conflicting_gateway_analyzer};
}

}  // namespace igw::check::analyzers
