// `igw routes --list`: the route table as rows.
#include "lib/render/route_list.h"

#include "lib/base/strings.h"
#include "lib/match/decide.h"
#include "lib/match/shadowed.h"
#include "lib/render/route_table_json.h"
#include "lib/render/route_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

namespace igw::render {

namespace {

using nlohmann::ordered_json;

struct HttpRow {
  enum class Kind { kRoute, kHttpsRedirect, kNoRoutes };
  Kind kind = Kind::kRoute;
  const compile::RouteConfig* rc = nullptr;
  const compile::VirtualHost* vh = nullptr;
  const compile::Route* route = nullptr;
  std::optional<match::ShadowedRoute> shadow;
};

struct TcpRow {
  const compile::Listener* listener = nullptr;
  const compile::FilterChain* chain = nullptr;
};

std::vector<const compile::VirtualHost*> selected_vhosts(const compile::RouteConfig& rc,
                                                         const RouteListFilter& f) {
  std::vector<const compile::VirtualHost*> out;
  if (!f.host.empty()) {
    std::string host = base::to_lower(match::host_without_port(f.host));
    if (const auto* vh = rc.find_virtual_host(host))
      out.push_back(vh);
    return out;
  }
  for (const auto& vh : rc.virtual_hosts)
    out.push_back(&vh);
  return out;
}

std::vector<HttpRow> http_rows(const compile::RouteTable& t, const RouteListFilter& f) {
  std::vector<HttpRow> rows;
  for (const compile::RouteConfig* rc : t.route_configs()) {
    if (f.port && rc->gateway_port != *f.port)
      continue;
    const bool plain = match::plain_text_only(t, *rc);
    for (const compile::VirtualHost* vh : selected_vhosts(*rc, f)) {
      if (vh->require_tls)
        rows.push_back({HttpRow::Kind::kHttpsRedirect, rc, vh, nullptr, {}});
      if (vh->routes.empty() && !vh->require_tls)
        rows.push_back({HttpRow::Kind::kNoRoutes, rc, vh, nullptr, {}});
      std::map<const compile::Route*, match::ShadowedRoute> shadowed;
      for (const auto& s : match::shadowed_routes(*rc, *vh, plain))
        shadowed.emplace(s.route, s);
      for (const compile::Route* r : vh->routes) {
        HttpRow row{HttpRow::Kind::kRoute, rc, vh, r, {}};
        if (auto it = shadowed.find(r); it != shadowed.end())
          row.shadow = it->second;
        rows.push_back(std::move(row));
      }
    }
  }
  return rows;
}

std::vector<TcpRow> tcp_rows(const compile::RouteTable& t, const RouteListFilter& f) {
  std::vector<TcpRow> rows;
  for (const auto& l : t.listeners()) {
    if (f.port &&
        std::find(l.gateway_ports.begin(), l.gateway_ports.end(), *f.port) == l.gateway_ports.end())
      continue;
    if (!f.host.empty()) {
      // The chain this SNI would pick (R1.13), when it is not an HTTP one.
      const compile::FilterChain* c = l.find_chain(base::to_lower(f.host));
      if (c && c->kind != compile::ChainKind::kHttp)
        rows.push_back({&l, c});
      continue;
    }
    for (const auto& c : l.chains) {
      if (c.kind != compile::ChainKind::kHttp)
        rows.push_back({&l, &c});
    }
  }
  return rows;
}

std::string destinations_compact(const std::vector<compile::WeightedCluster>& cs, bool weighted,
                                 uint32_t total) {
  std::vector<std::string> parts;
  for (const auto& c : cs) {
    std::string s = fmt::format("{}:{}", c.host, c.port);
    if (!c.subset.empty())
      s += " (" + c.subset + ")";
    if (weighted && cs.size() > 1)
      s += fmt::format(" {}/{}", c.weight, total);
    parts.push_back(std::move(s));
  }
  return parts.empty() ? std::string("no destination") : base::join(parts, ", ");
}

std::string action_compact(const compile::Route& r) {
  switch (r.action) {
    case compile::ActionKind::kRoute:
      return destinations_compact(r.route.clusters, r.route.weighted, r.route.total_weight);
    case compile::ActionKind::kRedirect:
    case compile::ActionKind::kDirectResponse:
    case compile::ActionKind::kNone:
      return action_text(r);
  }
  return "";
}

std::string rule_compact(const compile::Route& r) {
  const auto& o = r.origin;
  std::string s = fmt::format("http[{}]", o.rule_index);
  if (o.match_index)
    s += fmt::format(".match[{}]", *o.match_index);
  if (!o.delegate_name.empty())
    s += fmt::format(" via {}/{}", o.delegate_namespace, o.delegate_name);
  return s;
}

const base::SourceLoc& route_loc(const compile::Route& r) {
  return r.origin.match_index ? r.origin.match_loc : r.origin.rule_loc;
}

std::string_view shadow_reason(const match::ShadowedRoute& s) {
  switch (s.kind) {
    case match::ShadowedRoute::Kind::kAfterCatchAll:
      return "after_catch_all";
    case match::ShadowedRoute::Kind::kDuplicate:
      return "duplicate";
    case match::ShadowedRoute::Kind::kRequireTls:
      return "https_redirect";
    case match::ShadowedRoute::Kind::kAuthorityElsewhere:
      return "authority_elsewhere";
  }
  return "";
}

void write_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width(header.size());
  for (size_t i = 0; i < header.size(); ++i)
    width[i] = header[i].size();
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i)
      width[i] = std::max(width[i], r[i].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t i = 0; i < cells.size(); ++i) {
      s += cells[i];
      if (i + 1 < cells.size())
        s += std::string(width[i] - cells[i].size() + 2, ' ');
    }
    while (!s.empty() && s.back() == ' ')
      s.pop_back();
    out << s << '\n';
  };
  line(header);
  for (const auto& r : rows)
    line(r);
}

