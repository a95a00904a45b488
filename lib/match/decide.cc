// The router: connection → chain → route config → vhost → first matching route; see decide.h.
#include "lib/match/decide.h"

#include "lib/base/strings.h"
#include "lib/match/location.h"

#include <algorithm>
#include <string>

namespace igw::match {

namespace {

using compile::HeaderMatcher;
using compile::Route;
using compile::StringMatcher;

// A header's value as Envoy's getAllOfHeaderAsString sees it: absent, one value (a view), or
// several joined with "," (owned).
struct HeaderValue {
  bool present = false;
  std::string_view value;
  std::string joined;
};

void lookup_header(const Request& req, std::string_view name, HeaderValue& out) {
  if (name == ":method") {
    out.present = true;
    out.value = req.method;
    return;
  }
  if (name == ":authority") {
    out.present = !req.authority.empty();
    out.value = req.authority;
    return;
  }
  if (name == ":scheme") {
    out.present = true;
    out.value = req.scheme();
    return;
  }
  if (name == ":path") {
    out.present = true;
    out.value = req.path;
    return;
  }
  int count = 0;
  for (const auto& h : req.headers) {
    // Envoy keeps Host as :authority; a matcher named "host" sees no header of that name.
    if (h.name != name || name == "host")
      continue;
    if (count == 0) {
      out.value = h.value;
    } else {
      if (count == 1)
        out.joined.assign(out.value);
      out.joined.push_back(',');
      out.joined.append(h.value);
    }
    ++count;
  }
  out.present = count > 0;
  if (count > 1)
    out.value = out.joined;
}

// HeaderUtility::matchHeaders.
bool header_matches(const HeaderMatcher& m, const HeaderValue& v) {
  const bool presence = m.match.kind == StringMatcher::Kind::kPresent;
  if (!v.present && !m.treat_missing_as_empty)
    return m.invert ? presence : false;
  bool match = presence ? true : m.match.matches(v.present ? v.value : std::string_view());
  return match != m.invert;
}

// The first occurrence of `key` in a raw query string (R3.11).
bool find_query_param(std::string_view query, std::string_view key, std::string_view& value) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    std::string_view k = pair.substr(0, eq);
    if (k == key) {
      value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      return true;
    }
    if (amp == std::string_view::npos)
      break;
    query.remove_prefix(amp + 1);
  }
  return false;
}

// Which condition of a route failed first (path first: the most telling for explanations; all
// conditions are ANDed and side-effect free, so the order never changes the outcome).
struct Failure {
  enum class Kind { kNone, kPath, kHeader, kQuery, kClaim } kind = Kind::kNone;
  size_t index = 0;
};

// `path_checked`: the caller already tested the path (through VirtualHost::entries).
Failure check_route(const Route& r, const Request& req, std::string_view path,
                    std::string_view query, bool path_checked = false) {
  if (!path_checked && !r.match.path.matches(path))
    return {Failure::Kind::kPath, 0};
  for (size_t i = 0; i < r.match.headers.size(); ++i) {
    HeaderValue v;
    lookup_header(req, r.match.headers[i].name, v);
    if (!header_matches(r.match.headers[i], v))
      return {Failure::Kind::kHeader, i};
  }
  for (size_t i = 0; i < r.match.query_params.size(); ++i) {
    const auto& q = r.match.query_params[i];
    std::string_view value;
    if (!find_query_param(query, q.name, value) || !q.match.matches(value))
      return {Failure::Kind::kQuery, i};
  }
  for (size_t i = 0; i < r.match.claims.size(); ++i) {
    // No request carries validated JWT claims in igw: only inverted conditions hold.
    if (!r.match.claims[i].invert)
      return {Failure::Kind::kClaim, i};
  }
  return {};
}

