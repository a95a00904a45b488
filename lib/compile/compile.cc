// compile(): builds the RouteTable — listeners and filter chains (buildGatewayListeners), route
// configurations (buildGatewayHTTPRouteConfig) and TCP/TLS chains (createGatewayTCPFilterChainOpts)
// as istio:pilot/pkg/networking/core/gateway.go does, on top of model::merge_servers().
#include "lib/compile/compile.h"

#include "lib/base/strings.h"
#include "lib/compile/actions.h"
#include "lib/compile/matchers.h"
#include "lib/compile/notes.h"
#include "lib/compile/services.h"
#include "lib/compile/tls_context.h"
#include "lib/compile/virtual_services.h"
#include "lib/model/host_name.h"
#include "lib/model/route_semantics.h"

#include <algorithm>
#include <map>
#include <set>

namespace igw::compile {

namespace {

std::string vs_object(const model::VirtualService& vs) {
  return "VirtualService " + vs.ns() + "/" + vs.name();
}

ServerRef server_ref(const model::MergedServer& s) {
  ServerRef r;
  r.gateway = s.gateway_name;
  r.server_index = s.server->index;
  r.server_name = s.server->name.value;
  r.port_name = s.port_name;
  r.protocol = s.protocol_text;
  r.kind = s.kind;
  r.gateway_port = s.gateway_port;
  r.hosts = s.hosts;
  r.loc = s.loc;
  return r;
}

// host.NamesForNamespace: server hosts visible to a VirtualService in `ns`, namespace stripped.
std::vector<std::string> hosts_for_namespace(const std::vector<std::string>& hosts,
                                             const std::string& ns) {
  std::vector<std::string> out;
  for (const auto& h : hosts) {
    size_t slash = h.find('/');
    if (slash == std::string::npos) {
      out.push_back(h);
      continue;
    }
    std::string_view hns = std::string_view(h).substr(0, slash);
    if (hns == ns || hns == "*")
      out.push_back(h.substr(slash + 1));
  }
  return out;
}

// pickMatchingGatewayHosts (gateway.go): some VS host matches some server host visible to it.
bool vs_matches_server_hosts(const detail::VsEntry& e, const std::vector<std::string>& hosts) {
  for (const auto& vh : e.hosts) {
    for (const auto& gh : hosts) {
      std::string_view g = gh;
      size_t slash = g.find('/');
      if (slash != std::string_view::npos) {
        if (g.substr(0, slash) != e.vs->ns())
          continue;
        g = g.substr(slash + 1);
      }
      if (model::host_matches(g, vh))
        return true;
    }
  }
  return false;
}

// l4SingleMatch: port unset or the server port; gateways unset or containing the gateway.
bool l4_match(const model::LInt& port, const std::vector<model::LString>& gateways,
              const std::string& vs_ns, uint32_t server_port, const std::string& gateway) {
  if (port && port.value != 0 && port.value != static_cast<int64_t>(server_port))
    return false;
  if (gateways.empty())
    return true;
  return std::any_of(gateways.begin(), gateways.end(), [&](const model::LString& g) {
    return model::resolve_gateway_name(g.value, vs_ns) == gateway;
  });
}

std::vector<std::string> sorted_server_names(std::vector<std::string> names) {
  // toFilterChainMatch: a "*" entry means no SNI criterion at all.
  if (std::find(names.begin(), names.end(), "*") != names.end())
    return {};
  std::stable_sort(names.begin(), names.end());
  return names;
}

}  // namespace

class TableBuilder {
 public:
  TableBuilder(const model::Config& config, const GatewayWorkload& workload)
      : config_(config),
        workload_(workload),
        table_(new RouteTable()),
        notes_(table_->notes_),
        services_(config, workload_),
        clusters_(config, services_),
        vs_index_(config, workload_, notes_) {}

