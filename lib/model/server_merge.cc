// Istio's gateway server merge; see server_merge.h for the sources followed.
#include "lib/model/server_merge.h"

#include "lib/base/strings.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace igw::model {

bool GatewayWorkload::selected_by(const StringMap& selector) const {
  for (const auto& e : selector) {
    bool found = false;
    for (const auto& [k, v] : labels) {
      if (k == e.key.value && v == e.value.value) {
        found = true;
        break;
      }
    }
    if (!found)
      return false;
  }
  return true;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_label_list(
    std::string_view text, std::string* why) {
  std::vector<std::pair<std::string, std::string>> out;
  if (base::trim(text).empty())
    return out;
  for (std::string_view item : base::split(text, ',')) {
    item = base::trim(item);
    size_t eq = item.find('=');
    if (item.empty() || eq == std::string_view::npos || eq == 0) {
      if (why)
        *why = "expected key=value, got " + base::quote(item);
      return std::nullopt;
    }
    out.emplace_back(std::string(base::trim(item.substr(0, eq))),
                     std::string(base::trim(item.substr(eq + 1))));
  }
  return out;
}

Protocol parse_protocol(std::string_view text) {
  std::string p = base::to_lower(text);
  if (p == "http")
    return Protocol::kHttp;
  if (p == "http2")
    return Protocol::kHttp2;
  if (p == "http_proxy")
    return Protocol::kHttpProxy;
  if (p == "grpc")
    return Protocol::kGrpc;
  if (p == "grpc-web")
    return Protocol::kGrpcWeb;
  if (p == "https")
    return Protocol::kHttps;
  if (p == "tls")
    return Protocol::kTls;
  if (p == "tcp")
    return Protocol::kTcp;
  if (p == "mongo")
    return Protocol::kMongo;
  if (p == "redis")
    return Protocol::kRedis;
  if (p == "mysql")
    return Protocol::kMysql;
  if (p == "udp")
    return Protocol::kUdp;
  return Protocol::kUnsupported;
}

bool is_http_protocol(Protocol p) {
  return p == Protocol::kHttp || p == Protocol::kHttp2 || p == Protocol::kHttpProxy ||
         p == Protocol::kGrpc || p == Protocol::kGrpcWeb;
}

bool is_tcp_protocol(Protocol p) {
  return p == Protocol::kHttps || p == Protocol::kTls || p == Protocol::kTcp ||
         p == Protocol::kMongo || p == Protocol::kRedis || p == Protocol::kMysql;
}

std::string_view protocol_name(Protocol p) {
  switch (p) {
    case Protocol::kHttp:
      return "HTTP";
    case Protocol::kHttp2:
      return "HTTP2";
    case Protocol::kHttpProxy:
      return "HTTP_PROXY";
    case Protocol::kGrpc:
      return "GRPC";
    case Protocol::kGrpcWeb:
      return "GRPC-Web";
    case Protocol::kHttps:
      return "HTTPS";
    case Protocol::kTls:
      return "TLS";
    case Protocol::kTcp:
      return "TCP";
    case Protocol::kMongo:
      return "Mongo";
    case Protocol::kRedis:
      return "Redis";
    case Protocol::kMysql:
      return "MySQL";
    case Protocol::kUdp:
      return "UDP";
    case Protocol::kUnsupported:
      break;
  }
  return "UnsupportedProtocol";
}

TlsMode tls_mode_of(const Server& s) {
  if (!s.tls)
    return TlsMode::kNone;
  // Enum names are case-sensitive in Istio's API; an unset mode is PASSTHROUGH (value 0).
  const std::string m = s.tls->effective_mode();
  if (m == "SIMPLE")
    return TlsMode::kSimple;
  if (m == "MUTUAL")
    return TlsMode::kMutual;
  if (m == "AUTO_PASSTHROUGH")
    return TlsMode::kAutoPassthrough;
  if (m == "ISTIO_MUTUAL")
    return TlsMode::kIstioMutual;
  if (m == "OPTIONAL_MUTUAL")
    return TlsMode::kOptionalMutual;
  return TlsMode::kPassthrough;
}

std::string_view tls_mode_name(TlsMode m) {
  switch (m) {
    case TlsMode::kNone:
      return "";
    case TlsMode::kPassthrough:
      return "PASSTHROUGH";
    case TlsMode::kSimple:
      return "SIMPLE";
    case TlsMode::kMutual:
      return "MUTUAL";
    case TlsMode::kAutoPassthrough:
      return "AUTO_PASSTHROUGH";
    case TlsMode::kIstioMutual:
      return "ISTIO_MUTUAL";
    case TlsMode::kOptionalMutual:
      return "OPTIONAL_MUTUAL";
  }
  return "";
}

ServerKind classify_server(Protocol p, TlsMode m) {
  if (is_http_protocol(p))
    return ServerKind::kHttp;
  if (m == TlsMode::kNone)
    return ServerKind::kTcp;
  if (m == TlsMode::kPassthrough)
    return ServerKind::kTlsPassthrough;
  if (m == TlsMode::kAutoPassthrough)
    return ServerKind::kAutoPassthrough;
  if (p == Protocol::kHttps)
    return ServerKind::kHttpsTerminate;
  return ServerKind::kTcpTlsTerminate;
}

std::string_view server_kind_name(ServerKind k) {
  switch (k) {
    case ServerKind::kHttp:
      return "http";
    case ServerKind::kHttpsTerminate:
      return "https";
    case ServerKind::kTlsPassthrough:
      return "tls-passthrough";
    case ServerKind::kAutoPassthrough:
      return "auto-passthrough";
    case ServerKind::kTcpTlsTerminate:
      return "tls-terminate-tcp";
    case ServerKind::kTcp:
      return "tcp";
  }
  return "";
}

std::string_view drop_reason_code(DropReason r) {
  switch (r) {
    case DropReason::kNoPort:
      return "no-port";
    case DropReason::kDuplicateTlsHost:
      return "duplicate-tls-host";
    case DropReason::kProtocolConflict:
      return "protocol-conflict";
    case DropReason::kNoRouteName:
      return "no-route-name";
    case DropReason::kDuplicateRouteName:
      return "duplicate-route-name";
    case DropReason::kPlainAfterTls:
      return "plain-after-tls";
  }
  return "";
}

bool created_before(const ObjectBase& a, const ObjectBase& b) {
  return std::tie(a.meta.creation_seconds, a.name(), a.ns()) <
         std::tie(b.meta.creation_seconds, b.name(), b.ns());
}

uint32_t resolve_listen_port(const Service* svc, uint32_t gateway_port) {
  if (!svc)
    return gateway_port;
  for (const auto& p : svc->ports) {
    if (!p.port || p.port.value != static_cast<int64_t>(gateway_port))
      continue;
    if (p.target_port_number && p.target_port_number.value > 0 &&
        p.target_port_number.value <= 65535) {
      return static_cast<uint32_t>(p.target_port_number.value);
    }
    // Unset targetPort defaults to the port; a named targetPort would need the pod's container
    // ports, which igw does not model, so the Gateway port stands.
    return gateway_port;
  }
  return gateway_port;
}

const Service* find_ingress_service(const Config& config, const GatewayWorkload& workload) {
  for (const auto& svc : config.services) {
    if (svc.ns() != workload.ns || svc.selector.empty())
      continue;
    if (workload.selected_by(svc.selector))
      return &svc;
  }
  return nullptr;
}

std::vector<size_t> ServerMerge::servers_for_route(std::string_view route_name) const {
  std::vector<size_t> out;
  if (route_name.empty())
    return out;
  for (size_t i = 0; i < servers.size(); ++i) {
    if (servers[i].route_name == route_name)
      out.push_back(i);
  }
  return out;
}

std::vector<std::string> ServerMerge::route_names() const {
  std::vector<std::string> out;
  for (const auto& s : servers) {
    if (!s.route_name.empty() && std::find(out.begin(), out.end(), s.route_name) == out.end())
      out.push_back(s.route_name);
  }
  return out;
}

namespace {

std::vector<std::string> sanitize_hosts(const Server& s, const std::string& gw_ns) {
  std::vector<std::string> out;
  for (const auto& h : s.hosts) {
    const std::string& v = h.value;
    size_t slash = v.find('/');
    if (slash == std::string::npos) {
      out.push_back(v);
      continue;
    }
    std::string_view ns = std::string_view(v).substr(0, slash);
    std::string_view rest = std::string_view(v).substr(slash + 1);
    if (ns == ".") {
      out.push_back(gw_ns + "/" + std::string(rest));
    } else if (ns == "*") {
      if (rest == "*")
        return {"*"};
      out.emplace_back(rest);
    } else {
      out.push_back(v);
    }
  }
  return out;
}

std::vector<std::string> sni_hosts_for(const std::vector<std::string>& hosts) {
  std::set<std::string> s;
  for (const auto& h : hosts) {
    size_t slash = h.find('/');
    s.insert(slash == std::string::npos ? h : h.substr(slash + 1));
  }
  return {s.begin(), s.end()};
}

std::string route_name_for(const MergedServer& s) {
  std::string bind = s.bind.empty() ? "" : "." + s.bind;
  if (is_http_protocol(s.protocol))
    return "http." + std::to_string(s.listen_port) + bind;
  if (s.kind == ServerKind::kHttpsTerminate) {
    return "https." + std::to_string(s.gateway_port) + "." + s.port_name + "." + s.gateway->name() +
           "." + s.gateway->ns() + bind;
  }
  return "";
}

std::string describe(const MergedServer& s) {
  std::string d = s.gateway_name + " servers[" + std::to_string(s.server->index) + "]";
  if (s.server->name)
    d += " (" + s.server->name.value + ")";
  return d;
}

// Istio's ServerPort: the key of a group of merged servers.
using GroupKey = std::tuple<uint32_t, std::string, std::string>;  // listen port, protocol, bind

class Merger {
 public:
  Merger(const Config& config, const GatewayWorkload& workload) : config_(config) {
    out_.workload = workload;
  }

  ServerMerge run() {
    select_gateways();
    out_.ingress_service = find_ingress_service(config_, out_.workload);
    for (const Gateway* gw : out_.gateways) {
      for (const Server& s : gw->servers)
        merge(*gw, s);
    }
    build_listeners();
    return std::move(out_);
  }

 private:
  void select_gateways() {
    for (const auto& gw : config_.gateways) {
      if (gw.rejected)
        continue;
      // An absent or empty selector applies to every gateway workload (GatewaysForWorkload).
      if (!out_.workload.selected_by(gw.selector))
        continue;
      out_.gateways.push_back(&gw);
    }
    std::stable_sort(out_.gateways.begin(), out_.gateways.end(),
                     [](const Gateway* a, const Gateway* b) { return created_before(*a, *b); });
  }

  std::optional<size_t> kept_index(size_t processing_id) const {
    for (size_t i = 0; i < kept_ids_.size(); ++i) {
      if (kept_ids_[i] == processing_id)
        return i;
    }
    return std::nullopt;
  }

  void drop(const MergedServer& s, DropReason reason, std::string message,
            std::optional<size_t> against = std::nullopt, std::vector<std::string> dups = {}) {
    DroppedServer d;
    d.gateway = s.gateway;
    d.server = s.server;
    d.gateway_name = s.gateway_name;
    d.reason = reason;
    d.message = std::move(message);
    d.duplicate_hosts = std::move(dups);
    d.conflicts_with = against;
    d.gateway_port = s.gateway_port;
    d.listen_port = s.listen_port;
    d.bind = s.bind;
    d.loc = s.loc;
    out_.dropped.push_back(std::move(d));
  }

  size_t keep(MergedServer s) {
    kept_ids_.push_back(processing_id_);
    out_.servers.push_back(std::move(s));
    return out_.servers.size() - 1;
  }

  size_t group_for(const GroupKey& key, const MergedServer& first) {
    auto it = group_index_.find(key);
    if (it != group_index_.end())
      return it->second;
    PortGroup g;
    g.listen_port = std::get<0>(key);
    g.protocol_text = std::get<1>(key);
    g.protocol = first.protocol;
    g.bind = std::get<2>(key);
    out_.groups.push_back(std::move(g));
    group_index_[key] = out_.groups.size() - 1;
    return out_.groups.size() - 1;
  }

  const MergedServer* kept_by_id(size_t id) const {
    auto k = kept_index(id);
    return k ? &out_.servers[*k] : nullptr;
  }

  void merge(const Gateway& gw, const Server& srv) {
    ++processing_id_;
    MergedServer s;
    s.gateway = &gw;
    s.server = &srv;
    s.gateway_name = gw.ns() + "/" + gw.name();
    s.loc = srv.loc;
    if (!srv.port || !srv.port->number) {
      drop(s, DropReason::kNoPort, "server has no port; Istio skips it");
      return;
    }
    s.gateway_port = static_cast<uint32_t>(srv.port->number.value);
    s.listen_port = resolve_listen_port(out_.ingress_service, s.gateway_port);
    s.protocol_text = srv.port->protocol.value;
    s.protocol = parse_protocol(s.protocol_text);
    s.port_name = srv.port->name.value;
    s.bind = srv.bind.value;
    s.hosts = sanitize_hosts(srv, gw.ns());
    s.tls_mode = tls_mode_of(srv);
    s.kind = classify_server(s.protocol, s.tls_mode);
    s.https_redirect = srv.tls && srv.tls->https_redirect.value_or(false);
    if (srv.tls)
      s.sni_hosts = sni_hosts_for(s.hosts);
    s.route_name = route_name_for(s);
    const uint32_t port = s.listen_port;
    const bool is_tls_server = srv.tls.has_value() && !is_http_protocol(s.protocol);
    const bool is_http_server =
        s.kind == ServerKind::kHttp || s.kind == ServerKind::kHttpsTerminate;

    if (srv.tls) {
      // CheckDuplicates: every host of a server with a tls block (even an HTTP server that only
      // redirects) must be new on this listen port and bind, or the whole server is skipped.
      auto& known = tls_hosts_[port];
      std::vector<std::string> dups;
      std::optional<size_t> owner;
      for (const auto& h : s.hosts) {
        auto it = known.find(h);
        if (it != known.end() && it->second.first == s.bind) {
          dups.push_back(h);
          if (!owner)
            owner = it->second.second;
        }
      }
      if (!dups.empty()) {
        std::string msg = "duplicate host" + std::string(dups.size() > 1 ? "s " : " ") +
                          base::join(dups, ", ") + " on port " + std::to_string(s.gateway_port);
        const MergedServer* o = owner ? kept_by_id(*owner) : nullptr;
        if (o)
          msg += ": already served by " + describe(*o);
        msg += "; Istio skips the whole server";
        // The owner was processed earlier, so whether it was kept is already known (a host
        // stays remembered even when its server lost a later port conflict, as in Istio).
        drop(s, DropReason::kDuplicateTlsHost, std::move(msg),
             owner ? kept_index(*owner) : std::nullopt, std::move(dups));
        return;
      }
      for (const auto& h : s.hosts)
        known[h] = {s.bind, processing_id_};
    }

    GroupKey key{port, s.protocol_text, s.bind};
    if (ports_.count(port)) {
      auto pt = plain_text_.find(port);
      if (pt != plain_text_.end()) {
        const auto& [cur_key, cur_id] = pt->second;
        const bool same_bind = std::get<2>(cur_key) == s.bind;
        const Protocol cur_proto = parse_protocol(std::get<1>(cur_key));
        // canMergeProtocols: both must be HTTP-family.
        const bool mergeable = is_http_protocol(cur_proto) && is_http_protocol(s.protocol);
        if (!mergeable && same_bind) {
          const MergedServer* o = kept_by_id(cur_id);
          std::string msg = "port " + std::to_string(s.gateway_port) + " is already served by " +
                            (o ? describe(*o) : std::string("a plain-text server")) + " (" +
                            std::get<1>(cur_key) + "); a " + s.protocol_text +
                            " server cannot share it, so Istio skips this one";
          drop(s, DropReason::kProtocolConflict, std::move(msg), kept_index(cur_id));
          return;
        }
        if (s.route_name.empty() && same_bind) {
          drop(s, DropReason::kNoRouteName,
               "no route configuration name can be built for this server on plain-text port " +
                   std::to_string(s.gateway_port) + "; Istio skips it",
               kept_index(cur_id));
          return;
        }
        route_owner_.emplace(s.route_name, processing_id_);
        size_t g;
        if (!same_bind) {
          g = group_for(key, s);
          out_.groups[g].route_name = s.route_name;
        } else {
          g = group_index_.at(cur_key);
        }
        out_.groups[g].servers.push_back(keep(std::move(s)));
        return;
      }
      if (is_http_server) {
        auto rn = route_owner_.find(s.route_name);
        if (rn != route_owner_.end()) {
          const MergedServer* o = kept_by_id(rn->second);
          drop(s, DropReason::kDuplicateRouteName,
               "route configuration " + s.route_name + " already belongs to " +
                   (o ? describe(*o) : std::string("an earlier server")) +
                   "; Istio skips this server",
               kept_index(rn->second));
          return;
        }
        route_owner_[s.route_name] = processing_id_;
      }
      bool new_bind = non_plain_binds_[port].insert(s.bind).second;
      if (!srv.tls && !new_bind) {
        drop(s, DropReason::kPlainAfterTls,
             "port " + std::to_string(s.gateway_port) +
                 " is served by TLS servers and already has a server without TLS; Istio skips "
                 "this one");
        return;
      }
      size_t g = group_for(key, s);
      out_.groups[g].servers.push_back(keep(std::move(s)));
      return;
    }

    ports_.insert(port);
    if (!is_tls_server)
      plain_text_[port] = {key, processing_id_};
    if (is_http_server)
      route_owner_[s.route_name] = processing_id_;
    size_t g = group_for(key, s);
    out_.groups[g].route_name = s.route_name;
    out_.groups[g].servers.push_back(keep(std::move(s)));
  }

  void build_listeners() {
    std::map<std::pair<uint32_t, std::string>, size_t> by_name;
    for (size_t g = 0; g < out_.groups.size(); ++g) {
      const PortGroup& group = out_.groups[g];
      auto key = std::make_pair(group.listen_port, group.bind);
      auto it = by_name.find(key);
      if (it == by_name.end()) {
        MergedListener l;
        l.bind = group.bind;
        l.listen_port = group.listen_port;
        l.name = (group.bind.empty() ? std::string("0.0.0.0") : group.bind) + "_" +
                 std::to_string(group.listen_port);
        out_.listeners.push_back(std::move(l));
        it = by_name.emplace(key, out_.listeners.size() - 1).first;
      }
      out_.listeners[it->second].groups.push_back(g);
    }
    std::stable_sort(out_.listeners.begin(), out_.listeners.end(),
                     [](const MergedListener& a, const MergedListener& b) {
                       return std::tie(a.listen_port, a.bind) < std::tie(b.listen_port, b.bind);
                     });
  }

  const Config& config_;
  ServerMerge out_;
  size_t processing_id_ = 0;
  std::vector<size_t> kept_ids_;                                // processing id of each kept server
  std::set<uint32_t> ports_;                                    // gatewayPorts
  std::map<uint32_t, std::pair<GroupKey, size_t>> plain_text_;  // plainTextServers
  std::map<uint32_t, std::set<std::string>> non_plain_binds_;   // nonPlainText…BindMap
  std::map<GroupKey, size_t> group_index_;                      // mergedServers
  std::map<std::string, size_t> route_owner_;                   // serversByRouteName
  std::map<uint32_t, std::map<std::string, std::pair<std::string, size_t>>> tls_hosts_;
};

}  // namespace

ServerMerge merge_servers(const Config& config, const GatewayWorkload& workload) {
  return Merger(config, workload).run();
}

}  // namespace igw::model
