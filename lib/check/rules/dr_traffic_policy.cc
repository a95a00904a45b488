// validateTrafficPolicy, validatePortTrafficPolicies, validateOutlierDetection,
// validateConnectionPool, validateTunnelSettings and validateProxyProtocol
// (istio/istio pkg/config/validation/validation.go).
#include "lib/check/rules/kinds.h"
#include "lib/check/rules/validators.h"

#include <fmt/format.h>

namespace igw::check::rules {

namespace {

void duration_at(const View& parent, std::string_view key, Findings& f) {
  View v = parent[key];
  if (auto d = v.as_duration()) {
    if (auto err = validate_duration(*d))
      f.error(*err, v.loc(), "durations are at least 1ms and whole milliseconds, e.g. 250ms");
  }
}

void non_negative(const View& parent, std::string_view key, std::string_view text, Findings& f) {
  View v = parent[key];
  if (auto n = v.as_int(); n && *n < 0)
    f.error(std::string(text), v.loc());
}

void validate_tunnel(const View& tunnel, Findings& f) {
  View protocol = tunnel["protocol"];
  std::string p = protocol.as_string().value_or("");
  if (!p.empty() && p != "CONNECT" && p != "POST") {
    f.error("tunnel protocol must be \"CONNECT\" or \"POST\"", protocol.loc());
  }
  View host = tunnel["targetHost"];
  std::string target = host.as_string().value_or("");
  Error fqdn = validate_fqdn(target);
  Error ip = validate_ip_address(target);
  if (fqdn && ip) {
    f.error(fmt::format("tunnel target host must be valid FQDN or IP address: {}; {}", *fqdn, *ip),
            host.loc());
  }
  View port = tunnel["targetPort"];
  if (auto err = validate_port(port.as_int().value_or(0)))
    f.error(fmt::format("tunnel target port is invalid: {}", *err), port.loc());
}

void validate_proxy_protocol(const View& pp, Findings& f) {
  View version = pp["version"];
  // Enum V1 = 0, V2 = 1; names are fine, other numbers are not.
  if (auto n = version.as_int(); n && *n != 0 && *n != 1)
    f.error(fmt::format("proxy protocol version is invalid: {}", *n), version.loc(),
            "use version V1 or V2");
}

void validate_port_policies(const View& policy, std::string_view ns, Findings& f) {
  // Folded in with appendErrors: the warnings of port-level policies are dropped.
  Findings::DropWarnings drop(f);
  for (const View& t : policy["portLevelSettings"].items()) {
    if (t.null()) {
      f.error("traffic policy may not be null", t.loc(), "remove the empty list item");
      continue;
    }
    if (!t.is_map())
      continue;
    if (!t.has_message("port")) {
      f.error("portTrafficPolicy must have valid port", t.loc(),
              "add port: {number: ...} to the port-level policy");
    }
    bool outlier = t.has_message("outlierDetection");
    if (!outlier && !t.has_message("connectionPool") && !t.has_message("loadBalancer") &&
        !t.has_message("tls")) {
      f.error("port traffic policy must have at least one field", t.loc(),
              "set connectionPool, loadBalancer, outlierDetection or tls, or remove the entry");
      continue;
    }
    if (outlier)
      validate_outlier_detection(t["outlierDetection"], f);
    if (t.has_message("connectionPool"))
      validate_connection_pool(t["connectionPool"], f);
    if (t.has_message("loadBalancer"))
      validate_load_balancer(t["loadBalancer"], outlier, f);
    if (t.has_message("tls"))
      validate_client_tls(t["tls"], ns, f);
  }
}

}  // namespace

void validate_traffic_policy(const View& policy, std::string_view ns, Findings& f) {
  bool outlier = policy.has_message("outlierDetection");
  bool tunnel = policy.has_message("tunnel");
  bool proxy_protocol = policy.has_message("proxyProtocol");
  // retryBudget joined the list after the Go sources at hand (ISTIO-CHECKS.md, 86c9f01).
  if (!outlier && !policy.has_message("connectionPool") && !policy.has_message("loadBalancer") &&
      !policy.has_message("tls") && policy["portLevelSettings"].size() == 0 && !tunnel &&
      !proxy_protocol && !policy.has_message("retryBudget")) {
    f.error("traffic policy must have at least one field", policy.loc(),
            "set connectionPool, loadBalancer, outlierDetection, tls, portLevelSettings, tunnel "
            "or proxyProtocol, or remove trafficPolicy");
    return;
  }
  if (tunnel && proxy_protocol) {
    f.error("tunnel and proxyProtocol must not be set together", policy.key_loc("proxyProtocol"),
            "keep either tunnel or proxyProtocol");
    return;
  }
  if (outlier)
    validate_outlier_detection(policy["outlierDetection"], f);
  if (policy.has_message("connectionPool"))
    validate_connection_pool(policy["connectionPool"], f);
  if (policy.has_message("loadBalancer"))
    validate_load_balancer(policy["loadBalancer"], outlier, f);
  if (policy.has_message("tls"))
    validate_client_tls(policy["tls"], ns, f);
  validate_port_policies(policy, ns, f);
  if (tunnel)
    validate_tunnel(policy["tunnel"], f);
  if (proxy_protocol)
    validate_proxy_protocol(policy["proxyProtocol"], f);
}

void validate_outlier_detection(const View& o, Findings& f) {
  duration_at(o, "baseEjectionTime", f);
  if (auto n = o.int_at("consecutiveErrors"); n && *n != 0) {
    f.warning(
        "outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or "
        "consecutive5xxErrors instead",
        o["consecutiveErrors"].loc(),
        "consecutive5xxErrors counts 5xx answers; consecutiveGatewayErrors counts 502/503/504");
  }
  View local = o["consecutiveLocalOriginFailures"];
  if (!o.bool_at("splitExternalLocalOriginErrors").value_or(false) &&
      local.as_int().value_or(0) > 0) {
    f.error(
        "outlier detection consecutive local origin failures is specified, but split external "
        "local origin errors is set to false",
        local.loc(), "set splitExternalLocalOriginErrors: true, or remove the field");
  }
  duration_at(o, "interval", f);
  for (std::string_view key : {"maxEjectionPercent", "minHealthPercent"}) {
    View v = o[key];
    if (auto err = validate_percent(v.as_int().value_or(0)))
      f.error(*err, v.loc());
  }
}

void validate_connection_pool(const View& pool, Findings& f) {
  bool http = pool.has_message("http");
  bool tcp = pool.has_message("tcp");
  if (!http && !tcp) {
    f.error("connection pool must have at least one field", pool.loc(),
            "set connectionPool.http or connectionPool.tcp, or remove connectionPool");
    return;
  }
  if (http) {
    View h = pool["http"];
    non_negative(h, "http1MaxPendingRequests", "http1 max pending requests must be non-negative",
                 f);
    non_negative(h, "http2MaxRequests", "http2 max requests must be non-negative", f);
    non_negative(h, "maxRequestsPerConnection", "max requests per connection must be non-negative",
                 f);
    non_negative(h, "maxRetries", "max retries must be non-negative", f);
    duration_at(h, "idleTimeout", f);
    std::string upgrade = h.string_at("h2UpgradePolicy").value_or("");
    if ((upgrade == "UPGRADE" || upgrade == "2") &&
        h.bool_at("useClientProtocol").value_or(false)) {
      f.error("use client protocol must not be true when H2UpgradePolicy is UPGRADE",
              h["useClientProtocol"].loc(), "remove useClientProtocol or h2UpgradePolicy: UPGRADE");
    }
    non_negative(h, "maxConcurrentStreams", "max concurrent streams must be non-negative", f);
  }
  if (tcp) {
    View t = pool["tcp"];
    non_negative(t, "maxConnections", "max connections must be non-negative", f);
    duration_at(t, "connectTimeout", f);
    duration_at(t, "maxConnectionDuration", f);
    // An idle timeout under 1ms (such as 0s) disables it and is not checked.
    if (auto d = t["idleTimeout"].as_duration(); d && d->millis() != 0)
      duration_at(t, "idleTimeout", f);
    View ka = t["tcpKeepalive"];
    if (ka.is_map()) {
      duration_at(ka, "time", f);
      duration_at(ka, "interval", f);
    }
  }
}

}  // namespace igw::check::rules
