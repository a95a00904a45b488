// Routes that an earlier route of the same virtual host always takes first.
#include "lib/match/shadowed.h"

#include "lib/base/strings.h"
#include "lib/match/decide.h"

#include <optional>

namespace igw::match {

namespace {

bool same(const compile::StringMatcher& a, const compile::StringMatcher& b) {
  return a.kind == b.kind && a.value == b.value && a.ignore_case == b.ignore_case;
}

bool same(const compile::PathMatcher& a, const compile::PathMatcher& b) {
  if (a.kind != b.kind || a.value != b.value)
    return false;
  // ignoreUriCase does not change a regex route (R3.6).
  return a.kind == compile::PathMatcher::Kind::kRegex || a.case_sensitive == b.case_sensitive;
}

bool same(const compile::HeaderMatcher& a, const compile::HeaderMatcher& b) {
  return a.name == b.name && same(a.match, b.match) && a.invert == b.invert &&
         a.treat_missing_as_empty == b.treat_missing_as_empty;
}

bool same(const compile::QueryParamMatcher& a, const compile::QueryParamMatcher& b) {
  return a.name == b.name && same(a.match, b.match);
}

bool same(const compile::ClaimMatcher& a, const compile::ClaimMatcher& b) {
  return a.claim == b.claim && same(a.match, b.match) && a.invert == b.invert;
}

template <typename T>
bool same_list(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!same(a[i], b[i]))
      return false;
  }
  return true;
}

// A route requiring `:authority` exact X on a virtual host that Host X does not select: the
// virtual host lookup (port dropped, lower-cased: RouteConfig::find_virtual_host, R2.7, R2.8)
// and the route's condition read the same header, so they can never agree.
std::optional<ShadowedRoute> authority_elsewhere(const compile::RouteConfig& rc,
                                                 const compile::VirtualHost& vhost,
                                                 const compile::Route& r) {
  for (const auto& h : r.match.headers) {
    if (h.name != ":authority" || h.invert || h.match.kind != compile::StringMatcher::Kind::kExact)
      continue;
    std::string host = base::to_lower(host_without_port(h.match.value));
    const compile::VirtualHost* chosen = rc.find_virtual_host(host);
    if (chosen != &vhost)
      return ShadowedRoute{&r, nullptr, ShadowedRoute::Kind::kAuthorityElsewhere, h.match.value,
                           chosen};
  }
  return std::nullopt;
}

}  // namespace

bool same_conditions(const compile::RouteMatch& a, const compile::RouteMatch& b) {
  // Istio emits header matchers in a fixed order (R3.15), so equal sets are equal lists.
  return same(a.path, b.path) && same_list(a.headers, b.headers) &&
         same_list(a.query_params, b.query_params) && same_list(a.claims, b.claims);
}

std::vector<ShadowedRoute> shadowed_routes(const compile::RouteConfig& rc,
                                           const compile::VirtualHost& vhost,
                                           bool plain_text_only) {
  std::vector<ShadowedRoute> out;
  if (vhost.require_tls && plain_text_only) {
    for (const compile::Route* r : vhost.routes)
      out.push_back({r, nullptr, ShadowedRoute::Kind::kRequireTls, {}, nullptr});
    return out;
  }
  const compile::Route* catch_all = nullptr;
  for (size_t i = 0; i < vhost.routes.size(); ++i) {
    const compile::Route* r = vhost.routes[i];
    if (catch_all) {
      out.push_back({r, catch_all, ShadowedRoute::Kind::kAfterCatchAll, {}, nullptr});
      continue;
    }
    if (auto elsewhere = authority_elsewhere(rc, vhost, *r)) {
      out.push_back(std::move(*elsewhere));
      continue;
    }
    for (size_t j = 0; j < i; ++j) {
      if (same_conditions(vhost.routes[j]->match, r->match)) {
        out.push_back({r, vhost.routes[j], ShadowedRoute::Kind::kDuplicate, {}, nullptr});
        break;
      }
    }
    if (r->match.catch_all)
      catch_all = r;
  }
  return out;
}

bool plain_text_only(const compile::RouteTable& table, const compile::RouteConfig& rc) {
  bool used = false;
  for (const auto& l : table.listeners()) {
    for (const auto& c : l.chains) {
      if (c.route_config != &rc)
        continue;
      if (c.tls)
        return false;
      used = true;
    }
  }
  return used;
}

}  // namespace igw::match