std::string route_label(const Route& r) {
  const auto& o = r.origin;
  std::string s = "VirtualService " + o.vs_ref() + " http[" + std::to_string(o.rule_index) + "]";
  if (!o.delegate_name.empty()) {
    s += " (delegate " + o.delegate_namespace + "/" + o.delegate_name + " http[" +
         std::to_string(o.delegate_rule_index.value_or(0)) + "])";
  }
  if (o.match_index)
    s += " match[" + std::to_string(*o.match_index) + "]";
  if (!r.name.empty())
    s += " \"" + r.name + "\"";
  return s;
}

std::string describe_failure(const Route& r, const Failure& f, const Request& req,
                             std::string_view path, std::string_view query, std::string& rule) {
  switch (f.kind) {
    case Failure::Kind::kNone:
      return "";
    case Failure::Kind::kPath: {
      const auto& p = r.match.path;
      rule = p.kind == compile::PathMatcher::Kind::kRegex ? "R3.5"
             : !p.case_sensitive                          ? "R3.6"
                                                          : "R3.4";
      std::string s = p.describe() + " does not match " + base::quote(path);
      if (p.kind == compile::PathMatcher::Kind::kRegex)
        s += " (RE2 full match of the path without query)";
      return s;
    }
    case Failure::Kind::kHeader: {
      const HeaderMatcher& m = r.match.headers[f.index];
      HeaderValue v;
      lookup_header(req, m.name, v);
      rule = m.invert ? "R3.10" : (m.name.starts_with(":") ? "R3.9" : "R3.8");
      std::string what = m.name == ":method"      ? "method"
                         : m.name == ":authority" ? "authority"
                         : m.name == ":scheme"    ? "scheme"
                                                  : "header " + m.name;
      if (m.invert) {
        if (!v.present && m.match.kind == StringMatcher::Kind::kPresent)
          return "";  // cannot fail
        if (m.match.kind == StringMatcher::Kind::kPresent)
          return "withoutHeaders " + m.name + ": the header is present";
        return "withoutHeaders " + m.name + ": " +
               base::quote(v.present ? v.value : std::string_view()) + " matches " +
               m.match.describe();
      }
      if (!v.present)
        return what + " is missing (needs " + m.match.describe() + ")";
      std::string s = what + " " + base::quote(v.value) + " does not match " + m.match.describe();
      if (m.name == ":authority" && host_without_port(v.value).size() != v.value.size())
        s += " (the port is part of :authority)";
      return s;
    }
    case Failure::Kind::kQuery: {
      const auto& q = r.match.query_params[f.index];
      rule = "R3.11";
      std::string_view value;
      if (!find_query_param(query, q.name, value))
        return "query parameter " + base::quote(q.name) + " is missing";
      return "query parameter " + base::quote(q.name) + " = " + base::quote(value) +
             " (first occurrence) does not match " + q.match.describe();
    }
    case Failure::Kind::kClaim: {
      rule = "R3.8";
      return "JWT claim " + base::quote(r.match.claims[f.index].claim) +
             " needs a RequestAuthentication-validated token, which igw does not emulate";
    }
  }
  return "";
}