  RouteTablePtr build() {
    table_->workload_ = workload_;
    record_rejected();
    merge_ = model::merge_servers(config_, workload_);
    record_dropped();
    for (const auto& ml : merge_.listeners)
      build_listener(ml);
    finish();
    return table_;
  }

 private:
  const model::Config& config_;
  GatewayWorkload workload_;
  std::shared_ptr<RouteTable> table_;
  detail::Notes notes_;
  detail::Services services_;
  detail::ClusterRegistry clusters_;
  detail::RegexCache regexes_;
  detail::VirtualServiceIndex vs_index_;
  model::ServerMerge merge_;
  std::map<std::string, RouteConfig*> route_configs_;
  std::set<std::pair<std::string, std::string>> noted_;  // (object, message) already noted

  void note_once(std::string rule, std::string object, std::string message, base::SourceLoc loc) {
    if (noted_.emplace(object, message).second)
      notes_.add(std::move(rule), std::move(object), std::move(message), std::move(loc));
  }

  void record_rejected() {
    auto add = [this](const auto& objects) {
      for (const auto& o : objects) {
        if (o.rejected)
          table_->rejected_.push_back(o.kind + " " + o.ns() + "/" + o.name());
      }
    };
    add(config_.gateways);
    add(config_.virtual_services);
    add(config_.destination_rules);
    add(config_.service_entries);
  }

  void record_dropped() {
    for (const auto& d : merge_.dropped) {
      DroppedServer out;
      out.gateway = d.gateway_name;
      out.server_index = d.server->index;
      out.server_name = d.server->name.value;
      out.gateway_port = d.gateway_port;
      out.reason = d.reason;
      out.message = d.message;
      out.duplicate_hosts = d.duplicate_hosts;
      if (d.conflicts_with)
        out.conflicts_with = server_ref(merge_.servers[*d.conflicts_with]);
      out.loc = d.loc;
      table_->dropped_.push_back(std::move(out));
    }
  }

  // ----- listeners and chains ------------------------------------------------------------

  void build_listener(const model::MergedListener& ml) {
    Listener l;
    l.name = ml.name;
    l.bind = ml.bind;
    l.port = ml.listen_port;
    std::set<std::string> passthrough_sni;  // buildGatewayListeners' tlsHostsByPort
    for (size_t gi : ml.groups) {
      const model::PortGroup& g = merge_.groups[gi];
      for (size_t si : g.servers) {
        uint32_t gp = merge_.servers[si].gateway_port;
        if (std::find(l.gateway_ports.begin(), l.gateway_ports.end(), gp) == l.gateway_ports.end())
          l.gateway_ports.push_back(gp);
      }
      if (model::is_http_protocol(g.protocol)) {
        const model::MergedServer& first = merge_.servers[g.servers.front()];
        FilterChain c;
        c.kind = ChainKind::kHttp;
        c.route_config = route_config(g.route_name);
        c.server = server_ref(first);
        c.loc = first.loc;
        l.chains.push_back(std::move(c));
        continue;
      }
      for (size_t si : g.servers)
        add_server_chains(l, merge_.servers[si], passthrough_sni);
    }
    std::sort(l.gateway_ports.begin(), l.gateway_ports.end());
    if (l.chains.empty()) {
      notes_.add("R1.21", "Listener " + l.name,
                 "no filter chain (no VirtualService tcp/tls route matches its servers); Istio "
                 "builds no listener, so connections are refused",
                 merge_.servers[merge_.groups[ml.groups.front()].servers.front()].loc);
      return;
    }
    // Envoy refuses a listener where two chains have the same matching rules.
    std::map<std::string, size_t> owner;
    for (size_t i = 0; i < l.chains.size(); ++i) {
      std::vector<std::string> keys = l.chains[i].server_names;
      if (keys.empty())
        keys.push_back("");
      for (const auto& k : keys) {
        auto [it, fresh] = owner.emplace(k, i);
        if (!fresh) {
          notes_.add(
              "R1.13", "Listener " + l.name,
              "filter chains for " + l.chains[it->second].server.gateway + " and " +
                  l.chains[i].server.gateway + " both match " +
                  (k.empty() ? std::string("connections without a matching SNI") : "SNI " + k) +
                  "; Envoy rejects the whole listener, so igw leaves it out",
              l.chains[i].loc);
          return;
        }
      }
    }
    for (size_t i = 0; i < l.chains.size(); ++i) {
      l.chains[i].name = l.name + "/" + std::to_string(i);
      if (!l.chains[i].server_names.empty())
        l.tls_inspector = true;
    }
    table_->listeners_.push_back(std::move(l));
  }

