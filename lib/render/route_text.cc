// Short text forms of routes, actions and policies for `igw routes`.
#include "lib/render/route_text.h"

#include "lib/base/strings.h"
#include "lib/http/policy_text.h"

#include <fmt/format.h>

namespace igw::render {

namespace {

using compile::StringMatcher;

std::string compact_value(const StringMatcher& m) {
  switch (m.kind) {
    case StringMatcher::Kind::kExact:
      return "=" + m.value;
    case StringMatcher::Kind::kPrefix:
      return "=" + m.value + "*";
    case StringMatcher::Kind::kRegex:
      return "~" + m.value;
    case StringMatcher::Kind::kPresent:
      return "";
  }
  return "";
}

std::string string_matcher_text(const StringMatcher& m) {
  std::string s = m.describe();
  if (m.ignore_case)
    s += " (ignoring case)";
  return s;
}

std::string header_name_text(const std::string& name) {
  if (name == ":method")
    return "method";
  if (name == ":authority")
    return "authority";
  if (name == ":scheme")
    return "scheme";
  return "header " + name;
}

}  // namespace

std::string match_text(const compile::RouteMatch& m) {
  std::vector<std::string> parts;
  parts.push_back(m.path.describe());
  for (const auto& h : m.headers) {
    if (h.invert) {
      parts.push_back("without header " + h.name +
                      (h.match.kind == StringMatcher::Kind::kPresent
                           ? std::string()
                           : " " + string_matcher_text(h.match)));
    } else {
      parts.push_back(header_name_text(h.name) + " " + string_matcher_text(h.match));
    }
  }
  for (const auto& q : m.query_params)
    parts.push_back("query " + q.name + " " + string_matcher_text(q.match));
  for (const auto& c : m.claims) {
    parts.push_back(std::string(c.invert ? "without JWT claim " : "JWT claim ") + c.claim + " " +
                    string_matcher_text(c.match));
  }
  return base::join(parts, " and ");
}

std::string match_compact(const compile::RouteMatch& m) {
  std::string s;
  switch (m.path.kind) {
    case compile::PathMatcher::Kind::kPrefix:
      s = m.path.value + "*";
      break;
    case compile::PathMatcher::Kind::kExact:
      s = m.path.value;
      break;
    case compile::PathMatcher::Kind::kRegex:
      s = "regex:" + m.path.value;
      break;
  }
  if (!m.path.case_sensitive && m.path.kind != compile::PathMatcher::Kind::kRegex)
    s += "(any case)";
  for (const auto& h : m.headers) {
    s += " ";
    if (h.invert)
      s += "!";
    s += h.name + compact_value(h.match);
  }
  for (const auto& q : m.query_params)
    s += " ?" + q.name + compact_value(q.match);
  for (const auto& c : m.claims)
    s += std::string(c.invert ? " !" : " ") + "claim:" + c.claim + compact_value(c.match);
  return s;
}

std::string route_ref(const compile::Route& r) {
  const auto& o = r.origin;
  std::string s = fmt::format("{} http[{}]", o.vs_ref(), o.rule_index);
  if (!o.rule_name.empty())
    s += " " + base::quote(o.rule_name);
  if (o.match_index) {
    s += fmt::format(" match[{}]", *o.match_index);
    if (!o.match_name.empty())
      s += " " + base::quote(o.match_name);
  }
  if (!o.delegate_name.empty()) {
    s += fmt::format(" (delegate {}/{} http[{}])", o.delegate_namespace, o.delegate_name,
                     o.delegate_rule_index.value_or(0));
  }
  return s;
}

std::string destination_text(const compile::WeightedCluster& c, bool weighted,
                             uint32_t total_weight) {
  std::string s = fmt::format("{}:{}", c.host, c.port);
  if (!c.subset.empty())
    s += fmt::format(" (subset {})", c.subset);
  if (weighted)
    s += fmt::format(", weight {} of {}", c.weight, total_weight);
  return s;
}

std::string action_text(const compile::Route& r) {
  switch (r.action) {
    case compile::ActionKind::kRoute: {
      const auto& a = r.route;
      if (a.clusters.size() == 1)
        return "route to " + a.clusters.front().name;
      if (a.clusters.empty())
        return "route to no destination";
      std::vector<std::string> names;
      for (const auto& c : a.clusters)
        names.push_back(fmt::format("{} ({})", c.name, c.weight));
      return "route to " + base::join(names, ", ");
    }
    case compile::ActionKind::kRedirect: {
      const auto& rd = r.redirect;
      std::vector<std::string> parts;
      if (!rd.scheme_redirect.empty())
        parts.push_back("scheme " + rd.scheme_redirect);
      if (!rd.host_redirect.empty())
        parts.push_back("authority " + rd.host_redirect);
      if (rd.port_redirect)
        parts.push_back(fmt::format("port {}", rd.port_redirect));
      if (!rd.path_redirect.empty())
        parts.push_back("path " + rd.path_redirect);
      if (rd.has_prefix_rewrite)
        parts.push_back("prefix " + rd.prefix_rewrite);
      std::string s = fmt::format("redirect {}", rd.response_code);
      if (!parts.empty())
        s += " (" + base::join(parts, ", ") + ")";
      return s;
    }
    case compile::ActionKind::kDirectResponse:
      return fmt::format("direct response {}", r.direct_response.status);
    case compile::ActionKind::kNone:
      return "no action (404)";
  }
  return "";
}

std::vector<std::string> header_ops_lines(const compile::HeaderOps& ops) {
  std::vector<std::string> out;
  auto adds = [&out](std::string_view side, const std::vector<compile::HeaderValueOption>& v) {
    for (const auto& h : v)
      out.push_back(fmt::format("{} {} {}: {}", side, h.append ? "add" : "set", h.key, h.value));
  };
  auto removes = [&out](std::string_view side, const std::vector<std::string>& v) {
    for (const auto& h : v)
      out.push_back(fmt::format("{} remove {}", side, h));
  };
  removes("request", ops.request_remove);
  adds("request", ops.request_add);
  removes("response", ops.response_remove);
  adds("response", ops.response_add);
  return out;
}

std::string cors_text(const compile::CorsPolicy& c) {
  std::vector<std::string> origins;
  for (const auto& m : c.allow_origins)
    origins.push_back(string_matcher_text(m));
  std::vector<std::string> parts;
  parts.push_back("origins " + (origins.empty() ? std::string("none") : base::join(origins, ", ")));
  if (!c.allow_methods.empty())
    parts.push_back("methods " + c.allow_methods);
  if (!c.allow_headers.empty())
    parts.push_back("headers " + c.allow_headers);
  if (!c.expose_headers.empty())
    parts.push_back("expose " + c.expose_headers);
  if (c.max_age)
    parts.push_back("max age " + *c.max_age + "s");
  if (c.allow_credentials)
    parts.push_back("credentials allowed");
  return base::join(parts, "; ");
}

std::string fault_text(const compile::FaultPolicy& f) {
  std::vector<std::string> parts;
  if (f.delay) {
    parts.push_back(fmt::format("delay {} for {}", base::format_duration(f.delay->fixed),
                                http::describe_ppm(f.delay->ppm)));
  }
  if (f.abort) {
    std::string what = f.abort->http_status   ? fmt::format("HTTP {}", *f.abort->http_status)
                       : f.abort->grpc_status ? fmt::format("gRPC status {}", *f.abort->grpc_status)
                                              : std::string("abort");
    parts.push_back(fmt::format("abort {} for {}", what, http::describe_ppm(f.abort->ppm)));
  }
  return base::join(parts, "; ");
}

std::string shadowed_text(const match::ShadowedRoute& s) {
  switch (s.kind) {
    case match::ShadowedRoute::Kind::kAfterCatchAll:
      return "after catch-all " + route_ref(*s.by);
    case match::ShadowedRoute::Kind::kDuplicate:
      return "same conditions as " + route_ref(*s.by);
    case match::ShadowedRoute::Kind::kRequireTls:
      return "httpsRedirect answers every plain-text request";
    case match::ShadowedRoute::Kind::kAuthorityElsewhere:
      return "its authority " + base::quote(s.authority) +
             (s.authority_vhost ? " selects virtual host " + s.authority_vhost->name
                                : std::string(" selects no virtual host"));
  }
  return "";
}

}  // namespace igw::render
