// R5: the gateway side of CORS — Envoy's envoy.filters.http.cors as Istio configures it.
//
// Followed: CorsFilter::decodeHeaders / encodeHeaders in
// envoy:source/extensions/filters/http/cors/cors_filter.cc (newest stored version), and
// FilterManager::encodeHeaders / commonEncodePrefix in envoy:source/common/http/filter_manager.cc:
// the preflight reply is encoded starting at the first encoder filter, so the CORS filter's own
// encodeHeaders runs on it too (adding access-control-expose-headers for an allowed origin).
// The filter returns at once when the matched route has no route entry: redirect and
// directResponse routes are "direct response entries" in Envoy (RouteEntryImplBase::routeEntry()
// is null for them, envoy:source/common/router/config_impl.cc), so CORS never applies to them.
#pragma once

#include "lib/compile/route_table.h"
#include "lib/http/headers.h"
#include "lib/http/reason.h"
#include "lib/match/request.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igw::http {

// What the CORS filter decided while decoding a request (its per-stream state).
struct CorsState {
  bool cors_request = false;  // a policy applied and the request carried a non-empty Origin
  std::string origin;         // the Origin value (first header)
  // The origin when allowed ("latched"; echoed on the response), "" when not allowed.
  std::string allowed_origin;
  const compile::StringMatcher* allowed_by = nullptr;  // the allowOrigins entry that matched
  bool preflight = false;  // OPTIONS + Origin + Access-Control-Request-Method (R5.5)
  // The preflight is answered by the gateway (200) rather than forwarded.
  bool answer_locally = false;
  std::vector<Reason> reasons;
};

// The decode step (R5.2–R5.5) for `policy` (nullptr: the route has none) on `request`.
CorsState cors_decode(const compile::CorsPolicy* policy, const match::Request& request);

// The preflight reply's headers before the encode pass (R5.5): allow-origin when allowed,
// allow-credentials, allow-methods (echoing Access-Control-Request-Method for "*"),
// allow-headers (echoing Access-Control-Request-Headers for "*"), max-age.
Headers cors_preflight_headers(const compile::CorsPolicy& policy, const CorsState& state,
                               const match::Request& request);

// The encode step (R5.6, R5.7) on any response of a CORS request: for an allowed origin sets
// access-control-allow-origin, -allow-credentials (when configured) and -expose-headers (when
// configured) in place; nothing otherwise.
void cors_encode(const compile::CorsPolicy& policy, const CorsState& state, Headers& headers);

// The first value of request header `name` (lower-case), "" when absent.
std::string_view request_header(const match::Request& request, std::string_view name);
// Every value of request header `name` joined with "," (Envoy's view of a repeated header).
std::optional<std::string> request_header_joined(const match::Request& request,
                                                 std::string_view name);

}  // namespace igw::http
