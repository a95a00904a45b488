// The text form of a routing decision for `igw routes URL`.
#include "lib/render/decision_text.h"

#include "lib/base/strings.h"
#include "lib/http/local_reply.h"
#include "lib/http/policy_text.h"
#include "lib/http/respond.h"
#include "lib/render/route_table_json.h"
#include "lib/render/route_text.h"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace igw::render {

namespace {

using match::Outcome;
using match::TraceStep;

constexpr size_t kLabelWidth = 16;

// "label           text", continuation lines indented under the text.
void field(std::ostream& out, std::string_view label, std::string_view text) {
  out << label;
  if (label.size() < kLabelWidth)
    out << std::string(kLabelWidth - label.size(), ' ');
  else
    out << ' ';
  out << text << '\n';
}

void more(std::ostream& out, std::string_view text) {
  out << std::string(kLabelWidth, ' ') << text << '\n';
}

std::string at(const base::SourceLoc& loc) {
  std::string p = source_position(loc);
  return p.empty() ? p : "  (" + p + ")";
}

std::string credential_text(const compile::TlsContext& t) {
  std::vector<std::string> parts;
  if (!t.credential_name.empty())
    parts.push_back("credentialName " + t.credential_name);
  if (!t.credential_names.empty())
    parts.push_back("credentialNames " + base::join(t.credential_names, ", "));
  if (!t.server_certificate.empty())
    parts.push_back("serverCertificate " + t.server_certificate);
  if (!t.ca_cert_credential_name.empty())
    parts.push_back("caCertCredentialName " + t.ca_cert_credential_name);
  if (!t.ca_certificates.empty())
    parts.push_back("caCertificates " + t.ca_certificates);
  if (t.require_client_certificate)
    parts.push_back("client certificate required");
  else if (t.validate_client_certificate)
    parts.push_back("client certificate optional");
  return base::join(parts, ", ");
}

void write_request(std::ostream& out, const match::Request& r) {
  out << r.method << ' ' << r.scheme() << "://" << r.authority << r.path << '\n';
  std::string conn = fmt::format("  Gateway port {}, ", r.port);
  if (r.tls)
    conn += r.sni.empty() ? "TLS without SNI" : "TLS with SNI " + base::quote(r.sni);
  else
    conn += "plain text";
  conn += ", Host " + base::quote(r.authority);
  out << conn << "\n\n";
}

void write_connection(std::ostream& out, const match::Decision& d, const match::Request& r) {
  if (!d.listener) {
    field(out, "listener", fmt::format("none for Gateway port {}", r.port));
    return;
  }
  std::string port = d.listener->port == r.port ? fmt::format("port {}", d.listener->port)
                                                : fmt::format("Envoy port {} for Gateway port {}",
                                                              d.listener->port, r.port);
  field(out, "listener", d.listener->name + " (" + port + ")");
  if (!d.chain) {
    field(out, "filter chain", "none");
    return;
  }
  const compile::FilterChain& c = *d.chain;
  field(out, "filter chain",
        c.name + (c.server_names.empty() ? std::string(", no SNI criterion")
                                         : ", server names " + base::join(c.server_names, ", ")));
  const compile::ServerRef& s = c.server;
  std::string server = fmt::format("{} servers[{}]", s.gateway, s.server_index);
  if (!s.server_name.empty())
    server += " " + base::quote(s.server_name);
  if (!s.port_name.empty())
    server += " (port " + s.port_name + ")";
  field(out, "server", server + at(s.loc));
  std::string what = "protocol " + s.protocol;
  if (!s.hosts.empty())
    what += ", hosts " + base::join(s.hosts, ", ");
  more(out, what);
  // A plain-text HTTP port has one chain for every server on it (R1.10).
  if (c.route_config && !c.tls) {
    for (const auto& other : c.route_config->servers) {
      if (other.gateway == s.gateway && other.server_index == s.server_index)
        continue;
      more(out,
           fmt::format("also {} servers[{}] ({}, hosts {}){}", other.gateway, other.server_index,
                       other.protocol, base::join(other.hosts, ", "), at(other.loc)));
    }
  }
  if (c.tls) {
    std::string tls = "TLS " + std::string(model::tls_mode_name(c.tls->mode));
    std::string cred = credential_text(*c.tls);
    if (!cred.empty())
      tls += ", " + cred;
    more(out, tls);
  } else if (c.kind == compile::ChainKind::kTlsPassthrough ||
             c.kind == compile::ChainKind::kAutoPassthrough) {
    more(out,
         std::string("TLS ") +
             (c.kind == compile::ChainKind::kTlsPassthrough ? "PASSTHROUGH" : "AUTO_PASSTHROUGH") +
             ": not terminated by the gateway");
  }
}

std::string rule_text(const compile::Route& r) {
  const auto& o = r.origin;
  std::string s = fmt::format("http[{}]", o.rule_index);
  if (!o.rule_name.empty())
    s += " " + base::quote(o.rule_name);
  if (o.match_index) {
    s += fmt::format(" match[{}]", *o.match_index);
    if (!o.match_name.empty())
      s += " " + base::quote(o.match_name);
  }
  return s;
}

void write_route_origin(std::ostream& out, const compile::Route& r) {
  const auto& o = r.origin;
  field(out, "VirtualService", o.vs_ref() + at(o.vs_loc));
  if (!o.delegate_name.empty()) {
    field(out, "delegate",
          fmt::format("{}/{} http[{}]", o.delegate_namespace, o.delegate_name,
                      o.delegate_rule_index.value_or(0)));
  }
  field(out, "rule",
        rule_text(r) + ": " + match_text(r.match) + at(o.match_index ? o.match_loc : o.rule_loc));
}

void write_header_ops(std::ostream& out, std::string_view label, const compile::HeaderOps& ops) {
  bool first = true;
  for (const auto& l : header_ops_lines(ops)) {
    if (first)
      field(out, label, l);
    else
      more(out, l);
    first = false;
  }
}

void write_local_reply(std::ostream& out, const http::LocalReply& reply) {
  field(out, "gateway answers",
        fmt::format("{} {}{}", reply.status, http::reason_phrase(reply.status),
                    reply.response_flags.empty() ? "" : ", flag " + reply.response_flags));
  for (const auto& h : reply.headers)
    more(out, h.name + ": " + h.value);
}

void write_route_action(std::ostream& out, const match::Decision& d, const match::Request& req) {
  const compile::Route& r = *d.route;
  const compile::RouteAction& a = r.route;
  http::Response resp = http::respond(d, req, http::RespondOptions{});
  const http::ForwardPlan* plan = std::get_if<http::ForwardPlan>(&resp);
  const auto* local = std::get_if<http::LocalReply>(&resp);
  for (size_t i = 0; i < a.clusters.size(); ++i) {
    const auto& c = a.clusters[i];
    field(out, i == 0 ? (a.clusters.size() > 1 ? "destinations" : "destination") : "",
          destination_text(c, a.weighted && a.clusters.size() > 1, a.total_weight));
    more(out, "cluster " + c.name +
                  (c.cluster && c.cluster->service.empty()
                       ? " (no Service or ServiceEntry in the input defines it: Envoy would "
                         "answer 503 NC)"
                       : std::string()));
    if (!c.host_rewrite.empty())
      more(out, "authority rewritten to " + c.host_rewrite + " for this destination");
    for (const auto& l : header_ops_lines(c.headers))
      more(out, l + " (this destination)");
  }
  if (plan) {
    if (plan->path_rewrite)
      field(out, "path rewrite", std::string(d.path(req)) + " → " + *plan->path_rewrite);
    if (plan->host_rewrite)
      field(out, "host rewrite", std::string(req.authority) + " → " + *plan->host_rewrite);
  }
  write_header_ops(out, "header edits", r.headers);
  if (r.cors)
    field(out, "CORS", cors_text(*r.cors) + at(r.cors->loc));
  if (r.fault)
    field(out, "fault", fault_text(*r.fault) + at(r.fault->loc));
  for (const auto& m : a.mirrors)
    field(out, "mirror", m.cluster + " for " + http::describe_ppm(m.ppm));
  if (plan) {
    field(out, "timeout", http::describe_timeout(plan->timeout));
    field(out, "retries", http::describe_retry(plan->retry, plan->per_try_timeout));
  } else if (local) {
    // A fault abort or a CORS preflight: the gateway answers before forwarding.
    write_local_reply(out, *local);
    for (const auto& reason : local->reasons)
      more(out, (reason.rule.empty() ? "" : "[" + reason.rule + "] ") + reason.message);
  }
}

void write_outcome(std::ostream& out, const match::Decision& d, const match::Request& req) {
  std::string name(match::outcome_name(d.outcome));
  switch (d.outcome) {
    case Outcome::kRoute:
      field(out, "outcome", "route (forwarded upstream)");
      if (d.route)
        write_route_action(out, d, req);
      return;
    case Outcome::kRedirect:
    case Outcome::kDirectResponse:
    case Outcome::kHttpsRedirect:
    case Outcome::kNotFound: {
      http::Response resp = http::respond(d, req, http::RespondOptions{});
      const auto* local = std::get_if<http::LocalReply>(&resp);
      std::string what = name;
      std::optional<std::string_view> location;
      if (local)
        location = local->headers.get("location");
      if (d.outcome == Outcome::kNotFound)
        what += ": 404, response flag NR";
      else if (local)
        what += fmt::format(" {}", local->status);
      if (location)
        what += " to " + std::string(*location);
      if (d.outcome == Outcome::kHttpsRedirect)
        what += " (httpsRedirect: the virtual host requires TLS; checked before any route)";
      field(out, "outcome", what);
      if (local) {
        write_local_reply(out, *local);
        if (!local->body.empty())
          field(out, "body", base::quote(local->body));
      }
      if (d.route) {
        write_header_ops(out, "header edits", d.route->headers);
        if (d.route->cors) {
          field(out, "CORS",
                "corsPolicy ignored: redirect and directResponse routes get no CORS "
                "handling" +
                    at(d.route->cors->loc));
        }
      }
      return;
    }
    case Outcome::kConnectionClosed:
      field(out, "outcome", "connection_closed: " + std::string(d.close_reason));
      return;
    case Outcome::kTcpProxy:
    case Outcome::kTlsPassthrough: {
      field(out, "outcome",
            name + (d.outcome == Outcome::kTcpProxy
                        ? " (bytes relayed to the destination; HTTP routing does not apply)"
                        : " (TLS relayed unopened, chosen by SNI; HTTP routing does not apply)"));
      if (!d.tcp)
        return;
      if (d.tcp->virtual_service) {
        const auto& vs = *d.tcp->virtual_service;
        field(out, "VirtualService", vs.ns + "/" + vs.name + at(vs.loc));
        if (d.tcp->route_index) {
          field(out, "rule",
                fmt::format("{}[{}]", d.outcome == Outcome::kTcpProxy ? "tcp" : "tls",
                            *d.tcp->route_index) +
                    at(d.tcp->loc));
        }
      }
      const auto& cs = d.tcp->clusters;
      for (size_t i = 0; i < cs.size(); ++i) {
        field(out, i == 0 ? (cs.size() > 1 ? "destinations" : "destination") : "",
              destination_text(cs[i], cs.size() > 1, d.tcp->total_weight));
        more(out, "cluster " + cs[i].name);
      }
      return;
    }
  }
}

}  // namespace

