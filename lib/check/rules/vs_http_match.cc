// validateHTTPRouteMatchRequest, validateStringMatch and validateStringMatchRegexp
// (istio/istio pkg/config/validation/virtualservice.go and validation.go).
#include "lib/base/strings.h"
#include "lib/check/rules/kinds.h"
#include "lib/check/rules/validators.h"

#include <fmt/format.h>

namespace igw::check::rules {

namespace {

using Kind = model::StringMatch::Kind;

const base::SourceLoc& value_loc(const model::StringMatch& m) {
  return m.value ? m.value.loc : m.loc;
}

// validateStringMatchRegexp: only regexes are checked (the URI accepts an empty prefix).
void check_regex(const model::StringMatch& m, std::string_view where, Findings& f) {
  if (m.kind != Kind::Regex)
    return;
  if (m.value.value.empty()) {
    f.error(fmt::format("{}: regex string match should not be empty", base::quote(where)),
            value_loc(m), "remove the match to accept any value, or give a regex");
    return;
  }
  if (auto err = validate_regex(m.value.value, where))
    f.error(*err, value_loc(m), "Istio regexes use RE2 syntax: no lookaround, no backreferences");
}

// validateStringMatch: also refuses an empty prefix.
void check_string_match(const model::StringMatch& m, std::string_view where, Findings& f) {
  if (m.kind == Kind::Prefix && m.value.value.empty()) {
    f.error(fmt::format("{}: prefix string match should not be empty", base::quote(where)),
            value_loc(m), "an empty prefix matches everything: remove the match instead");
    return;
  }
  check_regex(m, where, f);
}

}  // namespace

void validate_http_matches(const model::HttpRoute& r, const View& view, Findings& f) {
  std::vector<View> items = view["match"].items();
  auto live = [&](size_t i) { return i < items.size() && items[i].is_map(); };
  for (size_t i = 0; i < r.match.size(); ++i) {
    if (!live(i))
      continue;
    const model::HttpMatchRequest& m = r.match[i];
    for (const auto& h : m.headers) {
      if (h.null_value) {
        f.error(fmt::format("header match {} cannot be null", h.name.value), h.name.loc,
                "use {} to match on the header's presence, or give exact/prefix/regex");
      }
      if (auto err = validate_header_name_or_jwt_claim(h.name.value))
        f.error(*err, h.name.loc);
      if (!h.null_value)
        check_string_match(h.match, "headers", f);
    }
    for (const auto& h : m.without_headers) {
      if (auto err = validate_header_name_or_jwt_claim(h.name.value))
        f.error(*err, h.name.loc);
      // `regex: "*"` is not a regex: Istio reads it as "header present".
      bool presence = h.match.kind == Kind::Regex && h.match.value.value == "*";
      if (!h.null_value && !presence)
        check_string_match(h.match, "withoutHeaders", f);
    }
    if (m.uri)
      check_regex(*m.uri, "uri", f);
    if (m.scheme)
      check_string_match(*m.scheme, "scheme", f);
    if (m.method)
      check_string_match(*m.method, "method", f);
    if (m.authority)
      check_string_match(*m.authority, "authority", f);
    for (const auto& q : m.query_params) {
      if (!q.null_value)
        check_string_match(q.match, "queryParams", f);
    }
  }
  for (size_t i = 0; i < r.match.size(); ++i) {
    if (!live(i))
      continue;
    const model::HttpMatchRequest& m = r.match[i];
    if (m.port.value != 0) {
      if (auto err = validate_port(m.port.value))
        f.error(*err, m.port.loc);
    }
    validate_labels(m.source_labels, f);
    {
      // Folded in with appendErrors: the legacy-name warning is dropped here.
      Findings::DropWarnings drop(f);
      validate_gateway_names(m.gateways, f);
    }
    if (!m.source_namespace.value.empty() && !is_dns1123_label(m.source_namespace.value)) {
      f.error(fmt::format("sourceNamespace match {} is invalid", m.source_namespace.value),
              m.source_namespace.loc, "sourceNamespace is a namespace name (a DNS label)");
    }
  }
}

}  // namespace igw::check::rules
