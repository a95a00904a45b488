// virtualservice.DestinationHostAnalyzer: every route and mirror destination must resolve to a
// visible Service or ServiceEntry and name one of its ports when it has several; and subset-less
// gateway routes are flagged when another VirtualService splits that host by subset, which
// ingress gateway traffic bypasses
// (pkg/config/analysis/analyzers/virtualservice/destinationhosts.go).
#include "lib/base/strings.h"
#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/analyzers/analyzers.h"
#include "lib/check/analyzers/route_destinations.h"
#include "lib/check/analyzers/service_lookup.h"
#include "lib/check/istio_messages.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace igw::check::analyzers {

namespace {

// checkServiceEntryPorts.
void check_ports(Context& ctx, const model::VirtualService& vs, const RouteDestinationRef& d,
                 const ServiceRecord& service) {
  const model::Destination* dest = d.destination;
  if (!dest || !dest->port) {
    if (service.ports.size() > 1) {
      ctx.report(ist::kVirtualServiceDestinationPortSelectorRequired,
                 fmt::format("This VirtualService routes to a service {} that exposes multiple "
                             "ports {}. Specifying a port in the destination is required to "
                             "disambiguate.",
                             base::quote(d.host()), go_list(service.ports)),
                 vs, d.at);
    }
    return;
  }
  int64_t number = dest->port->number.value;
  if (std::find(service.ports.begin(), service.ports.end(), number) != service.ports.end())
    return;
  ctx.report(ist::kReferencedResourceNotFound,
             fmt::format("Referenced host:port not found: {}",
                         base::quote(fmt::format("{}:{}", d.host(), number))),
             vs, d.at);
}

void check_hosts(Context& ctx, const ServiceLookup& services, const model::VirtualService& vs) {
  auto check = [&](const std::vector<RouteDestinationRef>& dests, std::string_view kind) {
    for (const auto& d : dests) {
      const ServiceRecord* s = services.find(vs.ns(), vs.export_to, d.host());
      if (!s) {
        ctx.report(ist::kReferencedResourceNotFound,
                   fmt::format("Referenced {} not found: {}", kind, base::quote(d.host())), vs,
                   d.at);
        continue;
      }
      check_ports(ctx, vs, d, *s);
    }
  };
  check(route_destinations(vs), "host");
  check(mirror_destinations(vs), "mirror host");
}

// initVirtualServiceDestinations: per VirtualService, its http destinations that name a subset
// and whose host is literally one of the VirtualService's own hosts. Indexed by that host: the
// VirtualServices, once per such destination, in input order (so a lookup reports exactly what a
// walk over every VirtualService would, without the walk).
using SubsetRoutes =
    std::unordered_map<std::string_view, std::vector<const model::VirtualService*>>;

SubsetRoutes subset_routes(const model::Config& cfg) {
  SubsetRoutes out;
  for (const auto& vs : cfg.virtual_services) {
    for (const auto& r : vs.http) {
      for (const auto& rd : r.route) {
        if (!rd.destination || rd.destination->subset.value.empty())
          continue;
        for (const auto& h : vs.hosts) {
          if (rd.destination->host.value == h.value)
            out[h.value].push_back(&vs);
        }
      }
    }
  }
  return out;
}

// analyzeSubset: a gateway-bound VirtualService routing to a host without subset, where some
// VirtualService (itself included, as upstream) routes that host by subset.
void check_subsets(Context& ctx, const SubsetRoutes& with_subsets,
                   const model::VirtualService& vs) {
  if (vs.gateways.empty())
    return;
  for (const auto& r : vs.http) {
    for (const auto& rd : r.route) {
      RouteDestinationRef d;
      d.at = rd.loc;
      if (rd.destination) {
        d.destination = &*rd.destination;
        d.at = rd.destination->host ? rd.destination->host.loc : rd.destination->loc;
      }
      if (!d.subset().empty())
        continue;
      auto it = with_subsets.find(d.host());
      if (it == with_subsets.end())
        continue;
      for (const model::VirtualService* other : it->second) {
        ctx.report(ist::kIngressRouteRulesNotAffected,
                   fmt::format("Subset in virtual service {} has no effect on ingress gateway {} "
                               "requests",
                               full_name(*other), full_name(vs)),
                   vs, d.at);
      }
    }
  }
}

void run_vs_destination_host_analyzer(Context& ctx) {
  ServiceLookup services(ctx);
  SubsetRoutes with_subsets = subset_routes(ctx.config());
  for (const auto& vs : ctx.config().virtual_services) {
    check_hosts(ctx, services, vs);
    check_subsets(ctx, with_subsets, vs);
  }
}

}  // namespace

Check vs_destination_host_analyzer() {
  return {"virtualservice.DestinationHostAnalyzer",
          "Checks the destination hosts associated with each virtual service",
          {&ist::kReferencedResourceNotFound, &ist::kVirtualServiceDestinationPortSelectorRequired,
           &ist::kIngressRouteRulesNotAffected},
          {"Service"},
          &run_vs_destination_host_analyzer};
}

}  // namespace igw::check::analyzers
