// Service registry, DestinationRule lookup and clusters; see services.h.
#include "lib/compile/services.h"

#include "lib/model/host_name.h"
#include "lib/model/server_merge.h"

#include <algorithm>
#include <tuple>

namespace igw::compile::detail {

namespace {

constexpr std::string_view kRootNamespace = "istio-system";

// Istio exportTo semantics for `ns`-owned objects seen from `client_ns` (empty = public).
bool exported_to(const std::vector<model::LString>& export_to, std::string_view owner_ns,
                 std::string_view client_ns) {
  if (export_to.empty())
    return true;
  for (const auto& e : export_to) {
    if (e.value == "*" || e.value == client_ns || (e.value == "." && owner_ns == client_ns))
      return true;
  }
  return false;
}

const config::Node* lb_consistent_hash(const model::RawField& lb) {
  if (!lb.node || !lb.node->is_map())
    return nullptr;
  const config::Node* ch = lb.node->find("consistentHash");
  return ch && ch->is_map() ? ch : nullptr;
}

const config::Node* port_level_hash(const std::vector<model::PortTrafficPolicy>& pls,
                                    const model::Destination& dest) {
  if (!dest.port || !dest.port->number)
    return nullptr;
  for (const auto& p : pls) {
    if (p.port && p.port->number && p.port->number.value == dest.port->number.value)
      return lb_consistent_hash(p.load_balancer);
  }
  return nullptr;
}

const model::ClientTlsSettings* port_level_tls(const std::vector<model::PortTrafficPolicy>& pls,
                                               uint32_t port) {
  for (const auto& p : pls) {
    if (p.port && p.port->number && p.port->number.value == static_cast<int64_t>(port))
      return p.tls ? &*p.tls : nullptr;
  }
  return nullptr;
}

}  // namespace

std::string ServiceInfo::describe() const {
  return std::string(service ? "Service " : "ServiceEntry ") + ns + "/" + name;
}

Services::Services(const model::Config& config, const GatewayWorkload& workload)
    : workload_(workload), config_(config) {
  std::vector<const model::Service*> svcs;
  for (const auto& s : config.services)
    svcs.push_back(&s);
  std::stable_sort(svcs.begin(), svcs.end(),
                   [](auto* a, auto* b) { return model::created_before(*a, *b); });
  for (const model::Service* s : svcs) {
    ServiceInfo info;
    info.hostname = s->name() + "." + s->ns() + ".svc." + std::string(model::kDefaultDomain);
    info.ns = s->ns();
    info.name = s->name();
    info.service = s;
    info.loc = s->loc;
    if (s->type.value == "ExternalName")
      info.external_name = s->external_name.value;
    for (const auto& p : s->ports) {
      if (!p.port)
        continue;
      ServicePortInfo pi;
      pi.number = static_cast<uint32_t>(p.port.value);
      pi.name = p.name.value;
      pi.target_port = p.target_port_number ? static_cast<uint32_t>(p.target_port_number.value)
                                            : (p.target_port_name ? 0 : pi.number);
      info.ports.push_back(std::move(pi));
    }
    by_host_[info.hostname].push_back(std::move(info));
  }
  std::vector<const model::ServiceEntry*> entries;
  for (const auto& se : config.service_entries) {
    if (!se.rejected && exported_to(se.export_to, se.ns(), workload_.ns))
      entries.push_back(&se);
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](auto* a, auto* b) { return model::created_before(*a, *b); });
  for (const model::ServiceEntry* se : entries) {
    for (const auto& h : se->hosts) {
      ServiceInfo info;
      info.hostname = h.value;
      info.ns = se->ns();
      info.name = se->name();
      info.entry = se;
      info.loc = h.loc;
      for (const auto& p : se->ports) {
        if (!p.number)
          continue;
        ServicePortInfo pi;
        pi.number = static_cast<uint32_t>(p.number.value);
        pi.name = p.name.value;
        pi.target_port = p.target_port ? static_cast<uint32_t>(p.target_port.value) : 0;
        info.ports.push_back(std::move(pi));
      }
      auto& list = by_host_[info.hostname];
      // A Kubernetes Service keeps its hostname in its namespace over a ServiceEntry
      // (initServiceRegistry: no "domain squatting").
      bool taken = std::any_of(list.begin(), list.end(),
                               [&](const ServiceInfo& o) { return o.ns == info.ns; });
      if (!taken)
        list.push_back(std::move(info));
    }
  }
  std::vector<const model::DestinationRule*> drs;
  for (const auto& dr : config.destination_rules) {
    if (!dr.rejected && dr.host && !dr.workload_selector)
      drs.push_back(&dr);
  }
  std::stable_sort(drs.begin(), drs.end(),
                   [](auto* a, auto* b) { return model::created_before(*a, *b); });
  for (const auto* dr : drs)
    destination_rules_.push_back({model::resolve_short_name(dr->host.value, dr->ns()), dr});
}

