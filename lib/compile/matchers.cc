// Route match translation; see matchers.h.
#include "lib/compile/matchers.h"

#include "lib/base/strings.h"
#include "lib/model/route_semantics.h"

#include <re2/re2.h>

#include <algorithm>

namespace igw::compile::detail {

const RegexCache::Entry& RegexCache::entry(const std::string& pattern, std::string* error) {
  auto it = cache_.find(pattern);
  if (it == cache_.end()) {
    Entry e;
    RE2::Options opts;
    opts.set_log_errors(false);
    auto re = std::make_shared<const re2::RE2>(pattern, opts);
    if (re->ok()) {
      // 16 bytes of bound tell typical literal-prefixed patterns apart.
      e.has_range = re->PossibleMatchRange(&e.range_min, &e.range_max, 16);
      if (!e.has_range) {
        e.range_min.clear();
        e.range_max.clear();
      }
      e.re = std::move(re);
    } else {
      e.error = "invalid regular expression " + base::quote(pattern) + ": " + re->error();
    }
    it = cache_.emplace(pattern, std::move(e)).first;
  }
  if (!it->second.re && error)
    *error = it->second.error;
  return it->second;
}

std::optional<StringMatcher> to_string_matcher(const model::StringMatch& m, RegexCache& regexes,
                                               std::string* error) {
  StringMatcher out;
  out.loc = m.loc;
  switch (m.kind) {
    case model::StringMatch::Kind::None:
      out.kind = StringMatcher::Kind::kPresent;
      return out;
    case model::StringMatch::Kind::Exact:
      out.kind = StringMatcher::Kind::kExact;
      out.value = m.value.value;
      return out;
    case model::StringMatch::Kind::Prefix:
      out.kind = StringMatcher::Kind::kPrefix;
      out.value = m.value.value;
      return out;
    case model::StringMatch::Kind::Regex:
      // `regex: "*"` is not RE2; Istio turns it into a presence match
      // (canBeConvertedToPresentMatch).
      if (m.value.value == "*") {
        out.kind = StringMatcher::Kind::kPresent;
        return out;
      }
      out.kind = StringMatcher::Kind::kRegex;
      out.value = m.value.value;
      {
        const RegexCache::Entry& e = regexes.entry(out.value, error);
        if (!e.re)
          return std::nullopt;
        out.regex = e.re;
        out.range_min = e.range_min;
        out.range_max = e.range_max;
        out.has_range = e.has_range;
      }
      return out;
  }
  return out;
}

namespace {

constexpr std::string_view kClaimsPrefix = "@request.auth.claims";

bool is_claim(std::string_view name) {
  return name.starts_with(kClaimsPrefix) && name.size() > kClaimsPrefix.size() &&
         (name[kClaimsPrefix.size()] == '.' || name[kClaimsPrefix.size()] == '[');
}

bool add_header(const model::NamedStringMatch& h, bool invert, RouteMatch& out, RegexCache& regexes,
                std::string* error) {
  auto sm = to_string_matcher(h.match, regexes, error);
  if (!sm)
    return false;
  if (is_claim(h.name.value)) {
    ClaimMatcher c;
    c.claim = h.name.value.substr(kClaimsPrefix.size());
    if (!c.claim.empty() && c.claim.front() == '.')
      c.claim.erase(0, 1);
    c.match = std::move(*sm);
    c.invert = invert;
    c.loc = h.name.loc;
    out.claims.push_back(std::move(c));
    return true;
  }
  HeaderMatcher hm;
  hm.name = base::to_lower(h.name.value);
  hm.invert = invert;
  // treat_missing_header_as_empty conflicts with present_match (TranslateRouteMatch).
  hm.treat_missing_as_empty = invert && sm->kind != StringMatcher::Kind::kPresent;
  hm.match = std::move(*sm);
  hm.loc = h.name.loc;
  out.headers.push_back(std::move(hm));
  return true;
}

bool add_pseudo(std::string_view name, const std::optional<model::StringMatch>& m, RouteMatch& out,
                RegexCache& regexes, std::string* error) {
  if (!m)
    return true;
  auto sm = to_string_matcher(*m, regexes, error);
  if (!sm)
    return false;
  HeaderMatcher hm;
  hm.name = std::string(name);
  hm.match = std::move(*sm);
  hm.loc = m->loc;
  out.headers.push_back(std::move(hm));
  return true;
}

}  // namespace

std::optional<RouteMatch> translate_route_match(const model::HttpMatchRequest* m,
                                                RegexCache& regexes, std::string* error) {
  RouteMatch out;
  out.path.kind = PathMatcher::Kind::kPrefix;
  out.path.value = "/";
  if (!m) {
    out.catch_all = true;
    return out;
  }
  out.path.loc = m->loc;
  for (const auto& h : m->headers) {
    if (!add_header(h, false, out, regexes, error))
      return std::nullopt;
  }
  for (const auto& h : m->without_headers) {
    if (!add_header(h, true, out, regexes, error))
      return std::nullopt;
  }
  std::stable_sort(out.headers.begin(), out.headers.end(),
                   [](const HeaderMatcher& a, const HeaderMatcher& b) { return a.name < b.name; });
  if (m->uri) {
    out.path.loc = m->uri->loc;
    switch (m->uri->kind) {
      case model::StringMatch::Kind::Exact:
        out.path.kind = PathMatcher::Kind::kExact;
        out.path.value = m->uri->value.value;
        break;
      case model::StringMatch::Kind::Prefix:
        out.path.kind = PathMatcher::Kind::kPrefix;
        out.path.value = m->uri->value.value;
        break;
      case model::StringMatch::Kind::Regex:
        out.path.kind = PathMatcher::Kind::kRegex;
        out.path.value = m->uri->value.value;
        {
          const RegexCache::Entry& e = regexes.entry(out.path.value, error);
          if (!e.re)
            return std::nullopt;
          out.path.regex = e.re;
          out.path.range_min = e.range_min;
          out.path.range_max = e.range_max;
          out.path.has_range = e.has_range;
          break;
        }
      case model::StringMatch::Kind::None:
        break;  // Envoy keeps the default prefix "/"
    }
  }
  out.path.case_sensitive = !m->ignore_uri_case.value_or(false);
  if (!add_pseudo(":method", m->method, out, regexes, error) ||
      !add_pseudo(":authority", m->authority, out, regexes, error) ||
      !add_pseudo(":scheme", m->scheme, out, regexes, error)) {
    return std::nullopt;
  }
  for (const auto& q : m->query_params) {
    auto sm = to_string_matcher(q.match, regexes, error);
    if (!sm)
      return std::nullopt;
    QueryParamMatcher qm;
    qm.name = q.name.value;
    qm.match = std::move(*sm);
    qm.loc = q.name.loc;
    out.query_params.push_back(std::move(qm));
  }
  out.catch_all = model::is_catch_all_match(*m);
  return out;
}

}  // namespace igw::compile::detail
