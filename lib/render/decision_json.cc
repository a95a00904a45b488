// The `igw routes -o json` form of a Decision and its Trace.
#include "lib/render/decision_json.h"

#include "lib/match/location.h"

#include <string>

namespace igw::render {

namespace {

using nlohmann::ordered_json;

ordered_json destinations(const std::vector<compile::WeightedCluster>& clusters, bool weighted) {
  ordered_json out = ordered_json::array();
  for (const auto& c : clusters) {
    ordered_json d;
    d["host"] = c.host;
    d["port"] = c.port;
    // Every key is always present so consumers need no defaults: no subset is null, and a
    // lone destination carries all the traffic (Istio's implied weight 100).
    d["subset"] = c.subset.empty() ? ordered_json(nullptr) : ordered_json(c.subset);
    d["weight"] = weighted ? c.weight : 100;
    d["cluster"] = c.name;
    out.push_back(std::move(d));
  }
  return out;
}

ordered_json credential(const compile::TlsContext& t) {
  ordered_json c = ordered_json::object();
  if (!t.credential_name.empty())
    c["credentialName"] = t.credential_name;
  if (!t.credential_names.empty())
    c["credentialNames"] = t.credential_names;
  if (!t.server_certificate.empty())
    c["serverCertificate"] = t.server_certificate;
  if (!t.private_key.empty())
    c["privateKey"] = t.private_key;
  if (!t.ca_certificates.empty())
    c["caCertificates"] = t.ca_certificates;
  if (!t.ca_cert_credential_name.empty())
    c["caCertCredentialName"] = t.ca_cert_credential_name;
  return c;
}

}  // namespace

std::string_view trace_kind_name(match::TraceStep::Kind kind) {
  using K = match::TraceStep::Kind;
  switch (kind) {
    case K::kConnection:
      return "connection";
    case K::kVirtualHost:
      return "virtual_host";
    case K::kRouteMiss:
      return "route_miss";
    case K::kRouteMatch:
      return "route_match";
    case K::kOutcome:
      return "outcome";
    case K::kNote:
      return "note";
  }
  return "note";
}

nlohmann::ordered_json decision_json(const match::Decision& d, const match::Request& request,
                                     const match::Trace* trace) {
  using match::Outcome;
  ordered_json j = ordered_json::object();
  if (d.listener) {
    j["listener"] = {{"name", d.listener->name}, {"port", d.listener->port}};
  }
  if (d.chain) {
    const auto& s = d.chain->server;
    ordered_json server;
    server["gateway"] = s.gateway;
    server["index"] = s.server_index;
    if (!s.server_name.empty())
      server["name"] = s.server_name;
    if (!s.port_name.empty())
      server["portName"] = s.port_name;
    server["protocol"] = s.protocol;
    if (d.chain->tls)
      server["tlsMode"] = std::string(model::tls_mode_name(d.chain->tls->mode));
    j["server"] = std::move(server);
  }
  if (d.route_config)
    j["routeConfig"] = d.route_config->name;
  if (d.virtual_host) {
    j["virtualHost"] = d.virtual_host->name;
    j["domainMatch"] = std::string(compile::domain_match_name(d.domain_match));
  }
  j["outcome"] = std::string(match::outcome_name(d.outcome));
  if (d.status)
    j["status"] = d.status;
  if (!d.response_flag.empty())
    j["responseFlag"] = std::string(d.response_flag);
  if (!d.close_reason.empty())
    j["closeReason"] = std::string(d.close_reason);
  if (!d.normalized_path.empty())
    j["normalizedPath"] = d.normalized_path;

  if (const compile::Route* r = d.route) {
    const auto& o = r->origin;
    ordered_json vs;
    vs["namespace"] = o.vs_namespace;
    vs["name"] = o.vs_name;
    if (o.vs_loc.known()) {
      vs["file"] = o.vs_loc.path();
      vs["line"] = o.vs_loc.line;
    }
    j["virtualService"] = std::move(vs);
    ordered_json rule;
    rule["index"] = o.rule_index;
    if (!o.rule_name.empty())
      rule["name"] = o.rule_name;
    j["rule"] = std::move(rule);
    if (o.match_index) {
      ordered_json m;
      m["index"] = *o.match_index;
      if (!o.match_name.empty())
        m["name"] = o.match_name;
      j["match"] = std::move(m);
    }
    if (!o.delegate_name.empty()) {
      ordered_json del;
      del["namespace"] = o.delegate_namespace;
      del["name"] = o.delegate_name;
      if (o.delegate_rule_index)
        del["ruleIndex"] = *o.delegate_rule_index;
      j["delegate"] = std::move(del);
    }
  }

  switch (d.outcome) {
    case Outcome::kRoute:
      if (d.route) {
        j["destinations"] = destinations(d.route->route.clusters, d.route->route.weighted);
        std::string_view path = d.path(request);
        if (auto p = match::rewritten_path(*d.route, path); p && *p != path)
          j["pathRewrite"] = *p;
        const auto& action = d.route->route;
        if (!action.host_rewrite.empty() && action.host_rewrite != request.authority)
          j["hostRewrite"] = action.host_rewrite;
      }
      break;
    case Outcome::kTcpProxy:
    case Outcome::kTlsPassthrough:
      if (d.tcp)
        j["destinations"] = destinations(d.tcp->clusters, d.tcp->clusters.size() > 1);
      break;
    case Outcome::kRedirect:
      if (d.route) {
        j["redirect"] = {{"status", d.route->redirect.response_code},
                         {"location", match::redirect_location(*d.route, request, d)}};
      }
      break;
    case Outcome::kHttpsRedirect:
      j["redirect"] = {
          {"status", 301},
          {"location", match::ssl_redirect_location(request.authority, d.path(request))}};
      break;
    case Outcome::kDirectResponse:
      if (d.route) {
        ordered_json dr;
        dr["status"] = d.route->direct_response.status;
        if (d.route->direct_response.body)
          dr["body"] = *d.route->direct_response.body;
        j["directResponse"] = std::move(dr);
      }
      break;
    case Outcome::kNotFound:
    case Outcome::kConnectionClosed:
      break;
  }
  if (d.chain && d.chain->tls)
    j["credential"] = credential(*d.chain->tls);

  if (trace) {
    ordered_json steps = ordered_json::array();
    for (const auto& s : trace->steps) {
      ordered_json step;
      step["kind"] = std::string(trace_kind_name(s.kind));
      if (!s.rule.empty())
        step["rule"] = s.rule;
      step["message"] = s.message;
      if (s.loc.known())
        step["location"] =
            s.loc.has_position() ? s.loc.path() + ":" + std::to_string(s.loc.line) : s.loc.path();
      steps.push_back(std::move(step));
    }
    j["trace"] = std::move(steps);
  }
  return j;
}

}  // namespace igw::render
