// Pure URL helpers shared by match (explanations) and lib/http (responses): redirect Location
// construction (R1.18, R4.6), path rewrites (R4.8) and HCM path normalisation (R1.14).
//
// Followed: Utility::newUri, processRequestHost and createSslRedirectPath in
// envoy:source/common/http/utility.cc; rewritePathByPrefixOrRegex in
// envoy:source/common/router/config_impl.cc.
#pragma once

#include "lib/compile/route_table.h"
#include "lib/match/decision.h"
#include "lib/match/request.h"

#include <optional>
#include <string>
#include <string_view>

namespace igw::match {

// R1.18: the httpsRedirect (require_tls) Location: "https://" + Host header verbatim (port kept)
// + :path verbatim (query kept).
std::string ssl_redirect_location(std::string_view authority, std::string_view path);

// R4.6: Location for a redirect route. `scheme` is the request's scheme ("http"/"https", which
// is also its x-forwarded-proto at the edge), `authority` the Host header as sent, `path` the
// request :path with query — already prefix-rewritten when the action has a prefix_rewrite (use
// redirect_location(route, request, decision) to get that done too).
//   scheme: scheme_redirect, else the request scheme.
//   host:   host_redirect (request port dropped), else the request Host with its port removed
//           when a port_redirect is set, or when the scheme changes and the request port is the
//           default of the request scheme (http :80, https :443).
//   port:   ":" + port_redirect when set.
//   path:   path_redirect (with its own query if it has one, else the request query appended),
//           else the request path; a missing leading "/" is added.
std::string redirect_location(const compile::RedirectAction& redirect, std::string_view scheme,
                              std::string_view authority, std::string_view path);

// The full R4.5/R4.6 Location for `decision` (outcome kRedirect): applies the action's
// prefix_rewrite to the matched path first (R4.8), then redirect_location().
std::string redirect_location(const compile::Route& route, const Request& request,
                              const Decision& decision);

// R4.8 prefix rewrite: replaces the part of `path` (query included) that the route's path
// matcher matched — the prefix for prefix routes, the whole path for exact and regex routes (the
// query is kept) — with `replacement`. "/api" + "/" turns "/api/users" into "//users".
std::string rewrite_prefix(const compile::PathMatcher& matcher, std::string_view path,
                           std::string_view replacement);

// R4.8 regex rewrite: RE2 replace-all over the path without query, query re-appended.
std::string rewrite_regex(const compile::RegexRewrite& rewrite, std::string_view path);

// The upstream :path for a forwarding route (prefix or regex rewrite applied), or nullopt when
// the route does not rewrite the path.
std::optional<std::string> rewritten_path(const compile::Route& route, std::string_view path);

// Index of the first '?' or '#' of `path` (its size when there is none).
size_t query_start(std::string_view path);

// R1.14: RFC 3986 §5.2.4 dot-segment removal on the path part (query and fragment untouched);
// duplicate slashes and percent-escapes are kept. nullopt when nothing changes.
std::optional<std::string> normalize_path(std::string_view path);

}  // namespace igw::match