const ServiceInfo* Services::lookup(std::string_view host, std::string_view vs_ns) const {
  auto it = by_host_.find(std::string(host));
  if (it == by_host_.end() || it->second.empty())
    return nullptr;
  for (const auto& s : it->second) {
    if (s.ns == vs_ns)
      return &s;
  }
  for (const auto& s : it->second) {
    if (s.ns == workload_.ns)
      return &s;
  }
  return &it->second.front();
}

const model::DestinationRule* Services::destination_rule(std::string_view host,
                                                         const ServiceInfo* svc) const {
  // Most specific host match among the rules visible in one namespace pool.
  auto best_in = [&](auto&& eligible) -> const model::DestinationRule* {
    const DrEntry* best = nullptr;
    for (const auto& e : destination_rules_) {
      if (!eligible(*e.dr))
        continue;
      if (e.host == host)
        return e.dr;  // exact host wins; the oldest first
      if (model::is_wildcard_host(e.host) && model::host_matches(e.host, host)) {
        if (!best || e.host.size() > best->host.size())
          best = &e;
      }
    }
    return best ? best->dr : nullptr;
  };
  const std::string& wl = workload_.ns;
  // 1. Rules in the workload's own namespace (public or private alike).
  if (auto* dr = best_in([&](const model::DestinationRule& d) { return d.ns() == wl; }))
    return dr;
  // 2. Rules in the service's namespace exported to the workload.
  if (svc && svc->ns != wl) {
    if (auto* dr = best_in([&](const model::DestinationRule& d) {
          return d.ns() == svc->ns && exported_to(d.export_to, d.ns(), wl);
        })) {
      return dr;
    }
  }
  // 3. Rules of the root namespace exported to the workload.
  return best_in([&](const model::DestinationRule& d) {
    return d.ns() == kRootNamespace && exported_to(d.export_to, d.ns(), wl);
  });
}

std::vector<const ServiceInfo*> Services::all() const {
  std::vector<const ServiceInfo*> out;
  for (const auto& [host, list] : by_host_) {
    for (const auto& s : list)
      out.push_back(&s);
  }
  std::sort(out.begin(), out.end(), [](const ServiceInfo* a, const ServiceInfo* b) {
    return std::tie(a->hostname, a->ns) < std::tie(b->hostname, b->ns);
  });
  return out;
}

bool uses_consistent_hash(const model::DestinationRule* dr, const model::Destination& dest) {
  if (!dr)
    return false;
  const config::Node* hash = nullptr;
  const config::Node* pls_hash = nullptr;
  if (dr->traffic_policy) {
    hash = lb_consistent_hash(dr->traffic_policy->load_balancer);
    pls_hash = port_level_hash(dr->traffic_policy->port_level_settings, dest);
  }
  const config::Node* subset_hash = nullptr;
  const config::Node* subset_pls_hash = nullptr;
  for (const auto& s : dr->subsets) {
    if (s.name.value == dest.subset.value) {
      if (s.traffic_policy) {
        subset_hash = lb_consistent_hash(s.traffic_policy->load_balancer);
        subset_pls_hash = port_level_hash(s.traffic_policy->port_level_settings, dest);
      }
      break;
    }
  }
  if (subset_pls_hash)
    hash = subset_pls_hash;
  else if (subset_hash)
    hash = subset_hash;
  else if (pls_hash)
    hash = pls_hash;
  return hash != nullptr;
}

