// validateHTTPRoute (istio/istio pkg/config/validation/virtualservice.go): action exclusivity,
// header operations, mirrors, destinations and weights, timeout. CORS, fault, redirect, rewrite,
// retries and direct responses are in vs_http_policies.cc.
#include "lib/base/strings.h"
#include "lib/check/rules/kinds.h"
#include "lib/check/rules/validators.h"
#include "lib/check/rules/vs_http_policies.h"

#include <fmt/format.h>

namespace igw::check::rules {

namespace {

// validateHTTPRouteConflict.
void validate_conflicts(const model::HttpRoute& r, const View& view, bool delegate, Findings& f) {
  static constexpr std::string_view kSplitHint =
      "a rule either forwards (route), redirects (redirect) or answers itself (directResponse); "
      "split it into separate rules";
  bool is_root = !delegate && r.delegate.has_value();
  if (is_root) {
    static constexpr std::string_view kRootHint =
        "a rule with delegate hands the request to the delegate VirtualService; move the "
        "action there";
    if (r.redirect) {
      f.error(fmt::format("root HTTP route {} must not specify redirect", r.name.value),
              view.key_loc("redirect"), std::string(kRootHint));
    }
    if (!r.route.empty()) {
      f.error(fmt::format("root HTTP route {} must not specify route", r.name.value),
              view.key_loc("route"), std::string(kRootHint));
    }
    return;
  }
  if (delegate && r.delegate) {
    f.error("delegate HTTP route cannot contain delegate", view.key_loc("delegate"),
            "delegation is one level deep: a delegate VirtualService's rules must route, "
            "redirect or answer");
  }
  if (r.redirect) {
    if (!r.route.empty()) {
      f.error("HTTP route cannot contain both route and redirect", view.key_loc("route"),
              std::string(kSplitHint));
    }
    if (r.fault) {
      f.error("HTTP route cannot contain both fault and redirect", view.key_loc("fault"),
              std::string(kSplitHint));
    }
    if (r.rewrite) {
      f.error("HTTP route rule cannot contain both rewrite and redirect", view.key_loc("rewrite"),
              "a redirect rewrites through its own uri/authority fields; remove rewrite");
    }
    if (r.direct_response) {
      f.error("HTTP route rule cannot contain both direct_response and redirect",
              view.key_loc("directResponse"), std::string(kSplitHint));
    }
  } else if (r.direct_response) {
    if (!r.route.empty()) {
      f.error("HTTP route cannot contain both route and direct_response", view.key_loc("route"),
              std::string(kSplitHint));
    }
    if (r.fault) {
      f.error("HTTP route cannot contain both fault and direct_response", view.key_loc("fault"),
              std::string(kSplitHint));
    }
    if (r.rewrite) {
      f.error("HTTP route rule cannot contain both rewrite and direct_response",
              view.key_loc("rewrite"), std::string(kSplitHint));
    }
  } else if (r.route.empty()) {
    f.error("HTTP route, redirect or direct_response is required", view.loc(),
            "add route (destinations), redirect or directResponse to the rule");
  }
  if (r.mirror && !r.mirrors.empty()) {
    f.error("HTTP route cannot contain both mirror and mirrors", view.key_loc("mirrors"),
            "move the mirror destination into mirrors");
  }
}

void validate_header_operations(const std::optional<model::Headers>& headers, Findings& f) {
  if (!headers)
    return;
  auto value_check = [&f](const model::StringMapEntry& e) {
    if (auto err = validate_header_value(e.value.value))
      f.error(*err, e.value.loc.known() ? e.value.loc : e.key.loc,
              "write a literal % as %%; %NAME% inserts an Envoy variable");
  };
  if (const auto& req = headers->request) {
    for (const auto* ops : {&req->add, &req->set}) {
      for (const auto& e : *ops) {
        if (auto err = validate_header_with_authority_operation_name(e.key.value))
          f.error(*err, e.key.loc);
        value_check(e);
      }
    }
    for (const auto& name : req->remove) {
      if (auto err = validate_header_operation_name(name.value))
        f.error(*err, name.loc);
    }
  }
  if (const auto& resp = headers->response) {
    for (const auto* ops : {&resp->add, &resp->set}) {
      for (const auto& e : *ops) {
        if (auto err = validate_header_operation_name(e.key.value))
          f.error(*err, e.key.loc);
        value_check(e);
      }
    }
    for (const auto& name : resp->remove) {
      if (auto err = validate_header_operation_name(name.value))
        f.error(*err, name.loc);
    }
  }
}

// validateAuthorityRewrite: the authority may be rewritten in one place only.
void validate_authority_rewrite(const model::HttpRoute& r, Findings& f) {
  std::string current = r.rewrite ? r.rewrite->authority.value : std::string();
  if (!r.headers || !r.headers->request)
    return;
  for (const auto* ops : {&r.headers->request->set, &r.headers->request->add}) {
    for (const auto& e : *ops) {
      if (!base::iequals(e.key.value, ":authority") && !base::iequals(e.key.value, "host"))
        continue;
      if (!current.empty()) {
        f.error(fmt::format("authority header cannot be set multiple times: have {}, attempting "
                            "to set {}",
                            base::quote(current), base::quote(e.value.value)),
                e.key.loc, "set the authority once: rewrite.authority or one header operation");
        return;
      }
      current = e.value.value;
    }
  }
}

void validate_mirrors(const model::HttpRoute& r, const View& view, Findings& f) {
  std::vector<View> items = view["mirrors"].items();
  for (size_t i = 0; i < r.mirrors.size() && i < items.size(); ++i) {
    const model::HttpMirrorPolicy& m = r.mirrors[i];
    if (items[i].null()) {
      f.error("mirror cannot be null", items[i].loc(), "remove the empty list item");
      continue;
    }
    if (!items[i].is_map())
      continue;
    if (!m.destination) {
      f.error("destination is required for mirrors", items[i].loc(),
              "add destination: {host: ...} to the mirror");
      continue;
    }
    validate_destination(*m.destination, f);
    if (m.percentage) {
      double v = m.percentage->value.value;
      const base::SourceLoc& loc =
          m.percentage->value ? m.percentage->value.loc : m.percentage->loc;
      if (v > 100) {
        f.error(fmt::format("mirror percentage must have a max value of 100 (it has {:f})", v),
                loc);
      }
      if (v < 0) {
        f.error(fmt::format("mirror percentage must have a min value of 0 (it has {:f})", v), loc);
      }
    }
  }
}

void validate_mirror_percentages(const model::HttpRoute& r, const View& view, Findings& f) {
  if (r.mirror_percent) {
    if (r.mirror_percent.value > 100) {
      f.error(fmt::format("mirror_percent must have a max value of 100 (it has {})",
                          r.mirror_percent.value),
              r.mirror_percent.loc);
    }
    f.warning(
        "using deprecated setting \"mirrorPercent\", use \"mirrorPercentage\" instead",
        view.key_loc("mirrorPercent"),
        fmt::format("replace it with mirrorPercentage: {{value: {}}}", r.mirror_percent.value));
  }
  if (r.mirror_percentage) {
    double v = r.mirror_percentage->value.value;
    const base::SourceLoc& loc =
        r.mirror_percentage->value ? r.mirror_percentage->value.loc : r.mirror_percentage->loc;
    if (v > 100)
      f.error(fmt::format("mirror_percentage must have a max value of 100 (it has {:f})", v), loc);
    if (v < 0)
      f.error(fmt::format("mirror_percentage must have a min value of 0 (it has {:f})", v), loc);
  }
}

// validateHTTPRouteDestinations.
void validate_route_destinations(const model::HttpRoute& r, const View& view, Findings& f) {
  std::vector<View> items = view["route"].items();
  int64_t total = 0;
  for (size_t i = 0; i < r.route.size() && i < items.size(); ++i) {
    if (items[i].null()) {
      f.error("weight may not be nil", items[i].loc(), "remove the empty list item");
      continue;
    }
    if (!items[i].is_map())
      continue;
    const model::HttpRouteDestination& d = r.route[i];
    if (!d.destination) {
      f.error("destination is required", items[i].loc(), "add destination: {host: ...}");
    }
    validate_header_operations(d.headers, f);
    if (d.destination)
      validate_destination(*d.destination, f);
    if (d.weight.value < 0) {
      f.error(fmt::format("weight {} < 0", d.weight.value), d.weight.loc,
              "weights are relative shares of zero or more");
    }
    total += d.weight.value;
  }
  if (r.route.size() > 1 && total == 0) {
    f.error("total destination weight = 0", view.key_loc("route"),
            "give at least one destination a positive weight");
  }
}

}  // namespace

void validate_http_route(const model::HttpRoute& r, const View& view, bool delegate, Findings& f) {
  validate_conflicts(r, view, delegate, f);
  validate_http_matches(r, view, f);
  validate_header_operations(r.headers, f);
  if (r.cors_policy)
    validate_cors_policy(*r.cors_policy, f);
  if (r.fault)
    validate_fault(*r.fault, view["fault"], f);
  validate_mirror_percentages(r, view, f);
  if (r.mirror)
    validate_destination(*r.mirror, f);
  validate_mirrors(r, view, f);
  if (r.redirect)
    validate_redirect(*r.redirect, r, view["redirect"], f);
  if (r.direct_response)
    validate_direct_response(*r.direct_response, view["directResponse"], f);
  if (r.retries)
    validate_retries(*r.retries, view["retries"], f);
  if (r.rewrite)
    validate_rewrite(*r.rewrite, view["rewrite"], f);
  validate_authority_rewrite(r, f);
  validate_route_destinations(r, view, f);
  validate_duration_field(r.timeout, f, "timeouts are durations of at least 1ms, e.g. 10s");
}

}  // namespace igw::check::rules
