#include "lib/check/analyzers/route_destinations.h"

namespace igw::check::analyzers {

namespace {

const std::string kEmpty;

RouteDestinationRef ref_of(const std::optional<model::Destination>& d,
                           const base::SourceLoc& entry) {
  RouteDestinationRef r;
  r.at = entry;
  if (d) {
    r.destination = &*d;
    r.at = d->host ? d->host.loc : d->loc;
  }
  return r;
}

}  // namespace

const std::string& RouteDestinationRef::host() const {
  return destination ? destination->host.value : kEmpty;
}

const std::string& RouteDestinationRef::subset() const {
  return destination ? destination->subset.value : kEmpty;
}

std::vector<RouteDestinationRef> route_destinations(const model::VirtualService& vs) {
  std::vector<RouteDestinationRef> out;
  for (const auto& r : vs.tcp) {
    for (const auto& rd : r.route)
      out.push_back(ref_of(rd.destination, rd.loc));
  }
  for (const auto& r : vs.tls) {
    for (const auto& rd : r.route)
      out.push_back(ref_of(rd.destination, rd.loc));
  }
  for (const auto& r : vs.http) {
    for (const auto& rd : r.route)
      out.push_back(ref_of(rd.destination, rd.loc));
  }
  return out;
}

std::vector<RouteDestinationRef> mirror_destinations(const model::VirtualService& vs) {
  std::vector<RouteDestinationRef> out;
  for (const auto& r : vs.http) {
    if (r.mirror)
      out.push_back(ref_of(r.mirror, r.mirror->loc));
    for (const auto& m : r.mirrors) {
      if (m.destination)
        out.push_back(ref_of(m.destination, m.loc));
    }
  }
  return out;
}

}  // namespace igw::check::analyzers
