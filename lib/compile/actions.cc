// Rule actions; see actions.h.
#include "lib/compile/actions.h"

#include "lib/base/base64.h"
#include "lib/base/duration.h"
#include "lib/base/strings.h"
#include "lib/model/host_name.h"

#include <algorithm>
#include <cmath>

namespace igw::compile::detail {

namespace {

bool is_internal_header(std::string_view key) {
  return key.starts_with(":") || base::iequals(key, "host");
}

bool is_authority_header(std::string_view key) {
  return base::iequals(key, ":authority") || base::iequals(key, "host");
}

// translateAppendHeaders: entries sorted by key; :authority/host captured, internal dropped.
std::vector<HeaderValueOption> translate_append(const model::StringMap& m, bool append,
                                                std::string* authority) {
  std::vector<HeaderValueOption> out;
  for (const auto& e : m) {
    if (is_authority_header(e.key.value) && authority)
      *authority = e.value.value;
    if (is_internal_header(e.key.value))
      continue;
    out.push_back(HeaderValueOption{e.key.value, e.value.value, append});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.key < b.key; });
  return out;
}

std::vector<std::string> drop_internal(const std::vector<model::LString>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) {
    if (!is_internal_header(k.value))
      out.push_back(k.value);
  }
  return out;
}

uint32_t percent_to_ppm(double value) {
  // translatePercentToFractionalPercent: uint32(value * 10000) out of a million.
  if (value <= 0)
    return 0;
  double ppm = value * 10000.0;
  return ppm >= 4294967295.0 ? 4294967295u : static_cast<uint32_t>(ppm);
}

std::optional<uint32_t> grpc_status_code(std::string_view name) {
  static constexpr std::string_view kNames[] = {"OK",
                                                "CANCELLED",
                                                "UNKNOWN",
                                                "INVALID_ARGUMENT",
                                                "DEADLINE_EXCEEDED",
                                                "NOT_FOUND",
                                                "ALREADY_EXISTS",
                                                "PERMISSION_DENIED",
                                                "RESOURCE_EXHAUSTED",
                                                "FAILED_PRECONDITION",
                                                "ABORTED",
                                                "OUT_OF_RANGE",
                                                "UNIMPLEMENTED",
                                                "INTERNAL",
                                                "UNAVAILABLE",
                                                "DATA_LOSS",
                                                "UNAUTHENTICATED"};
  for (uint32_t i = 0; i < std::size(kNames); ++i) {
    if (kNames[i] == name)
      return i;
  }
  return std::nullopt;
}

bool is_go_status_code(int64_t c) {
  // Codes with a text in Go's net/http.StatusText (parseRetryOn keeps only those).
  static constexpr int kCodes[] = {100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208,
                                   226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403,
                                   404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416,
                                   417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500,
                                   501, 502, 503, 504, 505, 506, 507, 508, 510, 511};
  return std::find(std::begin(kCodes), std::end(kCodes), c) != std::end(kCodes);
}

std::optional<base::Duration> duration_of(const model::LString& s) {
  if (!s)
    return std::nullopt;
  return base::parse_duration(s.value);
}

model::Destination resolved(const model::Destination& d, std::string_view ns) {
  model::Destination out = d;
  out.host.value = model::resolve_short_name(d.host.value, ns);
  return out;
}

WeightedCluster make_cluster(const model::Destination& dest, const ActionContext& ctx,
                             uint32_t weight) {
  WeightedCluster w;
  Cluster* c = ctx.clusters->get(resolved(dest, ctx.vs_ns), ctx.vs_ns, ctx.port);
  w.name = c->name;
  w.host = c->host;
  w.port = c->port;
  w.subset = c->subset;
  w.weight = weight;
  w.cluster = c;
  w.loc = dest.loc;
  return w;
}