ordered_json vs_json(const std::string& ns, const std::string& name, const base::SourceLoc& loc) {
  ordered_json j;
  j["namespace"] = ns;
  j["name"] = name;
  if (loc.known()) {
    j["file"] = loc.path();
    if (loc.has_position())
      j["line"] = loc.line;
  }
  return j;
}

ordered_json destinations_json(const std::vector<compile::WeightedCluster>& cs, bool weighted) {
  ordered_json out = ordered_json::array();
  for (const auto& c : cs) {
    ordered_json d;
    d["host"] = c.host;
    d["port"] = c.port;
    if (!c.subset.empty())
      d["subset"] = c.subset;
    if (weighted && cs.size() > 1)
      d["weight"] = c.weight;
    d["cluster"] = c.name;
    out.push_back(std::move(d));
  }
  return out;
}

std::string tcp_rule(const compile::FilterChain& c) {
  if (!c.tcp || !c.tcp->route_index)
    return "";
  return fmt::format("{}[{}]", c.kind == compile::ChainKind::kTcpProxy ? "tcp" : "tls",
                     *c.tcp->route_index);
}

}  // namespace

void write_route_list_text(std::ostream& out, const compile::RouteTable& t,
                           const RouteListFilter& f) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : http_rows(t, f)) {
    std::vector<std::string> cells{r.rc->name, r.vh->name, base::join(r.vh->domains, ",")};
    switch (r.kind) {
      case HttpRow::Kind::kHttpsRedirect:
        cells.insert(cells.end(), {"/*", "https redirect 301", "-", "-", source_position(r.vh->loc),
                                   "httpsRedirect: plain-text requests, before any route"});
        break;
      case HttpRow::Kind::kNoRoutes:
        cells.insert(cells.end(),
                     {"/*", "404", "-", "-", source_position(r.vh->loc),
                      r.vh->blackhole ? "no VirtualService binds to this server" : "no routes"});
        break;
      case HttpRow::Kind::kRoute:
        cells.insert(
            cells.end(),
            {match_compact(r.route->match), action_compact(*r.route), r.route->origin.vs_ref(),
             rule_compact(*r.route), source_position(route_loc(*r.route)),
             r.shadow ? "unreachable: " + shadowed_text(*r.shadow) : std::string()});
        break;
    }
    rows.push_back(std::move(cells));
  }
  if (rows.empty()) {
    out << "No HTTP routes" << (f.empty() ? "" : " match the filter") << ".\n";
  } else {
    write_table(out,
                {"ROUTE CONFIG", "VIRTUAL HOST", "DOMAINS", "MATCH", "ACTION", "VIRTUAL SERVICE",
                 "RULE", "SOURCE", "NOTE"},
                rows);
  }

  std::vector<std::vector<std::string>> tcp;
  for (const auto& r : tcp_rows(t, f)) {
    const compile::FilterChain& c = *r.chain;
    std::string vs = c.tcp && c.tcp->virtual_service
                         ? c.tcp->virtual_service->ns + "/" + c.tcp->virtual_service->name
                         : std::string("-");
    std::string dest = c.tcp ? destinations_compact(c.tcp->clusters, c.tcp->clusters.size() > 1,
                                                    c.tcp->total_weight)
                             : std::string("-");
    tcp.push_back({r.listener->name,
                   c.server_names.empty() ? std::string("*") : base::join(c.server_names, ","),
                   std::string(compile::chain_kind_name(c.kind)), dest, vs, tcp_rule(c),
                   source_position(c.tcp ? c.tcp->loc : c.loc)});
  }
  if (!tcp.empty()) {
    out << '\n';
    write_table(
        out, {"LISTENER", "SNI", "KIND", "DESTINATION", "VIRTUAL SERVICE", "RULE", "SOURCE"}, tcp);
  }

  if (!f.empty())
    return;
  if (!t.notes().empty() || !t.dropped_servers().empty())
    out << "\nLeft out by Istio:\n";
  for (const auto& d : t.dropped_servers()) {
    std::string pos = source_position(d.loc);
    out << fmt::format("  Gateway {} servers[{}] (port {}): {}{}\n", d.gateway, d.server_index,
                       d.gateway_port, d.message, pos.empty() ? "" : "  (" + pos + ")");
  }
  for (const auto& n : t.notes()) {
    std::string pos = source_position(n.loc);
    out << "  " << (n.rule.empty() ? "" : "[" + n.rule + "] ") << n.object << ": " << n.message
        << (pos.empty() ? "" : "  (" + pos + ")") << '\n';
  }
}

