// igw.UnreachableRules: VirtualService rules Istio never turns into routes, because an earlier
// rule's catch-all match stops route emission (IGW0302, SEMANTICS R3.1) or because a match's
// port is not a port of the bound gateways (IGW0303, R3.2/R3.12). Rules after a rule *without*
// match are left to Istio's own IST0130, which reports them already.
#include "lib/base/strings.h"
#include "lib/check/igw/family.h"
#include "lib/check/igw/gateway_facts.h"
#include "lib/check/igw/messages.h"
#include "lib/model/host_name.h"
#include "lib/model/route_semantics.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace igw::check::igw_family {

namespace {

std::string line_of(const base::SourceLoc& loc) {
  return loc.has_position() ? fmt::format(" (line {})", loc.line) : std::string();
}

// The Gateways Istio accepts, by "ns/name"; the first of a repeated name, as a walk over the
// input finds it.
using GatewaysByName = std::unordered_map<std::string, const model::Gateway*>;

GatewaysByName index_gateways(const Context& ctx) {
  GatewaysByName out;
  for (const auto& gw : ctx.config().gateways) {
    if (!gw.rejected)
      out.try_emplace(gw.ns() + "/" + gw.name(), &gw);
  }
  return out;
}

// The Gateway `ns/name` refers to, or nullptr when it is not in the input.
const model::Gateway* find_gateway(const GatewaysByName& gateways, const std::string& resolved) {
  auto it = gateways.find(resolved);
  return it == gateways.end() ? nullptr : it->second;
}

// The gateways a VirtualService (or one of its match entries) binds, resolved (R2.2); a
// VirtualService without gateways binds only "mesh".
std::vector<std::string> resolved_gateways(const std::vector<model::LString>& refs,
                                           const std::string& vs_ns) {
  std::vector<std::string> out;
  for (const auto& g : refs)
    out.push_back(model::resolve_gateway_name(g.value, vs_ns));
  return out;
}

// R2.5: server hosts visible from the VirtualService's namespace (NamesForNamespace).
std::vector<std::string> visible_hosts(const model::Server& s, const std::string& gw_ns,
                                       const std::string& vs_ns) {
  std::vector<std::string> out;
  for (const auto& h : s.hosts) {
    model::QualifiedHost q = model::split_server_host(h.value);
    std::string ns = q.ns == "." ? gw_ns : q.ns;
    if (ns.empty() || ns == "*" || ns == vs_ns)
      out.push_back(q.host);
  }
  return out;
}

// One Gateway server the VirtualService is applied to.
struct Scope {
  std::string gateway_name;
  model::GatewayWorkload workload;
  bool has_workload = false;
  uint32_t port = 0;

