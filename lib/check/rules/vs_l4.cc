// validateTLSRoute, validateTLSMatch, validateSniHost, validateTCPRoute, validateTCPMatch and
// validateRouteDestinations (istio/istio pkg/config/validation/validation.go).
#include "lib/base/strings.h"
#include "lib/check/rules/kinds.h"
#include "lib/check/rules/validators.h"
#include "lib/model/host_name.h"

#include <fmt/format.h>

#include <algorithm>

namespace igw::check::rules {

namespace {

void validate_l4_destinations(const std::vector<model::RouteDestination>& route, const View& view,
                              Findings& f) {
  std::vector<View> items = view["route"].items();
  int64_t total = 0;
  for (size_t i = 0; i < route.size() && i < items.size(); ++i) {
    if (items[i].null()) {
      f.error("weight may not be nil", items[i].loc(), "remove the empty list item");
      continue;
    }
    if (!items[i].is_map())
      continue;
    const model::RouteDestination& d = route[i];
    if (!d.destination) {
      f.error("destination is required", items[i].loc(), "add destination: {host: ...}");
    } else {
      validate_destination(*d.destination, f);
    }
    if (d.weight.value < 0) {
      f.error(fmt::format("weight {} < 0", d.weight.value), d.weight.loc,
              "weights are relative shares of zero or more");
    }
    total += d.weight.value;
  }
  if (route.size() > 1 && total == 0) {
    f.error("total destination weight = 0", view.key_loc("route"),
            "give at least one destination a positive weight");
  }
}

void validate_subnets(const std::vector<model::LString>& subnets, Findings& f) {
  for (const auto& s : subnets) {
    if (auto err = validate_ip_subnet(s.value))
      f.error(*err, s.loc, "write an IP address or a CIDR block such as 10.0.0.0/8");
  }
}

void validate_sni_host(const model::LString& sni, const model::VirtualService& vs, Findings& f) {
  // Istio's isGateway: true unless "mesh" is listed (so also with no gateways at all).
  bool gateway = std::none_of(vs.gateways.begin(), vs.gateways.end(),
                              [](const model::LString& g) { return g.value == "mesh"; });
  Error err = gateway ? validate_wildcard_domain_for_gateway(true, sni.value)
                      : validate_wildcard_domain(sni.value);
  if (err) {
    if (is_ip_address(sni.value)) {
      f.warning(fmt::format("using an IP address ({}) goes against SNI spec and most clients do "
                            "not support this",
                            base::quote(sni.value)),
                sni.loc, "match on a hostname, or on destinationSubnets for IP traffic");
      return;
    }
    f.error(*err, sni.loc);
    return;
  }
  for (const auto& h : vs.hosts) {
    if (model::host_subset_of(sni.value, h.value))
      return;
  }
  std::vector<std::string> hosts;
  for (const auto& h : vs.hosts)
    hosts.push_back(h.value);
  f.error(fmt::format("SNI host {} is not a compatible subset of any of the virtual service "
                      "hosts: [{}]",
                      base::quote(sni.value), base::join(hosts, ", ")),
          sni.loc, "every sniHosts entry must be one of spec.hosts or covered by a wildcard there");
}

}  // namespace

void validate_tls_route(const model::TlsRoute& route, const View& view,
                        const model::VirtualService& vs, Findings& f) {
  if (route.match.empty()) {
    f.error("TLS route must have at least one match condition", view.loc(),
            "add match: [{sniHosts: [...]}]");
  }
  std::vector<View> items = view["match"].items();
  for (size_t i = 0; i < route.match.size() && i < items.size(); ++i) {
    const model::TlsMatchAttributes& m = route.match[i];
    if (items[i].null()) {
      f.error("TLS match may not be null", items[i].loc(), "remove the empty list item");
      continue;
    }
    if (!items[i].is_map())
      continue;
    if (m.sni_hosts.empty()) {
      f.error("TLS match must have at least one SNI host", items[i].loc(),
              "TLS rules route on the SNI: add sniHosts");
    } else {
      for (const auto& sni : m.sni_hosts)
        validate_sni_host(sni, vs, f);
    }
    validate_subnets(m.destination_subnets, f);
    if (m.port.value != 0) {
      if (auto err = validate_port(m.port.value))
        f.error(*err, m.port.loc);
    }
    validate_labels(m.source_labels, f);
    validate_gateway_names(m.gateways, f);
  }
  if (route.route.empty()) {
    f.error("TLS route is required", view.loc(), "add route: [{destination: {host: ...}}]");
  }
  validate_l4_destinations(route.route, view, f);
}

void validate_tcp_route(const model::TcpRoute& route, const View& view, Findings& f) {
  std::vector<View> items = view["match"].items();
  for (size_t i = 0; i < route.match.size() && i < items.size(); ++i) {
    const model::L4MatchAttributes& m = route.match[i];
    if (items[i].null()) {
      f.error("tcp match may not be nil", items[i].loc(), "remove the empty list item");
      continue;
    }
    if (!items[i].is_map())
      continue;
    validate_subnets(m.destination_subnets, f);
    if (m.port.value != 0) {
      if (auto err = validate_port(m.port.value))
        f.error(*err, m.port.loc);
    }
    validate_labels(m.source_labels, f);
    // Folded in with appendErrors: the legacy-name warning is dropped here.
    Findings::DropWarnings drop(f);
    validate_gateway_names(m.gateways, f);
  }
  if (route.route.empty()) {
    f.error("TCP route is required", view.loc(), "add route: [{destination: {host: ...}}]");
  }
  validate_l4_destinations(route.route, view, f);
}

}  // namespace igw::check::rules