  void add_server_chains(Listener& l, const model::MergedServer& s,
                         std::set<std::string>& passthrough_sni) {
    using model::ServerKind;
    switch (s.kind) {
      case ServerKind::kHttp:
        break;  // handled per group
      case ServerKind::kHttpsTerminate: {
        FilterChain c;
        c.kind = ChainKind::kHttp;
        c.server_names = sorted_server_names(s.sni_hosts);
        c.tls = detail::build_tls_context(*s.server->tls, s.tls_mode);
        c.route_config = route_config(s.route_name);
        c.server = server_ref(s);
        c.loc = s.loc;
        l.chains.push_back(std::move(c));
        break;
      }
      case ServerKind::kTcp:
      case ServerKind::kTcpTlsTerminate: {
        auto tcp = tcp_route_for(s);
        if (!tcp) {
          notes_.add("R1.21", "Gateway " + s.gateway_name,
                     "servers[" + std::to_string(s.server->index) + "] (port " +
                         std::to_string(s.gateway_port) +
                         ") has no VirtualService tcp route; Istio builds no chain for it",
                     s.loc);
          break;
        }
        FilterChain c;
        c.kind = ChainKind::kTcpProxy;
        if (s.kind == ServerKind::kTcpTlsTerminate) {
          c.server_names = sorted_server_names(s.sni_hosts);
          c.tls = detail::build_tls_context(*s.server->tls, s.tls_mode);
        }
        c.tcp = std::move(tcp);
        c.server = server_ref(s);
        c.loc = s.loc;
        l.chains.push_back(std::move(c));
        break;
      }
      case ServerKind::kTlsPassthrough:
        add_passthrough_chains(l, s, passthrough_sni);
        break;
      case ServerKind::kAutoPassthrough:
        add_auto_passthrough_chains(l, s);
        break;
    }
  }

  TcpProxy make_tcp_proxy(const std::vector<model::RouteDestination>& route,
                          const std::string& vs_ns, uint32_t port) {
    TcpProxy t;
    bool several = route.size() > 1;
    for (const auto& d : route) {
      if (!d.destination)
        continue;
      int64_t weight = d.weight.value_or(0);
      if (several && weight == 0)
        continue;
      model::Destination dest = *d.destination;
      dest.host.value = model::resolve_short_name(dest.host.value, vs_ns);
      Cluster* c = clusters_.get(dest, vs_ns, port);
      WeightedCluster w;
      w.name = c->name;
      w.host = c->host;
      w.port = c->port;
      w.subset = c->subset;
      w.weight = several ? static_cast<uint32_t>(weight) : 0;
      w.cluster = c;
      w.loc = d.loc;
      t.total_weight += w.weight;
      t.clusters.push_back(std::move(w));
    }
    return t;
  }