nlohmann::ordered_json route_list_json(const compile::RouteTable& t, const RouteListFilter& f) {
  ordered_json doc;
  ordered_json routes = ordered_json::array();
  for (const auto& r : http_rows(t, f)) {
    ordered_json j;
    j["routeConfig"] = r.rc->name;
    j["virtualHost"] = r.vh->name;
    j["domains"] = r.vh->domains;
    switch (r.kind) {
      case HttpRow::Kind::kHttpsRedirect:
        j["match"] = "/*";
        j["action"] = "https_redirect";
        j["status"] = 301;
        break;
      case HttpRow::Kind::kNoRoutes:
        j["match"] = "/*";
        j["action"] = "not_found";
        j["status"] = 404;
        if (r.vh->blackhole)
          j["blackhole"] = true;
        break;
      case HttpRow::Kind::kRoute: {
        const compile::Route& route = *r.route;
        if (!route.name.empty())
          j["name"] = route.name;
        j["match"] = match_compact(route.match);
        j["conditions"] = match_text(route.match);
        j["action"] = std::string(compile::action_kind_name(route.action));
        if (route.action == compile::ActionKind::kRoute)
          j["destinations"] = destinations_json(route.route.clusters, route.route.weighted);
        if (route.action == compile::ActionKind::kRedirect)
          j["status"] = route.redirect.response_code;
        if (route.action == compile::ActionKind::kDirectResponse)
          j["status"] = route.direct_response.status;
        const auto& o = route.origin;
        j["virtualService"] = vs_json(o.vs_namespace, o.vs_name, o.vs_loc);
        ordered_json rule;
        rule["index"] = o.rule_index;
        if (!o.rule_name.empty())
          rule["name"] = o.rule_name;
        if (o.match_index)
          rule["match"] = *o.match_index;
        if (!o.delegate_name.empty())
          rule["delegate"] = o.delegate_namespace + "/" + o.delegate_name;
        j["rule"] = std::move(rule);
        if (route_loc(route).known())
          j["source"] = source_position(route_loc(route));
        if (r.shadow) {
          ordered_json u;
          u["reason"] = std::string(shadow_reason(*r.shadow));
          u["why"] = shadowed_text(*r.shadow);
          j["unreachable"] = std::move(u);
        }
        break;
      }
    }
    routes.push_back(std::move(j));
  }
  doc["routes"] = std::move(routes);

  ordered_json tcp = ordered_json::array();
  for (const auto& r : tcp_rows(t, f)) {
    const compile::FilterChain& c = *r.chain;
    ordered_json j;
    j["listener"] = r.listener->name;
    j["serverNames"] = c.server_names;
    j["kind"] = std::string(compile::chain_kind_name(c.kind));
    if (c.tcp) {
      j["destinations"] = destinations_json(c.tcp->clusters, true);
      if (c.tcp->virtual_service) {
        const auto& vs = *c.tcp->virtual_service;
        j["virtualService"] = vs_json(vs.ns, vs.name, vs.loc);
      }
      if (!tcp_rule(c).empty())
        j["rule"] = tcp_rule(c);
    }
    j["gateway"] = c.server.gateway;
    j["serverIndex"] = c.server.server_index;
    tcp.push_back(std::move(j));
  }
  doc["tcpRoutes"] = std::move(tcp);
  if (f.empty()) {
    ordered_json notes = ordered_json::array();
    for (const auto& n : t.notes()) {
      ordered_json j;
      j["rule"] = n.rule;
      j["object"] = n.object;
      j["message"] = n.message;
      if (n.loc.known())
        j["source"] = source_position(n.loc);
      notes.push_back(std::move(j));
    }
    doc["notes"] = std::move(notes);
    ordered_json dropped = ordered_json::array();
    for (const auto& d : t.dropped_servers()) {
      ordered_json j;
      j["gateway"] = d.gateway;
      j["serverIndex"] = d.server_index;
      j["port"] = d.gateway_port;
      j["reason"] = std::string(model::drop_reason_code(d.reason));
      j["message"] = d.message;
      if (d.loc.known())
        j["source"] = source_position(d.loc);
      dropped.push_back(std::move(j));
    }
    doc["droppedServers"] = std::move(dropped);
  }
  return doc;
}

}  // namespace igw::render