void apply_redirect(const model::HttpRedirect& in, const ActionContext& ctx, Route& out) {
  RedirectAction r;
  r.loc = in.loc;
  r.host_redirect = in.authority.value;
  r.path_redirect = in.uri.value;
  // SEMANTICS R4.5: `prefixRewrite` becomes the redirect's prefix_rewrite.
  if (in.prefix_rewrite) {
    r.prefix_rewrite = in.prefix_rewrite.value;
    r.has_prefix_rewrite = true;
  }
  r.scheme_redirect = in.scheme.value;
  const bool has_port_selector = in.port || in.derive_port;
  if (in.derive_port) {
    // Envoy cannot derive the port per request; Istio uses the server port it builds for.
    if (in.derive_port.value == "FROM_REQUEST_PORT")
      r.port_redirect = ctx.port;
  } else if (in.port && in.port.value > 0) {
    r.port_redirect = static_cast<uint32_t>(in.port.value);
  }
  if (has_port_selector) {
    std::string scheme =
        r.scheme_redirect.empty() ? (ctx.is_tls ? "https" : "http") : r.scheme_redirect;
    if ((r.port_redirect == 80 && scheme == "http") ||
        (r.port_redirect == 443 && scheme == "https")) {
      r.port_redirect = 0;
    }
  }
  int64_t code = in.redirect_code.value_or(0);
  switch (code) {
    case 0:
    case 301:
      r.response_code = 301;
      break;
    case 302:
    case 303:
    case 307:
    case 308:
      r.response_code = static_cast<uint32_t>(code);
      break;
    default:
      out.action = ActionKind::kNone;
      ctx.notes->add("R4.5", ctx.object,
                     "redirectCode " + std::to_string(code) +
                         " is not supported; Istio emits the route without an action (Envoy "
                         "would refuse the route configuration); igw answers 404",
                     in.redirect_code.loc);
      out.redirect = std::move(r);
      return;
  }
  out.action = ActionKind::kRedirect;
  out.redirect = std::move(r);
}

void apply_direct_response(const model::HttpDirectResponse& in, Route& out) {
  out.action = ActionKind::kDirectResponse;
  out.direct_response.status = static_cast<uint32_t>(in.status.value_or(200));
  out.direct_response.loc = in.loc;
  if (in.body) {
    if (in.body->string) {
      out.direct_response.body = in.body->string.value;
    } else if (in.body->bytes) {
      out.direct_response.body = base::base64_decode(in.body->bytes.value).value_or("");
    }
  }
}

std::optional<uint32_t> mirror_ppm(const std::optional<model::Percent>& percentage,
                                   const model::LInt* percent) {
  if (percentage)
    return percentage->value.value > 0 ? std::optional(percent_to_ppm(percentage->value.value))
                                       : std::nullopt;
  if (percent && *percent)
    return percent->value > 0 ? std::optional(static_cast<uint32_t>(percent->value) * 10000u)
                              : std::nullopt;
  return 1'000'000u;  // 100 % when unset
}