// Lower-cases `host` into `buf` when it fits (the common case), else into `big`.
std::string_view lower_host(std::string_view host, char* buf, size_t cap, std::string& big) {
  char* out = buf;
  if (host.size() > cap) {
    big.resize(host.size());
    out = big.data();
  }
  for (size_t i = 0; i < host.size(); ++i) {
    char c = host[i];
    out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return std::string_view(out, host.size());
}

void not_found(Decision& d, Trace* trace, std::string rule, std::string message) {
  d.outcome = Outcome::kNotFound;
  d.status = 404;
  d.response_flag = "NR";
  if (trace)
    trace->add(TraceStep::Kind::kOutcome, std::move(rule), std::move(message));
}

// Other route configs on the same listener that know the host: SNI chose the chain (R1.13).
void explain_other_chains(const Decision& d, std::string_view host, Trace* trace) {
  if (!trace || !d.listener)
    return;
  for (const auto& c : d.listener->chains) {
    if (&c == d.chain || !c.route_config)
      continue;
    compile::DomainMatch how;
    const auto* vh = c.route_config->find_virtual_host(host, &how);
    if (vh && how != compile::DomainMatch::kAny) {
      trace->add(TraceStep::Kind::kNote, "R1.13",
                 "host " + base::quote(host) + " is served by " + c.route_config->name +
                     " (server " + c.server.gateway + " servers[" +
                     std::to_string(c.server.server_index) + "]), but the TLS SNI chose " +
                     d.chain->name +
                     "; Envoy looks the Host up only in the chosen chain's route configuration");
    }
  }
}

// R2.8: an exact vhost was chosen although a wildcard one would have matched.
void explain_no_fallback(const Decision& d, std::string_view host, Trace* trace) {
  if (!trace || d.domain_match == compile::DomainMatch::kAny || !d.route_config)
    return;
  for (const auto& vh : d.route_config->virtual_hosts) {
    if (&vh == d.virtual_host)
      continue;
    for (const auto& dom : vh.domains) {
      bool covers =
          dom == "*" || (dom.size() > 1 && dom.front() == '*' && host.size() > dom.size() - 1 &&
                         host.ends_with(std::string_view(dom).substr(1)));
      if (covers) {
        trace->add(TraceStep::Kind::kNote, "R2.8",
                   std::string(compile::domain_match_name(d.domain_match)) + " host " +
                       base::quote(d.virtual_host->name) +
                       " was chosen; Envoy never falls back to " + base::quote(dom) + " (" +
                       vh.name + ") when its routes do not match");
        return;
      }
    }
  }
}

}  // namespace

std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::kRoute:
      return "route";
    case Outcome::kRedirect:
      return "redirect";
    case Outcome::kDirectResponse:
      return "direct_response";
    case Outcome::kHttpsRedirect:
      return "https_redirect";
    case Outcome::kNotFound:
      return "not_found";
    case Outcome::kConnectionClosed:
      return "connection_closed";
    case Outcome::kTcpProxy:
      return "tcp_proxy";
    case Outcome::kTlsPassthrough:
      return "tls_passthrough";
  }
  return "";
}

std::string_view host_without_port(std::string_view authority) {
  size_t port_start = authority.rfind(':');
  if (port_start == std::string_view::npos)
    return authority;
  size_t v6_end = authority.rfind(']');
  if (v6_end == std::string_view::npos || v6_end < port_start)
    return authority.substr(0, port_start);
  return authority;
}

ConnectionDecision decide_connection(const compile::RouteTable& table, uint32_t gateway_port,
                                     std::string_view sni, bool is_tls, Trace* trace,
                                     std::string_view local_address) {
  ConnectionDecision c;
  c.listener = table.find_listener(gateway_port, local_address);
  if (!c.listener) {
    c.close_reason = "no listener serves this port";
    if (trace) {
      trace->add(TraceStep::Kind::kConnection, "R1.9",
                 "no listener serves Gateway port " + std::to_string(gateway_port) +
                     ": no selected Gateway has a kept server on it; the connection is refused");
    }
    return c;
  }
  // A plain-text connection carries no SNI: only chains without server_names can take it.
  std::string_view effective_sni = is_tls ? sni : std::string_view();
  const compile::FilterChain* chain = c.listener->find_chain(effective_sni);
  if (!chain) {
    c.close_reason = "no filter chain matches the SNI";
    if (trace) {
      std::string what = !is_tls       ? std::string("a plain-text connection (no SNI)")
                         : sni.empty() ? std::string("a TLS connection without SNI")
                                       : "SNI " + base::quote(sni);
      trace->add(TraceStep::Kind::kConnection, "R1.13",
                 "listener " + c.listener->name + " has no filter chain for " + what +
                     "; Istio sets no default chain, so Envoy closes the connection");
    }
    return c;
  }
  if (chain->tls && !is_tls) {
    c.close_reason = "the filter chain terminates TLS but the client sent plain text";
    if (trace) {
      trace->add(TraceStep::Kind::kConnection, "R1.22",
                 "filter chain " + chain->name + " (" + chain->server.gateway +
                     ") terminates TLS; a plain-text client fails the handshake and the "
                     "connection is closed");
    }
    return c;
  }
  if (!chain->tls && chain->kind == compile::ChainKind::kHttp && is_tls) {
    c.close_reason = "the filter chain is plain-text HTTP but the client started TLS";
    if (trace) {
      trace->add(TraceStep::Kind::kConnection, "R1.10",
                 "filter chain " + chain->name +
                     " speaks plain-text HTTP; a TLS ClientHello is "
                     "not HTTP, so the connection is closed");
    }
    return c;
  }
  c.chain = chain;
  if (trace) {
    std::string how = chain->server_names.empty()
                          ? std::string("no SNI criterion")
                          : "server names " + base::join(chain->server_names, ", ");
    trace->add(TraceStep::Kind::kConnection, "R1.13",
               "listener " + c.listener->name + ", filter chain " + chain->name + " (" + how +
                   ") of " + chain->server.gateway + " servers[" +
                   std::to_string(chain->server.server_index) + "]");
  }
  return c;
}

