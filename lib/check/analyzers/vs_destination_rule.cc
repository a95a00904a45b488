// virtualservice.DestinationRuleAnalyzer: a route or mirror destination naming a subset needs a
// DestinationRule for that host defining the subset
// (pkg/config/analysis/analyzers/virtualservice/destinationrules.go).
#include "lib/base/strings.h"
#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/analyzers/analyzers.h"
#include "lib/check/analyzers/route_destinations.h"
#include "lib/check/istio_messages.h"

#include <fmt/format.h>

#include <set>

namespace igw::check::analyzers {

namespace {

// Hosts are compared as (namespace, name) after util.GetResourceNameFromHost: a
// "<name>.<ns>.svc.cluster.local" FQDN, else the host as written in the object's namespace.
using HostSubset = std::pair<NsName, std::string>;

std::set<HostSubset> defined_subsets(const model::Config& cfg) {
  std::set<HostSubset> out;
  for (const auto& dr : cfg.destination_rules) {
    NsName host = resource_name_from_host(dr.ns(), dr.host.value);
    for (const auto& s : dr.subsets)
      out.insert({host, s.name.value});
  }
  return out;
}

void run_vs_destination_rule_analyzer(Context& ctx) {
  std::set<HostSubset> subsets = defined_subsets(ctx.config());
  for (const auto& vs : ctx.config().virtual_services) {
    auto check = [&](const std::vector<RouteDestinationRef>& dests, std::string_view kind) {
      for (const auto& d : dests) {
        if (d.subset().empty())
          continue;
        if (subsets.count({resource_name_from_host(vs.ns(), d.host()), d.subset()}))
          continue;
        ctx.report(ist::kReferencedResourceNotFound,
                   fmt::format("Referenced {} not found: {}", kind,
                               base::quote(fmt::format("{}+{}", d.host(), d.subset()))),
                   vs, d.at);
      }
    };
    check(route_destinations(vs), "host+subset in destinationrule");
    check(mirror_destinations(vs), "mirror+subset in destinationrule");
  }
}

}  // namespace

Check vs_destination_rule_analyzer() {
  return {"virtualservice.DestinationRuleAnalyzer",
          "Checks the destination rules associated with each virtual service",
          {&ist::kReferencedResourceNotFound},
          {},
          &run_vs_destination_rule_analyzer};
}

}  // namespace igw::check::analyzers