bool apply_route(const model::HttpRoute& in, const ActionContext& ctx, std::string authority,
                 Route& out) {
  out.action = ActionKind::kRoute;
  RouteAction& a = out.route;
  if (auto t = duration_of(in.timeout)) {
    a.timeout = *t;
    a.timeout_set = true;
  }
  if (in.rewrite) {
    if (in.rewrite->uri_regex_rewrite) {
      std::string err;
      RegexRewrite rr;
      rr.pattern_text = in.rewrite->uri_regex_rewrite->match.value;
      rr.substitution = in.rewrite->uri_regex_rewrite->rewrite.value;
      rr.pattern = ctx.regexes->get(rr.pattern_text, &err);
      if (!rr.pattern) {
        ctx.notes->add("R4.8", ctx.object, err + "; Envoy would refuse the route configuration",
                       in.rewrite->uri_regex_rewrite->loc);
        return false;
      }
      a.regex_rewrite = std::move(rr);
    } else if (in.rewrite->uri && !in.rewrite->uri->empty()) {
      a.prefix_rewrite = in.rewrite->uri.value;
    }
    if (in.rewrite->authority && !in.rewrite->authority->empty())
      authority = in.rewrite->authority.value;
  }
  a.host_rewrite = authority;

  if (in.mirror) {
    if (auto ppm = mirror_ppm(in.mirror_percentage, &in.mirror_percent)) {
      MirrorPolicy m;
      Cluster* c = ctx.clusters->get(resolved(*in.mirror, ctx.vs_ns), ctx.vs_ns, ctx.port);
      m.cluster = c->name;
      m.target = c;
      m.ppm = *ppm;
      m.loc = in.mirror->loc;
      a.mirrors.push_back(std::move(m));
    }
  }
  for (const auto& mp : in.mirrors) {
    if (!mp.destination)
      continue;
    if (auto ppm = mirror_ppm(mp.percentage, nullptr)) {
      MirrorPolicy m;
      Cluster* c = ctx.clusters->get(resolved(*mp.destination, ctx.vs_ns), ctx.vs_ns, ctx.port);
      m.cluster = c->name;
      m.target = c;
      m.ppm = *ppm;
      m.loc = mp.loc;
      a.mirrors.push_back(std::move(m));
    }
  }

  bool consistent_hash = false;
  if (in.route.size() == 1) {
    const auto& d = in.route.front();
    if (d.destination) {
      WeightedCluster w = make_cluster(
          *d.destination, ctx, static_cast<uint32_t>(std::max<int64_t>(0, d.weight.value_or(0))));
      consistent_hash = w.cluster && w.cluster->consistent_hash;
      a.clusters.push_back(std::move(w));
      a.total_weight = 0;
    }
    if (d.headers) {
      std::string dest_authority;
      HeaderOps ops = translate_header_ops(*d.headers, &dest_authority);
      auto append = [](auto& to, auto&& from) { to.insert(to.end(), from.begin(), from.end()); };
      append(out.headers.request_add, ops.request_add);
      append(out.headers.request_remove, ops.request_remove);
      append(out.headers.response_add, ops.response_add);
      append(out.headers.response_remove, ops.response_remove);
      if (!dest_authority.empty() && a.host_rewrite.empty())
        a.host_rewrite = dest_authority;
    }
  } else {
    a.weighted = true;
    for (const auto& d : in.route) {
      int64_t weight = d.weight.value_or(0);
      if (weight == 0 || !d.destination)
        continue;  // weight-0 destinations are dropped when there are several (R4.3)
      WeightedCluster w = make_cluster(*d.destination, ctx, static_cast<uint32_t>(weight));
      if (d.headers)
        w.headers = translate_header_ops(*d.headers, &w.host_rewrite);
      a.total_weight += w.weight;
      a.clusters.push_back(std::move(w));
    }
  }
  a.consistent_hash = consistent_hash;
  a.retry = convert_retry_policy(in.retries ? &*in.retries : nullptr, consistent_hash);
  if (a.clusters.empty()) {
    ctx.notes->add("R4.3", ctx.object,
                   "the rule has no usable destination; Envoy answers 503 (no healthy upstream)",
                   in.loc);
  }
  return true;
}

std::optional<CorsPolicy> translate_cors(const model::CorsPolicy& in, RegexCache& regexes,
                                         std::string* error) {
  CorsPolicy out;
  out.loc = in.loc;
  out.forward_not_matching_preflights = in.unmatched_preflights.value != "IGNORE";
  if (!in.allow_origins.empty()) {
    for (const auto& o : in.allow_origins) {
      if (o.kind == model::StringMatch::Kind::None)
        continue;  // ConvertToEnvoyMatch yields nothing for an empty StringMatch
      auto m = to_string_matcher(o, regexes, error);
      if (!m)
        return std::nullopt;
      out.allow_origins.push_back(std::move(*m));
    }
  } else {
    for (const auto& o : in.allow_origin) {
      StringMatcher m;
      m.kind = StringMatcher::Kind::kExact;
      m.value = o.value;
      m.loc = o.loc;
      out.allow_origins.push_back(std::move(m));
    }
  }
  auto join = [](const std::vector<model::LString>& v) {
    std::vector<std::string> s;
    for (const auto& e : v)
      s.push_back(e.value);
    return base::join(s, ",");
  };
  out.allow_methods = join(in.allow_methods);
  out.allow_headers = join(in.allow_headers);
  out.expose_headers = join(in.expose_headers);
  if (auto d = duration_of(in.max_age))
    out.max_age = std::to_string(d->seconds());
  out.allow_credentials = in.allow_credentials.value_or(false);
  return out;
}