  // buildGatewayNetworkFiltersFromTCPRoutes (R1.21): the first VS (VS order) whose hosts match
  // and whose tcp rule matches port/gateway wins.
  std::optional<TcpProxy> tcp_route_for(const model::MergedServer& s) {
    for (const detail::VsEntry* e : vs_index_.for_gateway(s.gateway_name)) {
      if (!vs_matches_server_hosts(*e, s.hosts))
        continue;
      for (uint32_t i = 0; i < e->vs->tcp.size(); ++i) {
        const model::TcpRoute& r = e->vs->tcp[i];
        bool ok = r.match.empty();
        for (const auto& m : r.match) {
          if (!m.null_entry &&
              l4_match(m.port, m.gateways, e->vs->ns(), s.gateway_port, s.gateway_name)) {
            ok = true;
            break;
          }
        }
        if (!ok || r.route.empty())
          continue;
        TcpProxy t = make_tcp_proxy(r.route, e->vs->ns(), s.gateway_port);
        t.virtual_service = VsRef{e->vs->ns(), e->vs->name(), e->vs->loc};
        t.route_index = i;
        t.loc = r.loc;
        return t;
      }
    }
    return std::nullopt;
  }

  // buildGatewayNetworkFiltersFromTLSRoutes (R1.19).
  void add_passthrough_chains(Listener& l, const model::MergedServer& s,
                              std::set<std::string>& seen_sni) {
    size_t before = l.chains.size();
    for (const detail::VsEntry* e : vs_index_.for_gateway(s.gateway_name)) {
      if (!vs_matches_server_hosts(*e, s.hosts))
        continue;
      for (uint32_t i = 0; i < e->vs->tls.size(); ++i) {
        const model::TlsRoute& r = e->vs->tls[i];
        if (r.route.empty())
          continue;
        for (uint32_t mi = 0; mi < r.match.size(); ++mi) {
          const model::TlsMatchAttributes& m = r.match[mi];
          if (m.null_entry ||
              !l4_match(m.port, m.gateways, e->vs->ns(), s.gateway_port, s.gateway_name)) {
            continue;
          }
          std::vector<std::string> sni;
          for (const auto& h : m.sni_hosts)
            sni.push_back(h.value);
          std::vector<std::string> dups;
          for (const auto& h : sni) {
            if (seen_sni.count(h))
              dups.push_back(h);
          }
          if (!dups.empty()) {
            notes_.add("R1.19", vs_object(*e->vs),
                       "tls[" + std::to_string(i) + "].match[" + std::to_string(mi) + "]: SNI " +
                           base::join(dups, ", ") + " already has a chain on " + l.name +
                           "; Istio skips this match (first VirtualService wins)",
                       m.loc);
            continue;
          }
          seen_sni.insert(sni.begin(), sni.end());
          FilterChain c;
          c.kind = ChainKind::kTlsPassthrough;
          c.server_names = sorted_server_names(sni);
          TcpProxy t = make_tcp_proxy(r.route, e->vs->ns(), s.gateway_port);
          t.virtual_service = VsRef{e->vs->ns(), e->vs->name(), e->vs->loc};
          t.route_index = i;
          t.loc = m.loc;
          c.tcp = std::move(t);
          c.server = server_ref(s);
          c.loc = m.loc;
          l.chains.push_back(std::move(c));
        }
      }
    }
    if (l.chains.size() == before) {
      notes_.add("R1.19", "Gateway " + s.gateway_name,
                 "PASSTHROUGH servers[" + std::to_string(s.server->index) +
                     "] has no VirtualService tls route for its hosts; clients are disconnected",
                 s.loc);
    }
  }