Cluster* ClusterRegistry::get(const model::Destination& dest, std::string_view vs_ns,
                              uint32_t listener_port) {
  const std::string& host = dest.host.value;
  const ServiceInfo* svc = services_.lookup(host, vs_ns);
  std::string cluster_host = host;
  if (svc && !svc->external_name.empty())
    cluster_host = svc->external_name;
  uint32_t port = listener_port;
  if (dest.port && dest.port->number)
    port = static_cast<uint32_t>(dest.port->number.value);
  else if (svc && svc->ports.size() == 1)
    port = svc->ports.front().number;
  const std::string& subset = dest.subset.value;
  std::string name = "outbound|" + std::to_string(port) + "|" + subset + "|" + cluster_host;
  if (auto it = index_.find(name); it != index_.end())
    return it->second;
  auto c = std::make_unique<Cluster>();
  c->name = name;
  c->host = cluster_host;
  c->port = port;
  c->subset = subset;
  c->loc = dest.loc;
  const model::DestinationRule* dr = services_.destination_rule(host, svc);
  if (dr) {
    c->destination_rule = dr->ns() + "/" + dr->name();
    c->consistent_hash = uses_consistent_hash(dr, dest);
    const model::ClientTlsSettings* tls = nullptr;
    if (dr->traffic_policy) {
      tls = dr->traffic_policy->tls ? &*dr->traffic_policy->tls : nullptr;
      if (auto* p = port_level_tls(dr->traffic_policy->port_level_settings, port))
        tls = p;
    }
    for (const auto& s : dr->subsets) {
      if (s.name.value == subset && s.traffic_policy) {
        if (s.traffic_policy->tls)
          tls = &*s.traffic_policy->tls;
        if (auto* p = port_level_tls(s.traffic_policy->port_level_settings, port))
          tls = p;
      }
    }
    if (tls) {
      c->upstream_tls_mode = tls->mode.value;
      c->upstream_sni = tls->sni.value;
    }
  }
  if (svc) {
    c->service = svc->describe();
    c->service_loc = svc->loc;
    fill_endpoints(*c, *svc, dr);
  }
  Cluster* raw = c.get();
  index_.emplace(name, raw);
  clusters_.push_back(std::move(c));
  return raw;
}

void ClusterRegistry::fill_endpoints(Cluster& c, const ServiceInfo& svc,
                                     const model::DestinationRule* dr) {
  const ServicePortInfo* sp = nullptr;
  for (const auto& p : svc.ports) {
    if (p.number == c.port)
      sp = &p;
  }
  if (svc.entry) {
    const model::ServiceEntry& se = *svc.entry;
    // Subset labels select among ServiceEntry endpoints by their labels.
    const model::StringMap* subset_labels = nullptr;
    if (dr && !c.subset.empty()) {
      for (const auto& s : dr->subsets) {
        if (s.name.value == c.subset)
          subset_labels = &s.labels;
      }
    }
    for (const auto& ep : se.endpoints) {
      if (subset_labels) {
        bool ok = std::all_of(subset_labels->begin(), subset_labels->end(), [&](const auto& l) {
          const model::LString* v = model::find_value(ep.labels, l.key.value);
          return v && v->value == l.value.value;
        });
        if (!ok)
          continue;
      }
      Endpoint e;
      e.address = ep.address.value;
      e.port = sp ? (sp->target_port ? sp->target_port : sp->number) : c.port;
      if (sp) {
        for (const auto& [pname, pnum] : ep.ports) {
          if (pname.value == sp->name && pnum)
            e.port = static_cast<uint32_t>(pnum.value);
        }
      }
      e.weight = ep.weight ? static_cast<uint32_t>(ep.weight.value) : 1;
      e.source = "ServiceEntry " + se.ns() + "/" + se.name();
      e.loc = ep.loc;
      c.endpoints.push_back(std::move(e));
    }
    std::string res = se.resolution.value;
    if (c.endpoints.empty() && se.endpoints.empty() && (res == "DNS" || res == "DNS_ROUND_ROBIN")) {
      c.resolve_dns = true;
      Endpoint e;
      e.address = svc.hostname;
      e.port = sp && sp->target_port ? sp->target_port : c.port;
      e.source = "ServiceEntry " + se.ns() + "/" + se.name() + " (DNS)";
      e.loc = svc.loc;
      c.endpoints.push_back(std::move(e));
    }
    return;
  }
  if (!svc.external_name.empty()) {
    c.resolve_dns = true;
    Endpoint e;
    e.address = svc.external_name;
    e.port = c.port;
    e.source = svc.describe() + " (ExternalName)";
    e.loc = svc.loc;
    c.endpoints.push_back(std::move(e));
    return;
  }
  for (const auto& eps : config_.endpoints) {
    if (eps.name() != svc.name || eps.ns() != svc.ns)
      continue;
    for (const auto& subset : eps.subsets) {
      const model::EndpointPort* port = nullptr;
      for (const auto& p : subset.ports) {
        if ((sp && p.name.value == sp->name) || subset.ports.size() == 1) {
          port = &p;
          break;
        }
      }
      if (!port || !port->port)
        continue;
      for (const auto& a : subset.addresses) {
        Endpoint e;
        e.address = a.ip.value;
        e.port = static_cast<uint32_t>(port->port.value);
        e.source = "Endpoints " + eps.ns() + "/" + eps.name();
        e.loc = a.loc;
        c.endpoints.push_back(std::move(e));
      }
    }
  }
}

}  // namespace igw::compile::detail
