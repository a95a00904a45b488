// The destinations of a VirtualService in the order Istio's analyzers walk them
// (pkg/config/analysis/analyzers/virtualservice/util.go getRouteDestinations,
// getHTTPMirrorDestinations).
#pragma once

#include "lib/base/source_loc.h"
#include "lib/model/virtual_service.h"

#include <string>
#include <vector>

namespace igw::check::analyzers {

struct RouteDestinationRef {
  const model::Destination* destination = nullptr;  // null for `- {}` (Istio reads "" fields)
  base::SourceLoc at;  // the destination's host, else the destination, else the route entry

  const std::string& host() const;
  const std::string& subset() const;
};

// tcp[].route[], tls[].route[], then http[].route[] destinations.
std::vector<RouteDestinationRef> route_destinations(const model::VirtualService& vs);
// http[].mirror, then http[].mirrors[].destination.
std::vector<RouteDestinationRef> mirror_destinations(const model::VirtualService& vs);

}  // namespace igw::check::analyzers