  // builtAutoPassthroughFilterChains (R1.20): one chain per service port (and DR subset) whose
  // hostname the server hosts cover; SNI is the DNS-SRV form of the cluster name.
  void add_auto_passthrough_chains(Listener& l, const model::MergedServer& s) {
    for (const detail::ServiceInfo* svc : services_.all()) {
      if (svc->entry && svc->entry->location.value == "MESH_EXTERNAL")
        continue;
      bool covered = std::any_of(s.sni_hosts.begin(), s.sni_hosts.end(), [&](const auto& h) {
        return model::host_subset_of(svc->hostname, h);
      });
      if (!covered)
        continue;
      const model::DestinationRule* dr = services_.destination_rule(svc->hostname, svc);
      std::vector<std::string> subsets{""};
      if (dr) {
        for (const auto& ss : dr->subsets)
          subsets.push_back(ss.name.value);
      }
      for (const auto& p : svc->ports) {
        for (const auto& subset : subsets) {
          model::Destination dest;
          dest.host.value = svc->hostname;
          dest.host.present = true;
          dest.subset.value = subset;
          dest.subset.present = !subset.empty();
          model::PortSelector ps;
          ps.number.value = p.number;
          ps.number.present = true;
          dest.port = ps;
          Cluster* c = clusters_.get(dest, svc->ns, s.gateway_port);
          FilterChain ch;
          ch.kind = ChainKind::kAutoPassthrough;
          ch.server_names = {"outbound_." + std::to_string(p.number) + "_." + subset + "_." +
                             svc->hostname};
          TcpProxy t;
          WeightedCluster w;
          w.name = c->name;
          w.host = c->host;
          w.port = c->port;
          w.subset = c->subset;
          w.cluster = c;
          t.clusters.push_back(std::move(w));
          t.loc = svc->loc;
          ch.tcp = std::move(t);
          ch.server = server_ref(s);
          ch.loc = s.loc;
          l.chains.push_back(std::move(ch));
        }
      }
    }
  }

  // ----- route configurations -----------------------------------------------------------

  RouteConfig* route_config(const std::string& name) {
    if (auto it = route_configs_.find(name); it != route_configs_.end())
      return it->second;
    auto rc = std::make_unique<RouteConfig>();
    rc->name = name;
    RouteConfig* raw = rc.get();
    route_configs_[name] = raw;
    table_->route_configs_.push_back(std::move(rc));
    build_route_config(*raw);
    return raw;
  }

  // BuildHTTPRoutesForVirtualService for one (gateway, VS) on a server port.
  std::vector<const Route*> build_routes(const detail::VsEntry& e, uint32_t port,
                                         const std::string& gateway, bool is_tls) {
    std::vector<const Route*> out;
    const model::VirtualService& vs = *e.vs;
    const std::string object = vs_object(vs);
    model::RouteScope scope{port, gateway, &workload_};
    detail::ActionContext actx;
    actx.port = port;
    actx.is_tls = is_tls;
    actx.vs_ns = vs.ns();
    actx.object = object;
    actx.clusters = &clusters_;
    actx.regexes = &regexes_;
    actx.notes = &notes_;
    for (size_t ri = 0; ri < e.rules.size(); ++ri) {
      const detail::ExpandedRule& x = e.rules[ri];
      const model::HttpRoute& rule = x.get();
      const std::string rule_label = rule_name(x);
      bool catch_all = false;
      if (rule.match.empty()) {
        if (const Route* r = translate(e, x, nullptr, 0, actx))
          out.push_back(r);
        catch_all = true;
      } else {
        for (uint32_t mi = 0; mi < rule.match.size(); ++mi) {
          const model::HttpMatchRequest& m = rule.match[mi];
          if (!model::match_applies(m, vs.ns(), scope)) {
            note_once("R3.2", object,
                      rule_label + ".match[" + std::to_string(mi) + "] does not apply on port " +
                          std::to_string(port) + " of gateway " + gateway +
                          " (port, gateways, sourceLabels or sourceNamespace)",
                      m.loc);
            continue;
          }
          const Route* r = translate(e, x, &m, mi, actx);
          if (!r)
            continue;
          out.push_back(r);
          if (r->match.catch_all) {
            catch_all = true;
            break;
          }
        }
      }
      if (catch_all) {
        if (ri + 1 < e.rules.size()) {
          note_once("R3.1", object,
                    rule_label + " matches every request; the " +
                        std::to_string(e.rules.size() - ri - 1) +
                        " rule(s) after it are never emitted",
                    e.rules[ri + 1].get().loc);
        }
        break;
      }
    }
    return out;
  }

