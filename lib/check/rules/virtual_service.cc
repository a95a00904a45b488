// ValidateVirtualService (istio/istio pkg/config/validation/validation.go): delegate rules,
// gateways, JWT claim keys, hosts, then every http/tls/tcp rule, exportTo and rule overlaps.
#include "lib/base/strings.h"
#include "lib/check/rules/kinds.h"
#include "lib/check/rules/validators.h"
#include "lib/model/host_name.h"

#include <fmt/format.h>

#include <algorithm>

namespace igw::check::rules {

namespace {

// isSniHost: some TLS rule matches on SNI hosts.
bool has_sni_hosts(const model::VirtualService& vs) {
  return std::any_of(vs.tls.begin(), vs.tls.end(), [](const model::TlsRoute& r) {
    return std::any_of(r.match.begin(), r.match.end(),
                       [](const model::TlsMatchAttributes& m) { return !m.sni_hosts.empty(); });
  });
}

void validate_jwt_claim_keys(const model::VirtualService& vs, Findings& f) {
  for (const auto& rule : vs.http) {
    for (const auto& m : rule.match) {
      for (const auto* list : {&m.headers, &m.without_headers}) {
        for (const auto& h : *list) {
          if (!is_jwt_claim_route(h.name.value))
            continue;
          f.error(fmt::format("JWT claim based routing (key: {}) is only supported for gateway, "
                              "found no gateways: {}",
                              h.name.value, go_strings(vs.gateways)),
                  h.name.loc,
                  "JWT claims exist only where a gateway validates the token: bind the "
                  "VirtualService to a Gateway (spec.gateways)");
        }
      }
    }
  }
}

void validate_hosts(const model::VirtualService& vs, bool applies_to_gateway, bool applies_to_mesh,
                    Findings& f) {
  bool all_valid = true;
  bool sni = has_sni_hosts(vs);
  for (const auto& h : vs.hosts) {
    Error err = applies_to_gateway ? validate_wildcard_domain_for_gateway(sni, h.value)
                                   : validate_wildcard_domain(h.value);
    if (err) {
      if (!is_ip_address(h.value)) {
        f.error(*err, h.loc);
        all_valid = false;
      }
    } else if (applies_to_mesh && h.value == "*") {
      f.error("wildcard host * is not allowed for virtual services bound to the mesh gateway",
              h.loc,
              "list the service hostnames, or bind the VirtualService to a Gateway with "
              "spec.gateways");
      all_valid = false;
    }
  }
  if (!all_valid)
    return;
  // Literal and wildcard duplicates (`*.foo.com` and `*.com` overlap).
  for (size_t i = 0; i < vs.hosts.size(); ++i) {
    for (size_t j = i + 1; j < vs.hosts.size(); ++j) {
      if (model::host_matches(vs.hosts[i].value, vs.hosts[j].value)) {
        f.error(fmt::format("duplicate hosts in virtual service: {} & {}", vs.hosts[i].value,
                            vs.hosts[j].value),
                vs.hosts[j].loc, "remove one of the overlapping hosts");
      }
    }
  }
}

}  // namespace

void validate_virtual_service(const model::VirtualService& vs, Findings& f) {
  if (validate_metadata(vs, f))
    return;
  View spec = View::spec(vs);
  if (spec.present() && !spec.is_map())
    return;  // not an object at all: check::schema reports it
  if (vs.hosts.empty()) {
    static constexpr std::string_view kHint =
        "without hosts this is a delegate VirtualService, used only through a root's "
        "http.delegate; add hosts or remove the field";
    if (!vs.gateways.empty()) {
      f.error("delegate virtual service must have no gateways specified", spec.key_loc("gateways"),
              std::string(kHint));
    }
    if (!vs.tls.empty()) {
      f.error("delegate virtual service must have no tls route specified", spec.key_loc("tls"),
              std::string(kHint));
    }
    if (!vs.tcp.empty()) {
      f.error("delegate virtual service must have no tcp route specified", spec.key_loc("tcp"),
              std::string(kHint));
    }
  }

  bool applies_to_mesh = false;
  bool applies_to_gateway = false;
  if (vs.gateways.empty()) {
    applies_to_mesh = true;
  } else {
    validate_gateway_names(vs.gateways, f);
    applies_to_gateway = std::none_of(vs.gateways.begin(), vs.gateways.end(),
                                      [](const model::LString& g) { return g.value == "mesh"; });
    applies_to_mesh = !applies_to_gateway;
  }
  if (!applies_to_gateway)
    validate_jwt_claim_keys(vs, f);
  validate_hosts(vs, applies_to_gateway, applies_to_mesh, f);

  if (vs.http.empty() && vs.tcp.empty() && vs.tls.empty()) {
    f.error("http, tcp or tls must be provided in virtual service", spec.loc(),
            "add at least one http, tls or tcp rule");
  }
  std::vector<View> http = spec["http"].items();
  for (size_t i = 0; i < vs.http.size() && i < http.size(); ++i) {
    if (http[i].null()) {
      f.error("http route may not be null", http[i].loc(), "remove the empty list item");
    } else if (http[i].is_map()) {
      validate_http_route(vs.http[i], http[i], vs.hosts.empty(), f);
    }
  }
  std::vector<View> tls = spec["tls"].items();
  for (size_t i = 0; i < vs.tls.size() && i < tls.size(); ++i) {
    if (tls[i].is_map())
      validate_tls_route(vs.tls[i], tls[i], vs, f);
  }
  std::vector<View> tcp = spec["tcp"].items();
  for (size_t i = 0; i < vs.tcp.size() && i < tcp.size(); ++i) {
    if (tcp[i].is_map())
      validate_tcp_route(vs.tcp[i], tcp[i], f);
  }
  validate_export_to(vs.ns(), vs.export_to, spec, /*dr_with_selector=*/false, f);
  analyze_unreachable_rules(vs, f);
}

}  // namespace igw::check::rules