  model::RouteScope route_scope() const {
    return model::RouteScope{port, gateway_name, has_workload ? &workload : nullptr};
  }
};

// The servers of the bound gateways whose hosts meet the VirtualService's hosts; nullopt when
// the scopes cannot be known (bound to the mesh, or a gateway is not in the input).
std::optional<std::deque<Scope>> scopes_of(const Context& ctx, const GatewaysByName& gateways,
                                           const model::VirtualService& vs) {
  std::vector<std::string> gws = resolved_gateways(vs.gateways, vs.ns());
  if (gws.empty() || std::find(gws.begin(), gws.end(), "mesh") != gws.end())
    return std::nullopt;
  std::vector<std::string> vs_hosts;
  for (const auto& h : vs.hosts)
    vs_hosts.push_back(model::resolve_short_name(h.value, vs.ns()));
  std::deque<Scope> out;
  for (const auto& name : gws) {
    const model::Gateway* gw = find_gateway(gateways, name);
    if (!gw)
      return std::nullopt;
    std::vector<const model::Pod*> pods = igw_facts::selected_pods(ctx, *gw);
    for (const auto& s : gw->servers) {
      if (!s.port || !s.port->number)
        continue;
      if (model::host_intersection(vs_hosts, visible_hosts(s, gw->ns(), vs.ns())).empty())
        continue;
      Scope sc;
      sc.gateway_name = name;
      sc.port = static_cast<uint32_t>(s.port->number.value);
      if (!pods.empty()) {
        sc.has_workload = true;
        sc.workload.labels.clear();
        for (const auto& l : pods.front()->meta.labels)
          sc.workload.labels.emplace_back(l.key.value, l.value.value);
        sc.workload.ns = pods.front()->ns();
      }
      out.push_back(std::move(sc));
    }
  }
  return out;
}

bool conditional(const model::HttpMatchRequest& m) {
  return m.port || !m.gateways.empty() || !m.source_labels.empty() || m.source_namespace;
}

// The catch-all match entry of rule `r` (the first one emitted on `scope`, or the first
// unconditional one without a scope).
const model::HttpMatchRequest* catch_all_match(const model::HttpRoute& r, const std::string& ns,
                                               const Scope* scope) {
  for (const auto& m : r.match) {
    if (!model::is_catch_all_match(m))
      continue;
    if (scope ? model::match_applies(m, ns, scope->route_scope()) : !conditional(m))
      return &m;
  }
  return nullptr;
}

std::string describe_catch_all(const model::HttpMatchRequest& m) {
  std::string uri;
  if (!m.uri)
    uri = "no uri condition";
  else if (m.uri->kind == model::StringMatch::Kind::None)
    uri = "an empty uri match";
  else
    uri = fmt::format("uri {} {}", model::string_match_kind_name(m.uri->kind),
                      base::quote(m.uri->value.value));
  std::string where = m.port ? fmt::format(" on port {}", m.port.value) : std::string();
  return fmt::format(
      "match #{} has {} and no header, query, method, authority or scheme "
      "condition, so it catches every request{}",
      m.index, uri, where);
}

bool rule_applies(const model::HttpRoute& r, const std::string& ns, const Scope& scope) {
  if (r.match.empty())
    return true;
  return std::any_of(r.match.begin(), r.match.end(), [&](const model::HttpMatchRequest& m) {
    return model::match_applies(m, ns, scope.route_scope());
  });
}

void report_shadowed(Context& ctx, const model::VirtualService& vs, const model::HttpRoute& r,
                     const model::HttpRoute& by, const model::HttpMatchRequest& m) {
  ctx.report(igw_msg::kRuleAfterCatchAll,
             fmt::format("http rule {} can never match: in rule {}{} before it, {}. Istio "
                         "stops emitting routes after a catch-all match and silently drops this "
                         "rule.",
                         igw_facts::describe_http_rule(r), igw_facts::describe_http_rule(by),
                         line_of(by.loc), describe_catch_all(m)),
             vs, r.loc)
      .hint = fmt::format("Move rule {} below rule {}, or narrow the catch-all match.",
                          igw_facts::describe_http_rule(r), igw_facts::describe_http_rule(by));
}

void check_catch_all(Context& ctx, const GatewaysByName& gateways,
                     const model::VirtualService& vs) {
  const std::string& ns = vs.ns();
  // Everything after the first rule without match is IST0130's to report.
  size_t limit = vs.http.size();
  for (size_t i = 0; i < vs.http.size(); ++i) {
    const auto& r = vs.http[i];
    if (!r.null_entry && !r.delegate && r.match.empty()) {
      limit = i + 1;
      break;
    }
  }
  std::optional<std::deque<Scope>> scopes = scopes_of(ctx, gateways, vs);
  if (scopes && !scopes->empty()) {
    std::vector<std::optional<size_t>> first;
    for (const auto& s : *scopes) {
      model::RouteScope rs = s.route_scope();
      first.push_back(model::first_catch_all_rule(vs, &rs));
    }
    for (size_t i = 0; i < limit; ++i) {
      const auto& r = vs.http[i];
      // A delegating rule is dropped like any other: its delegate's rules take its place (R3.14).
      if (r.null_entry)
        continue;
      bool alive = false;
      std::optional<size_t> by;
      const Scope* by_scope = nullptr;
      for (size_t k = 0; k < scopes->size(); ++k) {
        if (!rule_applies(r, ns, (*scopes)[k]))
          continue;
        if (!first[k] || *first[k] >= i) {
          alive = true;
          break;
        }
        if (!by || *first[k] < *by) {
          by = first[k];
          by_scope = &(*scopes)[k];
        }
      }
      if (alive || !by)
        continue;
      if (const auto* m = catch_all_match(vs.http[*by], ns, by_scope))
        report_shadowed(ctx, vs, r, vs.http[*by], *m);
    }
    return;
  }
  // Scopes unknown: only a catch-all with no config-time condition is certain to apply.
  std::optional<size_t> by;
  for (size_t i = 0; i < limit; ++i) {
    const auto& r = vs.http[i];
    if (r.null_entry)
      continue;
    if (by) {
      report_shadowed(ctx, vs, r, vs.http[*by], *catch_all_match(vs.http[*by], ns, nullptr));
      continue;
    }
    if (!r.delegate && catch_all_match(r, ns, nullptr))
      by = i;
  }
}

// Server ports of the gateways `refs` (resolved) when every one is in the input and none is
// "mesh"; nullopt otherwise.
std::optional<std::set<int64_t>> gateway_ports(const GatewaysByName& gateways,
                                               const std::vector<std::string>& gws,
                                               std::vector<std::string>* names) {
  if (gws.empty() || std::find(gws.begin(), gws.end(), "mesh") != gws.end())
    return std::nullopt;
  std::set<int64_t> ports;
  for (const auto& name : gws) {
    const model::Gateway* gw = find_gateway(gateways, name);
    if (!gw)
      return std::nullopt;
    names->push_back(name);
    for (const auto& s : gw->servers) {
      if (s.port && s.port->number)
        ports.insert(s.port->number.value);
    }
  }
  return ports;
}

// Reports `port` when none of the gateways the match binds listens on it; true when reported.
bool check_port(Context& ctx, const GatewaysByName& gateways, const model::VirtualService& vs,
                const model::LInt& port, const std::vector<model::LString>& match_gateways,
                const std::string& what) {
  if (!port || port.value == 0)
    return false;
  const std::vector<model::LString>& refs = match_gateways.empty() ? vs.gateways : match_gateways;
  std::vector<std::string> names;
  auto ports = gateway_ports(gateways, resolved_gateways(refs, vs.ns()), &names);
  if (!ports || ports->count(port.value))
    return false;
  std::vector<std::string> listed;
  for (int64_t p : *ports)
    listed.push_back(std::to_string(p));
  ctx.report(
         igw_msg::kMatchPortNotOnGateway,
         fmt::format(
             "{} selects port {}, but {} {} {}; Istio builds routes per Gateway "
             "server port and never uses this match.",
             what, port.value, names.size() == 1 ? "Gateway" : "Gateways", base::join(names, ", "),
             listed.empty()
                 ? std::string("has no server port")
                 : fmt::format("{} only on port{} {}", names.size() == 1 ? "listens" : "listen",
                               listed.size() == 1 ? "" : "s", base::join(listed, ", "))),
         vs, port.loc)
      .hint =
      "Use the Gateway server's port number (not the Service targetPort), or remove `port`.";
  return true;
}

void check_ports(Context& ctx, const GatewaysByName& gateways, const model::VirtualService& vs) {
  for (const auto& r : vs.http) {
    for (const auto& m : r.match) {
      check_port(ctx, gateways, vs, m.port, m.gateways,
                 fmt::format("http rule {} match #{}", igw_facts::describe_http_rule(r), m.index));
    }
  }
  for (const auto& r : vs.tls) {
    for (size_t k = 0; k < r.match.size(); ++k) {
      check_port(ctx, gateways, vs, r.match[k].port, r.match[k].gateways,
                 fmt::format("tls rule #{} match #{}", r.index, k));
    }
  }
  for (const auto& r : vs.tcp) {
    for (size_t k = 0; k < r.match.size(); ++k) {
      check_port(ctx, gateways, vs, r.match[k].port, r.match[k].gateways,
                 fmt::format("tcp rule #{} match #{}", r.index, k));
    }
  }
}

void run_unreachable_rules_check(Context& ctx) {
  const GatewaysByName gateways = index_gateways(ctx);
  for (const auto& vs : ctx.config().virtual_services) {
    if (vs.rejected)
      continue;
    if (vs.is_delegate())
      continue;  // its rules are merged into the root's first (R3.14)
    check_catch_all(ctx, gateways, vs);
    check_ports(ctx, gateways, vs);
  }
}

}  // namespace

Check unreachable_rules_check() {
  return Check{
      .name = "igw.UnreachableRules",
      .description =
          "VirtualService rules Istio drops: after a catch-all match, or bound to a "
          "port no gateway server has.",
      .messages = {&igw_msg::kRuleAfterCatchAll, &igw_msg::kMatchPortNotOnGateway},
      .requires_kinds = {"VirtualService"},
      .run = &run_unreachable_rules_check,
  };
}

}  // namespace igw::check::igw_family