void write_decision_text(std::ostream& out, const match::Decision& d, const match::Request& req,
                         const match::Trace& trace) {
  write_request(out, req);
  write_connection(out, d, req);
  if (d.route_config)
    field(out, "route config", d.route_config->name);
  if (d.chain && d.chain->kind == compile::ChainKind::kHttp) {
    if (d.virtual_host) {
      field(
          out, "virtual host",
          d.virtual_host->name + " (" + std::string(compile::domain_match_name(d.domain_match)) +
              " domain " +
              base::quote(d.virtual_host->domains.empty() ? "" : d.virtual_host->domains.front()) +
              ")");
    } else if (d.route_config) {
      field(out, "virtual host", "none for Host " + base::quote(req.authority));
    }
  }
  if (d.route)
    write_route_origin(out, *d.route);
  write_outcome(out, d, req);

  std::vector<const TraceStep*> misses;
  for (const auto& s : trace.steps) {
    if (s.kind == TraceStep::Kind::kRouteMiss)
      misses.push_back(&s);
  }
  if (!misses.empty()) {
    out << '\n'
        << (d.route ? "Rules tried before it (Envoy takes the first match):\n"
                    : "Rules tried (none matched):\n");
    for (const auto* s : misses)
      out << "  " << s->message << at(s->loc) << '\n';
  }
  out << "\nWhy:\n";
  for (const auto& s : trace.steps) {
    if (s.kind == TraceStep::Kind::kRouteMiss)
      continue;
    out << "  " << (s.rule.empty() ? std::string() : "[" + s.rule + "] ") << s.message << '\n';
  }
}

}  // namespace igw::render