std::optional<FaultPolicy> translate_fault(const model::HttpFaultInjection& in) {
  FaultPolicy out;
  out.loc = in.loc;
  if (in.delay && in.delay->fixed_delay) {
    if (auto d = duration_of(in.delay->fixed_delay)) {
      FaultPolicy::Delay delay;
      delay.fixed = *d;
      if (in.delay->percentage)
        delay.ppm = percent_to_ppm(in.delay->percentage->value.value);
      else
        delay.ppm =
            static_cast<uint32_t>(std::max<int64_t>(0, in.delay->percent.value_or(0))) * 10000u;
      out.delay = delay;
    }
  }
  if (in.abort) {
    FaultPolicy::Abort abort;
    if (in.abort->percentage)
      abort.ppm = percent_to_ppm(in.abort->percentage->value.value);
    bool ok = true;
    if (in.abort->http_status) {
      abort.http_status = static_cast<uint32_t>(in.abort->http_status.value);
    } else if (in.abort->grpc_status) {
      abort.grpc_status = grpc_status_code(in.abort->grpc_status.value);
      ok = abort.grpc_status.has_value();
    } else {
      ok = false;  // http2Error: "Only HTTP and gRPC type abort faults are supported"
    }
    if (ok)
      out.abort = abort;
  }
  if (!out.delay && !out.abort)
    return std::nullopt;
  return out;
}

}  // namespace

HeaderOps translate_header_ops(const model::Headers& h, std::string* authority) {
  HeaderOps out;
  std::string set_auth, add_auth;
  if (h.request) {
    out.request_add = translate_append(h.request->set, false, &set_auth);
    auto add = translate_append(h.request->add, true, &add_auth);
    out.request_add.insert(out.request_add.end(), add.begin(), add.end());
    out.request_remove = drop_internal(h.request->remove);
  }
  if (h.response) {
    out.response_add = translate_append(h.response->set, false, nullptr);
    auto add = translate_append(h.response->add, true, nullptr);
    out.response_add.insert(out.response_add.end(), add.begin(), add.end());
    out.response_remove = drop_internal(h.response->remove);
  }
  if (authority)
    *authority = !set_auth.empty() ? set_auth : add_auth;
  return out;
}

void parse_retry_on(std::string_view text, std::string& tokens, std::vector<uint32_t>& codes) {
  std::vector<std::string> keep;
  for (std::string_view part : base::split(text, ',')) {
    part = base::trim(part);
    if (part.empty())
      continue;
    auto n = base::parse_int(part);
    if (n && is_go_status_code(*n))
      codes.push_back(static_cast<uint32_t>(*n));
    else
      keep.emplace_back(part);
  }
  tokens = base::join(keep, ",");
}

RetryPolicy convert_retry_policy(const model::HttpRetry* in, bool consistent_hash) {
  RetryPolicy out;
  out.previous_hosts_predicate = !consistent_hash;
  if (!in)
    return out;
  out.loc = in->loc;
  out.istio_default = false;
  if (in->attempts.value_or(0) <= 0) {
    out.enabled = false;
    return out;
  }
  out.num_retries = static_cast<uint32_t>(in->attempts.value);
  if (in->retry_on && !in->retry_on->empty()) {
    parse_retry_on(in->retry_on.value, out.retry_on, out.retriable_status_codes);
    if (!out.retriable_status_codes.empty() &&
        out.retry_on.find("retriable-status-codes") == std::string::npos) {
      out.retry_on += out.retry_on.empty() ? "retriable-status-codes" : ",retriable-status-codes";
    }
  }
  out.per_try_timeout = duration_of(in->per_try_timeout);
  if (in->retry_ignore_previous_hosts)
    out.previous_hosts_predicate = in->retry_ignore_previous_hosts.value;
  out.previous_priorities = in->retry_remote_localities.value_or(false);
  out.backoff_base = duration_of(in->backoff);
  return out;
}

bool translate_actions(const model::HttpRoute& r, const ActionContext& ctx, Route& out) {
  std::string authority;
  if (r.headers)
    out.headers = translate_header_ops(*r.headers, &authority);
  // Precedence: redirect, then directResponse, then forwarding (R4.1).
  if (r.redirect) {
    apply_redirect(*r.redirect, ctx, out);
  } else if (r.direct_response) {
    apply_direct_response(*r.direct_response, out);
  } else if (!apply_route(r, ctx, authority, out)) {
    return false;
  }
  if (r.cors_policy) {
    std::string err;
    auto cors = translate_cors(*r.cors_policy, *ctx.regexes, &err);
    if (!cors) {
      ctx.notes->add("R5.1", ctx.object, err + "; Envoy would refuse the route configuration",
                     r.cors_policy->loc);
      return false;
    }
    out.cors = std::move(*cors);
  }
  if (r.fault)
    out.fault = translate_fault(*r.fault);
  return true;
}

}  // namespace igw::compile::detail