Decision decide(const compile::RouteTable& table, const Request& request, Trace* trace) {
  ConnectionDecision c = decide_connection(table, request.port, request.sni, request.tls, trace,
                                           request.local_address);
  return decide(table, c, request, trace);
}

Decision decide(const compile::RouteTable& table, const ConnectionDecision& connection,
                const Request& req, Trace* trace) {
  (void)table;
  Decision d;
  d.listener = connection.listener;
  d.chain = connection.chain;
  if (connection.closed()) {
    d.outcome = Outcome::kConnectionClosed;
    d.close_reason = connection.close_reason;
    return d;
  }
  const compile::FilterChain& chain = *connection.chain;
  if (chain.kind != compile::ChainKind::kHttp) {
    d.tcp = chain.tcp ? &*chain.tcp : nullptr;
    d.outcome =
        chain.kind == compile::ChainKind::kTcpProxy ? Outcome::kTcpProxy : Outcome::kTlsPassthrough;
    if (trace) {
      std::string dest = d.tcp && !d.tcp->clusters.empty() ? d.tcp->clusters.front().name : "";
      trace->add(TraceStep::Kind::kOutcome,
                 chain.kind == compile::ChainKind::kTcpProxy ? "R1.21" : "R1.19",
                 std::string(chain.kind == compile::ChainKind::kTcpProxy ? "tcp_proxy"
                                                                         : "TLS passthrough") +
                     " to " + dest + (d.tcp && d.tcp->clusters.size() > 1 ? " (weighted)" : "") +
                     "; HTTP routing does not apply");
    }
    return d;
  }
  const compile::RouteConfig* rc = chain.route_config;
  d.route_config = rc;
  if (!rc) {
    not_found(d, trace, "R2.9", "the filter chain has no route configuration; 404 NR");
    return d;
  }

  std::string_view path = req.path;
  if (auto n = normalize_path(req.path)) {
    d.normalized_path = std::move(*n);
    path = d.normalized_path;
    if (trace) {
      trace->add(TraceStep::Kind::kNote, "R1.14",
                 "path normalised to " + base::quote(path) + " (RFC 3986 dot segments removed)");
    }
  }
  size_t q = query_start(path);
  std::string_view path_only = path.substr(0, q);
  std::string_view query;
  if (q < path.size() && path[q] == '?') {
    query = path.substr(q + 1);
    query = query.substr(0, query.find('#'));
  }

  if (req.authority.empty()) {
    // RouteMatcher::findVirtualHost: no :authority, no virtual host (not even "*").
    not_found(d, trace, "R2.9", "the request has no Host / :authority → 404 NR");
    return d;
  }
  std::string_view raw_host = host_without_port(req.authority);
  char buf[256];
  std::string big;
  std::string_view host = lower_host(raw_host, buf, sizeof(buf), big);
  const compile::VirtualHost* vh = rc->find_virtual_host(host, &d.domain_match);
  if (trace && raw_host.size() != req.authority.size()) {
    trace->add(TraceStep::Kind::kNote, "R2.7",
               "the port in Host " + base::quote(req.authority) +
                   " is ignored for the virtual host choice (ignore_port_in_host_matching)");
  }
  if (!vh) {
    if (trace)
      explain_other_chains(d, host, trace);
    not_found(d, trace, "R2.9",
              "no virtual host for authority " + base::quote(req.authority) + " on " + rc->name +
                  " → 404 NR");
    return d;
  }
  d.virtual_host = vh;
  if (trace) {
    trace->add(TraceStep::Kind::kVirtualHost, "R2.8",
               "virtual host " + vh->name + " (" +
                   std::string(compile::domain_match_name(d.domain_match)) + " domain " +
                   base::quote(vh->domains.empty() ? "" : vh->domains.front()) + ") on " + rc->name,
               nullptr, vh->loc);
  }
  if (vh->require_tls && !req.tls) {
    d.outcome = Outcome::kHttpsRedirect;
    d.status = 301;
    if (trace) {
      trace->add(TraceStep::Kind::kOutcome, "R1.17",
                 "the virtual host requires TLS (httpsRedirect) and the request is plain text: "
                 "301 to " +
                     ssl_redirect_location(req.authority, path) +
                     ", before any route is looked at");
    }
    return d;
  }
  for (const compile::RouteEntry& e : vh->entries) {
    const Route* r = e.route;
    Failure f = e.matches(path_only) ? check_route(*r, req, path_only, query, true)
                                     : Failure{Failure::Kind::kPath, 0};
    if (f.kind != Failure::Kind::kNone) {
      if (trace) {
        std::string rule;
        std::string why = describe_failure(*r, f, req, path_only, query, rule);
        trace->add(TraceStep::Kind::kRouteMiss, rule, route_label(*r) + ": " + why, r,
                   r->origin.match_index ? r->origin.match_loc : r->origin.rule_loc);
      }
      continue;
    }
    d.route = r;
    if (trace) {
      trace->add(TraceStep::Kind::kRouteMatch, r->match.catch_all ? "R3.1" : "R3.3",
                 route_label(*r) + " matches (first match wins)", r,
                 r->origin.match_index ? r->origin.match_loc : r->origin.rule_loc);
    }
    switch (r->action) {
      case compile::ActionKind::kRoute:
        d.outcome = Outcome::kRoute;
        break;
      case compile::ActionKind::kRedirect:
        d.outcome = Outcome::kRedirect;
        d.status = r->redirect.response_code;
        break;
      case compile::ActionKind::kDirectResponse:
        d.outcome = Outcome::kDirectResponse;
        d.status = r->direct_response.status;
        break;
      case compile::ActionKind::kNone:
        not_found(d, trace, "R4.5",
                  "the route has no action (unsupported redirectCode); igw answers 404");
        return d;
    }
    if (trace) {
      std::string what(outcome_name(d.outcome));
      if (d.outcome == Outcome::kRedirect)
        what += " " + std::to_string(d.status) + " to " + redirect_location(*r, req, d);
      else if (d.outcome == Outcome::kDirectResponse)
        what += " " + std::to_string(d.status);
      else if (!r->route.clusters.empty())
        what += " to " + r->route.clusters.front().name +
                (r->route.weighted && r->route.clusters.size() > 1 ? " (weighted)" : "");
      trace->add(TraceStep::Kind::kOutcome,
                 d.outcome == Outcome::kRedirect         ? "R4.6"
                 : d.outcome == Outcome::kDirectResponse ? "R4.7"
                                                         : "R4.2",
                 what);
    }
    return d;
  }
  if (trace)
    explain_no_fallback(d, host, trace);
  not_found(d, trace, "R2.9",
            vh->routes.empty() ? "virtual host " + vh->name + " has no routes → 404 NR"
                               : "no route of virtual host " + vh->name + " matches → 404 NR");
  return d;
}

}  // namespace igw::match
