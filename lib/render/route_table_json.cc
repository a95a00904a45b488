// Route table → JSON; see route_table_json.h and man/igw-compile.1.
#include "lib/render/route_table_json.h"

#include <fmt/format.h>

namespace igw::render {

using nlohmann::ordered_json;

namespace {

ordered_json string_matcher(const compile::StringMatcher& m) {
  ordered_json j = ordered_json::object();
  switch (m.kind) {
    case compile::StringMatcher::Kind::kExact:
      j["exact"] = m.value;
      break;
    case compile::StringMatcher::Kind::kPrefix:
      j["prefix"] = m.value;
      break;
    case compile::StringMatcher::Kind::kRegex:
      j["safeRegex"] = {{"regex", m.value}};
      break;
    case compile::StringMatcher::Kind::kPresent:
      break;
  }
  if (m.ignore_case)
    j["ignoreCase"] = true;
  return j;
}

ordered_json header_matcher(const compile::HeaderMatcher& h) {
  ordered_json j;
  j["name"] = h.name;
  if (h.match.kind == compile::StringMatcher::Kind::kPresent)
    j["presentMatch"] = true;
  else
    j["stringMatch"] = string_matcher(h.match);
  if (h.invert)
    j["invertMatch"] = true;
  if (h.treat_missing_as_empty)
    j["treatMissingHeaderAsEmpty"] = true;
  j["source"] = source_position(h.loc);
  return j;
}

ordered_json route_match(const compile::RouteMatch& m) {
  ordered_json j;
  switch (m.path.kind) {
    case compile::PathMatcher::Kind::kPrefix:
      j["prefix"] = m.path.value;
      break;
    case compile::PathMatcher::Kind::kExact:
      j["path"] = m.path.value;
      break;
    case compile::PathMatcher::Kind::kRegex:
      j["safeRegex"] = {{"regex", m.path.value}};
      break;
  }
  j["caseSensitive"] = m.path.case_sensitive;
  if (!m.headers.empty()) {
    j["headers"] = ordered_json::array();
    for (const auto& h : m.headers)
      j["headers"].push_back(header_matcher(h));
  }
  if (!m.query_params.empty()) {
    j["queryParameters"] = ordered_json::array();
    for (const auto& q : m.query_params) {
      ordered_json qj;
      qj["name"] = q.name;
      if (q.match.kind == compile::StringMatcher::Kind::kPresent)
        qj["presentMatch"] = true;
      else
        qj["stringMatch"] = string_matcher(q.match);
      j["queryParameters"].push_back(std::move(qj));
    }
  }
  if (!m.claims.empty()) {
    j["jwtClaims"] = ordered_json::array();
    for (const auto& c : m.claims) {
      ordered_json cj;
      cj["claim"] = c.claim;
      cj["match"] = string_matcher(c.match);
      if (c.invert)
        cj["invert"] = true;
      j["jwtClaims"].push_back(std::move(cj));
    }
  }
  return j;
}

ordered_json header_values(const std::vector<compile::HeaderValueOption>& v) {
  ordered_json a = ordered_json::array();
  for (const auto& h : v) {
    a.push_back(
        {{"header", {{"key", h.key}, {"value", h.value}}},
         {"appendAction", h.append ? "APPEND_IF_EXISTS_OR_ADD" : "OVERWRITE_IF_EXISTS_OR_ADD"}});
  }
  return a;
}

void header_ops(ordered_json& j, const compile::HeaderOps& ops) {
  if (!ops.request_add.empty())
    j["requestHeadersToAdd"] = header_values(ops.request_add);
  if (!ops.request_remove.empty())
    j["requestHeadersToRemove"] = ops.request_remove;
  if (!ops.response_add.empty())
    j["responseHeadersToAdd"] = header_values(ops.response_add);
  if (!ops.response_remove.empty())
    j["responseHeadersToRemove"] = ops.response_remove;
}

ordered_json retry_policy(const compile::RetryPolicy& r) {
  ordered_json j;
  j["retryOn"] = r.retry_on;
  j["numRetries"] = r.num_retries;
  if (!r.retriable_status_codes.empty())
    j["retriableStatusCodes"] = r.retriable_status_codes;
  if (r.per_try_timeout)
    j["perTryTimeout"] = envoy_duration(*r.per_try_timeout);
  if (r.previous_hosts_predicate)
    j["retryHostPredicate"] = {{{"name", "envoy.retry_host_predicates.previous_hosts"}}};
  if (r.previous_priorities)
    j["retryPriority"] = {{"name", "envoy.retry_priorities.previous_priorities"}};
  j["hostSelectionRetryMaxAttempts"] = r.host_selection_retry_max_attempts;
  if (r.backoff_base)
    j["retryBackOff"] = {{"baseInterval", envoy_duration(*r.backoff_base)}};
  j["istioDefault"] = r.istio_default;
  return j;
}

ordered_json weighted_cluster(const compile::WeightedCluster& w, bool with_weight) {
  ordered_json j;
  j["name"] = w.name;
  if (with_weight)
    j["weight"] = w.weight;
  header_ops(j, w.headers);
  if (!w.host_rewrite.empty())
    j["hostRewriteLiteral"] = w.host_rewrite;
  j["source"] = source_position(w.loc);
  return j;
}

ordered_json route_action(const compile::RouteAction& a) {
  ordered_json j;
  if (!a.weighted && a.clusters.size() == 1) {
    j["cluster"] = a.clusters.front().name;
  } else {
    ordered_json clusters = ordered_json::array();
    for (const auto& c : a.clusters)
      clusters.push_back(weighted_cluster(c, true));
    j["weightedClusters"] = {{"clusters", std::move(clusters)}, {"totalWeight", a.total_weight}};
  }
  if (a.prefix_rewrite)
    j["prefixRewrite"] = *a.prefix_rewrite;
  if (a.regex_rewrite) {
    j["regexRewrite"] = {{"pattern", {{"regex", a.regex_rewrite->pattern_text}}},
                         {"substitution", a.regex_rewrite->substitution}};
  }
  if (!a.host_rewrite.empty())
    j["hostRewriteLiteral"] = a.host_rewrite;
  j["timeout"] = envoy_duration(a.timeout);
  if (a.retry.enabled)
    j["retryPolicy"] = retry_policy(a.retry);
  if (!a.mirrors.empty()) {
    ordered_json m = ordered_json::array();
    for (const auto& p : a.mirrors) {
      m.push_back({{"cluster", p.cluster},
                   {"runtimeFraction",
                    {{"defaultValue", {{"numerator", p.ppm}, {"denominator", "MILLION"}}}}},
                   {"source", source_position(p.loc)}});
    }
    j["requestMirrorPolicies"] = std::move(m);
  }
  if (a.consistent_hash)
    j["consistentHash"] = true;
  return j;
}

ordered_json cors_policy(const compile::CorsPolicy& c) {
  ordered_json j;
  ordered_json origins = ordered_json::array();
  for (const auto& o : c.allow_origins)
    origins.push_back(string_matcher(o));
  j["allowOriginStringMatch"] = std::move(origins);
  if (!c.allow_methods.empty())
    j["allowMethods"] = c.allow_methods;
  if (!c.allow_headers.empty())
    j["allowHeaders"] = c.allow_headers;
  if (!c.expose_headers.empty())
    j["exposeHeaders"] = c.expose_headers;
  if (c.max_age)
    j["maxAge"] = *c.max_age;
  if (c.allow_credentials)
    j["allowCredentials"] = true;
  j["forwardNotMatchingPreflights"] = c.forward_not_matching_preflights;
  j["source"] = source_position(c.loc);
  return j;
}

ordered_json fault_policy(const compile::FaultPolicy& f) {
  ordered_json j;
  if (f.delay) {
    j["delay"] = {{"fixedDelay", envoy_duration(f.delay->fixed)},
                  {"percentage", {{"numerator", f.delay->ppm}, {"denominator", "MILLION"}}}};
  }
  if (f.abort) {
    ordered_json a;
    if (f.abort->http_status)
      a["httpStatus"] = *f.abort->http_status;
    if (f.abort->grpc_status)
      a["grpcStatus"] = *f.abort->grpc_status;
    a["percentage"] = {{"numerator", f.abort->ppm}, {"denominator", "MILLION"}};
    j["abort"] = std::move(a);
  }
  j["source"] = source_position(f.loc);
  return j;
}

ordered_json route_json(const compile::Route& r) {
  ordered_json j;
  j["name"] = r.name;
  j["match"] = route_match(r.match);
  j["catchAll"] = r.match.catch_all;
  switch (r.action) {
    case compile::ActionKind::kRoute:
      j["route"] = route_action(r.route);
      break;
    case compile::ActionKind::kRedirect: {
      ordered_json red;
      if (!r.redirect.scheme_redirect.empty())
        red["schemeRedirect"] = r.redirect.scheme_redirect;
      if (!r.redirect.host_redirect.empty())
        red["hostRedirect"] = r.redirect.host_redirect;
      if (r.redirect.port_redirect)
        red["portRedirect"] = r.redirect.port_redirect;
      if (!r.redirect.path_redirect.empty())
        red["pathRedirect"] = r.redirect.path_redirect;
      if (r.redirect.has_prefix_rewrite)
        red["prefixRewrite"] = r.redirect.prefix_rewrite;
      red["responseCode"] = r.redirect.response_code;
      j["redirect"] = std::move(red);
      break;
    }
    case compile::ActionKind::kDirectResponse: {
      ordered_json dr;
      dr["status"] = r.direct_response.status;
      if (r.direct_response.body)
        dr["body"] = {{"inlineString", *r.direct_response.body}};
      j["directResponse"] = std::move(dr);
      break;
    }
    case compile::ActionKind::kNone:
      j["noAction"] = true;
      break;
  }
  header_ops(j, r.headers);
  if (r.cors || r.fault) {
    ordered_json pf;
    if (r.fault)
      pf["envoy.filters.http.fault"] = fault_policy(*r.fault);
    if (r.cors)
      pf["envoy.filters.http.cors"] = cors_policy(*r.cors);
    j["typedPerFilterConfig"] = std::move(pf);
  }
  const auto& o = r.origin;
  ordered_json meta;
  meta["virtualService"] = o.vs_ref();
  meta["rule"] = o.rule_index;
  if (!o.rule_name.empty())
    meta["ruleName"] = o.rule_name;
  if (o.match_index)
    meta["match"] = *o.match_index;
  if (!o.delegate_name.empty()) {
    meta["delegate"] = o.delegate_namespace + "/" + o.delegate_name;
    meta["delegateRule"] = o.delegate_rule_index.value_or(0);
  }
  meta["source"] = source_position(o.match_index ? o.match_loc : o.rule_loc);
  j["metadata"] = std::move(meta);
  return j;
}

ordered_json server_json(const compile::ServerRef& s) {
  ordered_json j;
  j["gateway"] = s.gateway;
  j["index"] = s.server_index;
  if (!s.server_name.empty())
    j["name"] = s.server_name;
  j["port"] = s.gateway_port;
  j["portName"] = s.port_name;
  j["protocol"] = s.protocol;
  j["kind"] = model::server_kind_name(s.kind);
  j["hosts"] = s.hosts;
  j["source"] = source_position(s.loc);
  return j;
}

ordered_json tls_json(const compile::TlsContext& t) {
  ordered_json j;
  j["mode"] = model::tls_mode_name(t.mode);
  if (!t.credential_name.empty())
    j["credentialName"] = t.credential_name;
  if (!t.credential_names.empty())
    j["credentialNames"] = t.credential_names;
  if (!t.ca_cert_credential_name.empty())
    j["caCertCredentialName"] = t.ca_cert_credential_name;
  if (!t.server_certificate.empty())
    j["serverCertificate"] = t.server_certificate;
  if (!t.private_key.empty())
    j["privateKey"] = t.private_key;
  if (!t.ca_certificates.empty())
    j["caCertificates"] = t.ca_certificates;
  if (!t.ca_crl.empty())
    j["caCrl"] = t.ca_crl;
  j["requireClientCertificate"] = t.require_client_certificate;
  j["validateClientCertificate"] = t.validate_client_certificate;
  if (!t.subject_alt_names.empty())
    j["subjectAltNames"] = t.subject_alt_names;
  if (!t.verify_certificate_spki.empty())
    j["verifyCertificateSpki"] = t.verify_certificate_spki;
  if (!t.verify_certificate_hash.empty())
    j["verifyCertificateHash"] = t.verify_certificate_hash;
  j["tlsMinimumProtocolVersion"] = t.min_protocol_version;
  j["tlsMaximumProtocolVersion"] = t.max_protocol_version;
  if (!t.cipher_suites.empty())
    j["cipherSuites"] = t.cipher_suites;
  if (!t.dropped_cipher_suites.empty())
    j["droppedCipherSuites"] = t.dropped_cipher_suites;
  j["alpnProtocols"] = t.alpn;
  j["source"] = source_position(t.loc);
  return j;
}

ordered_json tcp_json(const compile::TcpProxy& t) {
  ordered_json j;
  if (t.clusters.size() == 1) {
    j["cluster"] = t.clusters.front().name;
  } else {
    ordered_json clusters = ordered_json::array();
    for (const auto& c : t.clusters)
      clusters.push_back(weighted_cluster(c, true));
    j["weightedClusters"] = {{"clusters", std::move(clusters)}, {"totalWeight", t.total_weight}};
  }
  if (t.virtual_service)
    j["virtualService"] = t.virtual_service->ns + "/" + t.virtual_service->name;
  if (t.route_index)
    j["route"] = *t.route_index;
  j["source"] = source_position(t.loc);
  return j;
}

ordered_json listener_json(const compile::Listener& l) {
  ordered_json j;
  j["name"] = l.name;
  j["address"] = l.bind.empty() ? "0.0.0.0" : l.bind;
  j["port"] = l.port;
  j["gatewayPorts"] = l.gateway_ports;
  j["tlsInspector"] = l.tls_inspector;
  ordered_json chains = ordered_json::array();
  for (const auto& c : l.chains) {
    ordered_json cj;
    cj["name"] = c.name;
    cj["kind"] = compile::chain_kind_name(c.kind);
    if (!c.server_names.empty())
      cj["filterChainMatch"] = {{"serverNames", c.server_names}};
    if (c.tls)
      cj["tls"] = tls_json(*c.tls);
    if (c.route_config)
      cj["rds"] = c.route_config->name;
    if (c.tcp)
      cj["tcpProxy"] = tcp_json(*c.tcp);
    cj["server"] = server_json(c.server);
    chains.push_back(std::move(cj));
  }
  j["filterChains"] = std::move(chains);
  return j;
}

ordered_json route_config_json(const compile::RouteConfig& rc) {
  ordered_json j;
  j["name"] = rc.name;
  j["gatewayPort"] = rc.gateway_port;
  j["ignorePortInHostMatching"] = true;
  ordered_json servers = ordered_json::array();
  for (const auto& s : rc.servers)
    servers.push_back(server_json(s));
  j["servers"] = std::move(servers);
  ordered_json vhosts = ordered_json::array();
  for (const auto& vh : rc.virtual_hosts) {
    ordered_json v;
    v["name"] = vh.name;
    v["domains"] = vh.domains;
    if (vh.require_tls)
      v["requireTls"] = "ALL";
    if (vh.blackhole)
      v["blackhole"] = true;
    ordered_json vss = ordered_json::array();
    for (const auto& r : vh.virtual_services)
      vss.push_back(r.ns + "/" + r.name);
    v["virtualServices"] = std::move(vss);
    ordered_json routes = ordered_json::array();
    for (const compile::Route* r : vh.routes)
      routes.push_back(route_json(*r));
    v["routes"] = std::move(routes);
    v["source"] = source_position(vh.loc);
    vhosts.push_back(std::move(v));
  }
  j["virtualHosts"] = std::move(vhosts);
  return j;
}

ordered_json cluster_json(const compile::Cluster& c) {
  ordered_json j;
  j["name"] = c.name;
  j["host"] = c.host;
  j["port"] = c.port;
  if (!c.subset.empty())
    j["subset"] = c.subset;
  j["service"] = c.service.empty() ? ordered_json(nullptr) : ordered_json(c.service);
  ordered_json eps = ordered_json::array();
  for (const auto& e : c.endpoints) {
    eps.push_back({{"address", e.address},
                   {"port", e.port},
                   {"weight", e.weight},
                   {"source", e.source},
                   {"position", source_position(e.loc)}});
  }
  j["endpoints"] = std::move(eps);
  if (c.resolve_dns)
    j["resolveDns"] = true;
  if (c.consistent_hash)
    j["consistentHash"] = true;
  if (!c.destination_rule.empty())
    j["destinationRule"] = c.destination_rule;
  if (!c.upstream_tls_mode.empty()) {
    ordered_json t;
    t["mode"] = c.upstream_tls_mode;
    if (!c.upstream_sni.empty())
      t["sni"] = c.upstream_sni;
    j["upstreamTls"] = std::move(t);
  }
  j["source"] = source_position(c.loc);
  return j;
}

}  // namespace

std::string source_position(const base::SourceLoc& loc) {
  if (!loc.known())
    return "";
  if (loc.line == 0)
    return loc.path();
  return loc.path() + ":" + std::to_string(loc.line);
}

std::string envoy_duration(base::Duration d) {
  int64_t secs = d.nanos / 1'000'000'000;
  int64_t frac = d.nanos % 1'000'000'000;
  if (frac < 0)
    frac = -frac;
  if (frac == 0)
    return std::to_string(secs) + "s";
  std::string f = fmt::format("{:09d}", frac);
  while (!f.empty() && f.back() == '0')
    f.pop_back();
  return (d.nanos < 0 && secs == 0 ? "-" : "") + std::to_string(secs) + "." + f + "s";
}

ordered_json route_table_json(const compile::RouteTable& t) {
  ordered_json j;
  ordered_json labels = ordered_json::object();
  for (const auto& [k, v] : t.workload().labels)
    labels[k] = v;
  j["workload"] = {{"labels", std::move(labels)}, {"namespace", t.workload().ns}};
  ordered_json listeners = ordered_json::array();
  for (const auto& l : t.listeners())
    listeners.push_back(listener_json(l));
  j["listeners"] = std::move(listeners);
  ordered_json rcs = ordered_json::array();
  for (const compile::RouteConfig* rc : t.route_configs())
    rcs.push_back(route_config_json(*rc));
  j["routeConfigs"] = std::move(rcs);
  ordered_json clusters = ordered_json::array();
  for (const compile::Cluster* c : t.clusters())
    clusters.push_back(cluster_json(*c));
  j["clusters"] = std::move(clusters);
  ordered_json dropped = ordered_json::array();
  for (const auto& d : t.dropped_servers()) {
    ordered_json dj;
    dj["gateway"] = d.gateway;
    dj["index"] = d.server_index;
    if (!d.server_name.empty())
      dj["name"] = d.server_name;
    dj["port"] = d.gateway_port;
    dj["reason"] = model::drop_reason_code(d.reason);
    dj["message"] = d.message;
    if (!d.duplicate_hosts.empty())
      dj["duplicateHosts"] = d.duplicate_hosts;
    if (d.conflicts_with)
      dj["conflictsWith"] = server_json(*d.conflicts_with);
    dj["source"] = source_position(d.loc);
    dropped.push_back(std::move(dj));
  }
  j["droppedServers"] = std::move(dropped);
  ordered_json notes = ordered_json::array();
  for (const auto& n : t.notes()) {
    notes.push_back({{"rule", n.rule},
                     {"object", n.object},
                     {"message", n.message},
                     {"source", source_position(n.loc)}});
  }
  j["notes"] = std::move(notes);
  j["rejectedObjects"] = t.rejected_objects();
  return j;
}

}  // namespace igw::render
