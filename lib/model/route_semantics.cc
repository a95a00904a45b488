// Catch-all routes and config-time match filters; see route_semantics.h for the sources.
#include "lib/model/route_semantics.h"

#include "lib/model/host_name.h"

namespace igw::model {

bool is_catch_all_match(const HttpMatchRequest& m) {
  // Every one of these becomes an Envoy header, query or dynamic-metadata matcher.
  if (!m.headers.empty() || !m.without_headers.empty() || !m.query_params.empty() || m.method ||
      m.authority || m.scheme) {
    return false;
  }
  if (!m.uri)
    return true;
  switch (m.uri->kind) {
    case StringMatch::Kind::None:
      return true;  // `uri: {}` leaves Envoy's default prefix "/"
    case StringMatch::Kind::Prefix:
      return m.uri->value.value == "/";
    case StringMatch::Kind::Regex:
      return m.uri->value.value == ".*";
    case StringMatch::Kind::Exact:
      return false;
  }
  return false;
}

bool match_applies(const HttpMatchRequest& m, std::string_view vs_namespace,
                   const RouteScope& scope) {
  if (m.port && m.port.value != 0 && m.port.value != static_cast<int64_t>(scope.server_port))
    return false;
  if (!m.gateways.empty()) {
    for (const auto& g : m.gateways) {
      if (resolve_gateway_name(g.value, vs_namespace) == scope.gateway_name)
        return true;
    }
    return false;
  }
  if (scope.workload) {
    if (!scope.workload->selected_by(m.source_labels))
      return false;
    if (m.source_namespace && !m.source_namespace->empty() &&
        m.source_namespace.value != scope.workload->ns) {
      return false;
    }
  }
  return true;
}

bool is_catch_all_rule(const HttpRoute& rule, std::string_view vs_namespace,
                       const RouteScope* scope) {
  if (rule.match.empty())
    return true;
  for (const auto& m : rule.match) {
    if (scope && !match_applies(m, vs_namespace, *scope))
      continue;
    if (is_catch_all_match(m))
      return true;
  }
  return false;
}

std::optional<size_t> first_catch_all_rule(const VirtualService& vs, const RouteScope* scope) {
  for (size_t i = 0; i < vs.http.size(); ++i) {
    if (vs.http[i].null_entry)
      continue;
    if (vs.http[i].delegate)
      continue;  // replaced by the delegate's rules (R3.14); judged after expansion
    if (is_catch_all_rule(vs.http[i], vs.ns(), scope))
      return i;
  }
  return std::nullopt;
}

}  // namespace igw::model