  static std::string rule_name(const detail::ExpandedRule& x) {
    std::string s = "http[" + std::to_string(x.root_index) + "]";
    if (x.delegate) {
      s += " (delegate " + x.delegate->ns() + "/" + x.delegate->name() + " http[" +
           std::to_string(x.delegate_index) + "])";
    }
    return s;
  }

  // TranslateRoute: nullptr when the route cannot be compiled (a note says why).
  const Route* translate(const detail::VsEntry& e, const detail::ExpandedRule& x,
                         const model::HttpMatchRequest* m, uint32_t match_index,
                         const detail::ActionContext& actx) {
    const model::HttpRoute& rule = x.get();
    auto route = std::make_unique<Route>();
    std::string err;
    auto match = detail::translate_route_match(m, regexes_, &err);
    if (!match) {
      note_once("R3.5", actx.object,
                rule_name(x) + ": " + err + "; Envoy would refuse the route configuration",
                m ? m->loc : rule.loc);
      return nullptr;
    }
    route->match = std::move(*match);
    route->name = rule.name.value;
    if (m && m->name && !m->name->empty())
      route->name += "." + m->name.value;
    if (!detail::translate_actions(rule, actx, *route))
      return nullptr;
    RouteOrigin& o = route->origin;
    o.vs_namespace = e.vs->ns();
    o.vs_name = e.vs->name();
    o.vs_loc = e.vs->loc;
    o.rule_index = x.root_index;
    o.rule_name = rule.name.value;
    o.rule_loc = rule.loc;
    if (m) {
      o.match_index = match_index;
      o.match_name = m->name.value;
      o.match_loc = m->loc;
    }
    if (x.delegate) {
      o.delegate_namespace = x.delegate->ns();
      o.delegate_name = x.delegate->name();
      o.delegate_rule_index = x.delegate_index;
    }
    const Route* raw = route.get();
    table_->routes_.push_back(std::move(route));
    return raw;
  }

