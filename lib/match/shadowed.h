// match::shadowed_routes: routes of a virtual host that Envoy can never choose, because an
// earlier route of the same virtual host takes every request they would match (first match
// wins, R3.3). `igw routes --list` marks them; `igw routes --test` leaves them out of coverage.
//
// Only what can be shown for certain is reported: an earlier catch-all (R3.1: prefix "/" or
// regex ".*" with no other condition; Istio moves catch-alls to the end of the virtual host, so
// only later catch-alls of other VirtualServices can follow one), an earlier route with exactly
// the same conditions, every route of an httpsRedirect virtual host that only plain-text
// connections reach (require_tls answers them all first, R1.17), and a route whose exact
// `authority` condition names a host that selects another virtual host (the Host header picks
// the virtual host, R2.8, and is the :authority the route then compares, R3.9: a
// `www.example.com` authority rule copied onto the app.example.com virtual host never matches).
// Partial overlaps (prefix "/api" before prefix "/api/v1") are igw lint's business, not this
// list's.
#pragma once

#include "lib/compile/route_table.h"

#include <string>
#include <vector>

namespace igw::match {

struct ShadowedRoute {
  enum class Kind {
    kAfterCatchAll,      // an earlier route matches every request
    kDuplicate,          // an earlier route has exactly the same conditions
    kRequireTls,         // the virtual host's httpsRedirect answers every request it can get
    kAuthorityElsewhere  // its exact authority selects another virtual host (or none)
  };
  const compile::Route* route = nullptr;  // the unreachable route
  const compile::Route* by = nullptr;     // the earlier route that takes its requests
                                          // (kAfterCatchAll, kDuplicate)
  Kind kind = Kind::kDuplicate;
  // kAuthorityElsewhere: the authority the route requires, and the virtual host that Host
  // selects (nullptr: none, a 404).
  std::string authority;
  const compile::VirtualHost* authority_vhost = nullptr;
};

// The unreachable routes of `vhost` (a virtual host of `rc`), in route order; each says why.
// `plain_text_only`: every connection reaching `rc` is plain text (see plain_text_only()).
std::vector<ShadowedRoute> shadowed_routes(const compile::RouteConfig& rc,
                                           const compile::VirtualHost& vhost,
                                           bool plain_text_only = false);

// Whether every filter chain of `table` that uses `rc` is a plain-text HTTP chain (no TLS
// context), so no request on it is ever https (R1.17: x-forwarded-proto reflects the
// downstream connection at the edge).
bool plain_text_only(const compile::RouteTable& table, const compile::RouteConfig& rc);

// Whether two routes have exactly the same conditions (path, headers, query parameters, claims).
bool same_conditions(const compile::RouteMatch& a, const compile::RouteMatch& b);

}  // namespace igw::match