  // buildGatewayHTTPRouteConfig.
  void build_route_config(RouteConfig& rc) {
    std::vector<size_t> servers = merge_.servers_for_route(rc.name);
    if (servers.empty())
      return;
    rc.gateway_port = merge_.servers[servers.front()].gateway_port;
    for (size_t si : servers)
      rc.servers.push_back(server_ref(merge_.servers[si]));
    struct Building {
      VirtualHost vh;
    };
    std::map<std::string, Building> vhosts;
    std::map<std::pair<std::string, const detail::VsEntry*>, std::vector<const Route*>> cache;
    for (size_t si : servers) {
      const model::MergedServer& s = merge_.servers[si];
      const bool is_tls = s.tls_mode != model::TlsMode::kNone;
      for (const detail::VsEntry* e : vs_index_.for_gateway(s.gateway_name)) {
        std::vector<std::string> server_hosts = hosts_for_namespace(s.hosts, e->vs->ns());
        std::vector<std::string> hosts = model::host_intersection(server_hosts, e->hosts);
        if (hosts.empty())
          continue;
        auto key = std::make_pair(s.gateway_name, e);
        auto it = cache.find(key);
        if (it == cache.end())
          it = cache.emplace(key, build_routes(*e, s.gateway_port, s.gateway_name, is_tls)).first;
        const std::vector<const Route*>& routes = it->second;
        if (routes.empty()) {
          // A VirtualService with only tcp/tls rules is not expected to add an HTTP vhost.
          if (!e->rules.empty())
            note_once("R3.2", vs_object(*e->vs),
                      "no HTTP route of this VirtualService applies on " + rc.name +
                          "; it adds no virtual host there",
                      e->vs->loc);
          continue;
        }
        for (const auto& h : hosts) {
          std::string host = base::to_lower(h);
          auto [vit, fresh] = vhosts.try_emplace(host);
          VirtualHost& vh = vit->second.vh;
          if (fresh) {
            vh.name = host + ":" + std::to_string(s.gateway_port);
            vh.domains = {host};
            vh.loc = e->vs->loc;
          }
          vh.routes.insert(vh.routes.end(), routes.begin(), routes.end());
          if (s.https_redirect)
            vh.require_tls = true;
          bool listed = std::any_of(
              vh.virtual_services.begin(), vh.virtual_services.end(),
              [&](const VsRef& r) { return r.ns == e->vs->ns() && r.name == e->vs->name(); });
          if (!listed)
            vh.virtual_services.push_back(VsRef{e->vs->ns(), e->vs->name(), e->vs->loc});
        }
      }
      // httpsRedirect hosts get a vhost even without any VirtualService (R1.16).
      if (s.https_redirect) {
        for (const auto& h : s.hosts) {
          std::string host = base::to_lower(h);
          if (host.find('/') != std::string::npos) {
            // Istio uses the namespace-qualified form here as written: no Host header can match
            // it, so only VirtualService-backed vhosts of that name redirect.
            note_once("R1.16", "Gateway " + s.gateway_name,
                      "httpsRedirect host " + h + " keeps its namespace in the virtual host " +
                          "Istio creates; without a VirtualService for " +
                          h.substr(h.find('/') + 1) + " requests get 404 instead of a redirect",
                      s.loc);
          }
          auto [vit, fresh] = vhosts.try_emplace(host);
          VirtualHost& vh = vit->second.vh;
          vh.require_tls = true;
          if (fresh) {
            vh.name = host + ":" + std::to_string(s.gateway_port);
            vh.domains = {host};
            vh.loc = s.loc;
          }
        }
      }
    }
    if (vhosts.empty()) {
      VirtualHost bh;
      bh.name = "blackhole:" + std::to_string(rc.gateway_port);
      bh.domains = {"*"};
      bh.blackhole = true;
      bh.loc = merge_.servers[servers.front()].loc;
      notes_.add("R2.9", "RouteConfiguration " + rc.name,
                 "no VirtualService binds to its servers; every request gets 404 (NR)", bh.loc);
      rc.virtual_hosts.push_back(std::move(bh));
      return;
    }
    for (auto& [host, b] : vhosts) {
      // SortVHostRoutes: catch-all routes move to the end, relative order kept (R3.3).
      std::stable_partition(b.vh.routes.begin(), b.vh.routes.end(),
                            [](const Route* r) { return !r->match.catch_all; });
      rc.virtual_hosts.push_back(std::move(b.vh));
    }
    std::sort(rc.virtual_hosts.begin(), rc.virtual_hosts.end(),
              [](const VirtualHost& a, const VirtualHost& b) { return a.name < b.name; });
  }

  void finish() {
    std::sort(table_->listeners_.begin(), table_->listeners_.end(),
              [](const Listener& a, const Listener& b) {
                return std::tie(a.port, a.bind) < std::tie(b.port, b.bind);
              });
    for (auto& l : table_->listeners_)
      l.build_index();
    for (auto& rc : table_->route_configs_) {
      for (auto& vh : rc->virtual_hosts) {
        vh.entries.reserve(vh.routes.size());
        for (const Route* r : vh.routes)
          vh.entries.push_back(RouteEntry::of(*r));
      }
      rc->build_index();
      table_->route_config_index_[rc->name] = rc.get();
      table_->route_config_list_.push_back(rc.get());
    }
    std::sort(table_->route_config_list_.begin(), table_->route_config_list_.end(),
              [](const RouteConfig* a, const RouteConfig* b) { return a->name < b->name; });
    table_->clusters_ = clusters_.take();
    for (auto& c : table_->clusters_) {
      table_->cluster_index_[c->name] = c.get();
      table_->cluster_list_.push_back(c.get());
    }
    std::sort(table_->cluster_list_.begin(), table_->cluster_list_.end(),
              [](const Cluster* a, const Cluster* b) { return a->name < b->name; });
  }
};

RouteTablePtr compile(const model::Config& config, const GatewayWorkload& workload) {
  return TableBuilder(config, workload).build();
}

}  // namespace igw::compile
