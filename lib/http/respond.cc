// http::respond and http::finalize_response: the gateway's HTTP filter chain as pure functions.
#include "lib/http/respond.h"

#include "lib/base/strings.h"
#include "lib/http/header_ops.h"
#include "lib/http/policy_text.h"
#include "lib/match/decide.h"
#include "lib/match/location.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace igw::http {

namespace {

using compile::ActionKind;
using match::Outcome;

// Connection-specific headers a proxy never forwards (Envoy's HCM and codecs drop them).
constexpr std::array<std::string_view, 5> kHopByHop = {
    "connection", "keep-alive", "proxy-connection", "transfer-encoding", "http2-settings"};

// ConnectionManagerUtility::cleanInternalHeaders for an edge request
// (envoy:source/common/http/conn_manager_utility.cc): x-envoy-* control headers a client must
// not set are removed before routing.
constexpr std::array<std::string_view, 18> kInternalOnly = {
    "x-envoy-decorator-operation",
    "x-envoy-downstream-service-cluster",
    "x-envoy-downstream-service-node",
    "x-envoy-retriable-status-codes",
    "x-envoy-retriable-header-names",
    "x-envoy-retry-on",
    "x-envoy-retry-grpc-on",
    "x-envoy-max-retries",
    "x-envoy-upstream-alt-stat-name",
    "x-envoy-upstream-rq-timeout-ms",
    "x-envoy-upstream-rq-per-try-timeout-ms",
    "x-envoy-upstream-rq-timeout-alt-response",
    "x-envoy-expected-rq-timeout-ms",
    "x-envoy-force-trace",
    "x-envoy-ip-tags",
    "x-envoy-original-url",
    "x-envoy-hedge-on-per-try-timeout",
    "x-envoy-internal",
};
constexpr std::string_view kEnvoyPrefix = "x-envoy-";
static_assert(std::ranges::all_of(kInternalOnly,
                                  [](std::string_view n) { return n.starts_with(kEnvoyPrefix); }));

void add_flag(std::string& flags, std::string_view flag) {
  if (!flags.empty())
    flags.push_back(',');
  flags.append(flag);
}

// Whether `name` is one of `names`, ignoring case (one pass over a header list checks each
// entry against a whole table instead of one pass per table entry).
template <size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::string_view n : names) {
    if (base::iequals(n, name))
      return true;
  }
  return false;
}

bool is_loopback(std::string_view addr) {
  return addr.starts_with("127.") || addr == "::1" || addr == "[::1]";
}

bool mutual_tls(const match::Decision& d) {
  if (!d.chain || !d.chain->tls)
    return false;
  auto m = d.chain->tls->mode;
  return m == model::TlsMode::kMutual || m == model::TlsMode::kIstioMutual ||
         m == model::TlsMode::kOptionalMutual;
}

// Http::Utility::shadowAppendedHost: "-shadow" goes before a port.
std::string shadow_host(std::string_view authority) {
  std::string_view host = match::host_without_port(authority);
  return std::string(host) + "-shadow" + std::string(authority.substr(host.size()));
}

DownstreamContext downstream_context(const match::Request& r, const RespondOptions& o) {
  DownstreamContext ctx;
  ctx.http2 = o.http2;
  ctx.head_request = r.method == "HEAD";
  ctx.grpc_request = is_grpc_content_type(request_header(r, "content-type"));
  ctx.date = o.date;
  return ctx;
}

LocalReply finish(LocalReply reply, const DownstreamContext& ctx) {
  finish_downstream(reply.status, reply.headers, ctx);
  return reply;
}

LocalReply not_found(const match::Decision& d, const DownstreamContext& ctx) {
  LocalReply reply = prepare_local_reply(404, "", nullptr, ctx);
  reply.response_flags = "NR";
  reply.details = "route_not_found";
  base::SourceLoc loc = d.virtual_host ? d.virtual_host->loc : base::SourceLoc{};
  reply.reasons.push_back({"R2.9",
                           "no route matched: Envoy's router answers 404 with response flag NR; "
                           "no CORS headers and no route response headers apply",
                           loc});
  return finish(std::move(reply), ctx);
}

LocalReply https_redirect(const match::Decision& d, const match::Request& r,
                          const DownstreamContext& ctx) {
  std::string location = match::ssl_redirect_location(r.authority, d.path(r));
  LocalReply reply = prepare_local_reply(
      301, "", [&](Headers& h) { h.add("location", location); }, ctx);
  reply.details = "direct_response";
  base::SourceLoc loc = d.virtual_host ? d.virtual_host->loc : base::SourceLoc{};
  reply.reasons.push_back({"R1.18",
                           "the redirect is 301 to https:// + the Host header as sent + the "
                           "path; CORS and route response headers do not apply",
                           loc});
  return finish(std::move(reply), ctx);
}

// R4.11: the fault filter's decode step. Sets `delay`/`flags`, returns an abort reply if any.
std::optional<LocalReply> apply_fault(const compile::Route& route, const RespondOptions& o,
                                      const DownstreamContext& ctx,
                                      std::optional<base::Duration>& delay, std::string& flags,
                                      std::vector<Reason>& reasons) {
  if (!route.fault)
    return std::nullopt;
  const auto& f = *route.fault;
  if (f.delay && f.delay->fixed.nanos > 0) {
    if (sampled(o.fault_delay_random, f.delay->ppm)) {
      delay = f.delay->fixed;
      add_flag(flags, "DI");
      if (o.explain)
        reasons.push_back(
            {"R4.11",
             fmt::format("fault delay of {} injected ({} of requests)",
                         base::format_duration(f.delay->fixed), describe_ppm(f.delay->ppm)),
             f.loc});
    } else if (o.explain) {
      reasons.push_back({"R4.11",
                         fmt::format("fault delay not injected this time ({} of requests)",
                                     describe_ppm(f.delay->ppm)),
                         f.loc});
    }
  }
  if (!f.abort)
    return std::nullopt;
  const auto& a = *f.abort;
  if (!sampled(o.fault_abort_random, a.ppm)) {
    if (o.explain)
      reasons.push_back({"R4.11",
                         a.ppm == 0 ? std::string("fault abort never fires: it has no percentage")
                                    : fmt::format("fault abort not injected this time ({} of "
                                                  "requests)",
                                                  describe_ppm(a.ppm)),
                         f.loc});
    return std::nullopt;
  }
  std::optional<uint32_t> grpc;
  uint32_t code = 0;
  if (a.http_status) {
    code = *a.http_status;
  } else if (a.grpc_status) {
    code = 200;  // FaultFilter::abortStatus: a gRPC abort is an HTTP 200 carrying grpc-status
    grpc = *a.grpc_status;
  } else {
    return std::nullopt;
  }
  // The reply goes through sendLocalReply, which applies the route's response headers
  // (FilterManager::sendLocalReplyViaFilterChain) when the route is a route entry.
  bool route_entry = route.action == ActionKind::kRoute;
  LocalReply reply = prepare_local_reply(
      code, "fault filter abort",
      [&](Headers& h) {
        if (route_entry)
          apply_response_ops(route.headers, h);
      },
      ctx, grpc);
  reply.delay = delay;
  reply.response_flags = flags;
  add_flag(reply.response_flags, "FI");
  reply.details = "fault_filter_abort";
  reply.reasons = std::move(reasons);
  reply.reasons.push_back(
      {"R4.11",
       fmt::format(
           "fault abort injected ({} of requests): {}", describe_ppm(a.ppm),
           a.http_status ? fmt::format("HTTP {}", code) : fmt::format("gRPC status {}", *grpc)),
       f.loc});
  if (route.cors) {
    reply.reasons.push_back({"R5.12",
                             "the fault filter runs before the CORS filter, so the abort carries "
                             "no CORS headers",
                             f.loc});
  }
  return finish(std::move(reply), ctx);
}

LocalReply redirect_reply(const match::Decision& d, const match::Request& r,
                          const compile::Route& route, const DownstreamContext& ctx) {
  const auto& rd = route.redirect;
  std::string location = match::redirect_location(route, r, d);
  // Router: a Location only for 201 and 3xx (RFC 7231 §7.1.2), then the route's response
  // headers (DirectResponseEntry::finalizeResponseHeaders).
  bool add_location =
      rd.response_code == 201 || (rd.response_code >= 300 && rd.response_code < 400);
  LocalReply reply = prepare_local_reply(
      rd.response_code, "",
      [&](Headers& h) {
        if (add_location && !location.empty())
          h.add("location", location);
        apply_response_ops(route.headers, h);
      },
      ctx);
  reply.details = "direct_response";
  reply.reasons.push_back(
      {"R4.6", fmt::format("redirect {} to {}", rd.response_code, location), rd.loc});
  if (!route.headers.response_add.empty() || !route.headers.response_remove.empty())
    reply.reasons.push_back({"R4.4", "the route's response headers apply to the redirect", {}});
  return finish(std::move(reply), ctx);
}

LocalReply direct_reply(const compile::Route& route, const DownstreamContext& ctx) {
  const auto& dr = route.direct_response;
  std::string body = dr.body.value_or(std::string());
  LocalReply reply = prepare_local_reply(
      dr.status, body, [&](Headers& h) { apply_response_ops(route.headers, h); }, ctx);
  reply.details = "direct_response";
  reply.reasons.push_back(
      {"R4.7",
       body.empty() ? fmt::format("directResponse {} without body", dr.status)
                    : fmt::format("directResponse {} with a {}-byte body; content-type is "
                                  "text/plain unless the route's response headers set one",
                                  dr.status, body.size()),
       dr.loc});
  return finish(std::move(reply), ctx);
}

Response forward(const match::Decision& d, const match::Request& r, const compile::Route& route,
                 const RespondOptions& o, const DownstreamContext& ctx,
                 std::optional<base::Duration> delay, std::string flags,
                 std::vector<Reason> reasons, const compile::CorsPolicy* cors_policy,
                 CorsState cors) {
  // The plan is built inside the returned object and every path returns `out`, so the plan is
  // not moved on its way to the caller (a move walks every member).
  Response out(std::in_place_type<ForwardPlan>);
  const auto& action = route.route;
  if (action.clusters.empty()) {
    LocalReply reply = prepare_local_reply(503, "", nullptr, ctx);
    reply.response_flags = flags;
    add_flag(reply.response_flags, "NC");
    reply.details = "cluster_not_found";
    reply.reasons = std::move(reasons);
    reply.reasons.push_back({"R4.2", "the route has no destination", route.origin.rule_loc});
    out = finish(std::move(reply), ctx);
    return out;
  }

  ForwardPlan& plan = std::get<ForwardPlan>(out);
  plan.route = &route;
  plan.destination = &action.pick(o.cluster_random);
  plan.cluster = plan.destination->name;
  plan.cluster_defined =
      plan.destination->cluster != nullptr && !plan.destination->cluster->service.empty();
  plan.delay = delay;
  plan.response_flags = flags;
  plan.reasons = std::move(reasons);
  plan.cors_policy = cors_policy;
  plan.cors = std::move(cors);

  if (action.weighted && o.explain) {
    plan.reasons.push_back(
        {"R4.3",
         fmt::format("weighted destinations: picked {} (weight {} of {})", plan.cluster,
                     plan.destination->weight, action.total_weight),
         plan.destination->loc});
  }
  if (!plan.cluster_defined) {
    if (o.explain) {
      plan.reasons.push_back(
          {"R4.2",
           fmt::format("the input defines no Service or ServiceEntry for {}: in a mesh without "
                       "it, Envoy has no cluster {} and answers 503 (flag NC)",
                       plan.destination->host, plan.cluster),
           plan.destination->loc});
    }
    if (o.undefined_cluster_fails) {
      LocalReply reply = prepare_local_reply(
          503, "", [&](Headers& h) { apply_response_ops(route.headers, h); }, ctx);
      if (cors_policy)
        cors_encode(*cors_policy, plan.cors, reply.headers);
      reply.delay = delay;
      reply.response_flags = flags;
      add_flag(reply.response_flags, "NC");
      reply.details = "cluster_not_found";
      reply.reasons = std::move(plan.reasons);
      out = finish(std::move(reply), ctx);
      return out;
    }
  }

  // --- Connection manager request mutation (ConnectionManagerUtility::mutateRequestHeaders).
  UpstreamRequest& up = plan.request;
  up.method = std::string(r.method);
  up.scheme = std::string(r.scheme());
  up.authority = std::string(r.authority);
  up.path = std::string(d.path(r));
  // The client's headers are kept as a separate copy only to explain the changes.
  Headers client;
  Headers& h = up.headers;
  // Room for what the connection manager and the router add (x-forwarded-*, x-request-id,
  // x-envoy-*) and a few route edits, so the list is not reallocated on the way.
  h.reserve(r.headers.size() + 10);
  for (const auto& f : r.headers)  // names are lower-case already (match::HeaderField)
    h.add(f.name, f.value);
  if (o.explain)
    client = h;
  h.remove_names_if([](std::string_view n) { return listed(kHopByHop, n); });
  bool websocket = false;
  if (auto upgrade = h.get("upgrade"))
    websocket = base::iequals(*upgrade, "websocket");
  if (!websocket)
    h.remove("upgrade");
  if (auto te = h.get("te"); te && !base::iequals(base::trim(*te), "trailers"))
    h.remove("te");
  std::string_view xff_addr = is_loopback(o.peer_address) ? o.local_address : o.peer_address;
  if (auto xff = h.get_joined("x-forwarded-for"))
    h.set_in_place("x-forwarded-for", xff->append(",").append(xff_addr));
  else
    h.set_in_place("x-forwarded-for", xff_addr);
  h.set_in_place("x-forwarded-proto", up.scheme);
  // Every internal-only name starts with "x-envoy-": most headers are rejected on that alone.
  h.remove_names_if([](std::string_view n) {
    return n.size() > kEnvoyPrefix.size() &&
           base::iequals(n.substr(0, kEnvoyPrefix.size()), kEnvoyPrefix) &&
           listed(kInternalOnly, n);
  });
  h.set_in_place("x-envoy-external-address", o.peer_address);
  if (!o.request_id.empty())
    h.set_in_place("x-request-id", o.request_id);
  if (!mutual_tls(d))
    h.remove("x-forwarded-client-cert");

  // --- Router: timeouts (FilterUtility::finalTimeout), then finalizeRequestHeaders.
  if (action.timeout_set && action.timeout.nanos > 0)
    plan.timeout = action.timeout;
  plan.retry = action.retry;
  if (action.retry.enabled && action.retry.per_try_timeout &&
      action.retry.per_try_timeout->nanos > 0 &&
      (!plan.timeout || *action.retry.per_try_timeout < *plan.timeout)) {
    plan.per_try_timeout = action.retry.per_try_timeout;
  }
  std::optional<base::Duration> expected =
      plan.per_try_timeout ? plan.per_try_timeout : plan.timeout;
  if (expected && expected->millis() > 0 && !o.suppress_envoy_headers)
    h.set_in_place("x-envoy-expected-rq-timeout-ms", std::to_string(expected->millis()));

  // WeightedClusterEntry::finalizeRequestHeaders: the destination's edits and authority first,
  // then the route's (so the route's set wins, and a route authority rewrite wins).
  std::string original_authority = up.authority;
  if (action.weighted) {
    apply_request_ops(plan.destination->headers, h);
    if (!plan.destination->host_rewrite.empty())
      up.authority = plan.destination->host_rewrite;
  }
  apply_request_ops(route.headers, h);
  if (!action.host_rewrite.empty())
    up.authority = action.host_rewrite;
  bool authority_rewritten =
      !action.host_rewrite.empty() || (action.weighted && !plan.destination->host_rewrite.empty());
  if (authority_rewritten) {
    plan.host_rewrite = up.authority;
    if (o.append_x_forwarded_host) {
      if (auto xfh = h.get_joined("x-forwarded-host"))
        h.set_in_place("x-forwarded-host", *xfh + "," + original_authority);
      else
        h.set_in_place("x-forwarded-host", original_authority);
    }
    if (o.explain) {
      plan.reasons.push_back(
          {"R4.8", fmt::format("authority rewritten: {} → {}", original_authority, up.authority),
           route.origin.rule_loc});
    }
  }
  if (auto rewritten = match::rewritten_path(route, up.path)) {
    if (!o.suppress_envoy_headers)
      h.set_in_place("x-envoy-original-path", up.path);
    if (o.explain) {
      plan.reasons.push_back({"R4.8", fmt::format("path rewritten: {} → {}", up.path, *rewritten),
                              route.origin.rule_loc});
    }
    up.path = *rewritten;
    plan.path_rewrite = up.path;
  }
  // Istio sets include_request_attempt_count on every gateway virtual host.
  h.set_in_place("x-envoy-attempt-count", "1");
  if (o.explain)
    plan.request_changes = diff_headers(client, h);

  for (const auto& m : action.mirrors) {
    MirrorTarget t;
    t.cluster = m.cluster;
    t.target = m.target;
    t.authority = shadow_host(up.authority);
    t.ppm = m.ppm;
    t.sampled = sampled(o.mirror_random, m.ppm);
    if (o.explain) {
      plan.reasons.push_back({"R4.12",
                              fmt::format("{} to {} with Host {} ({} of requests, fire and forget)",
                                          t.sampled ? "mirrored" : "not mirrored this time",
                                          t.cluster, t.authority, describe_ppm(t.ppm)),
                              m.loc});
    }
    plan.mirrors.push_back(std::move(t));
  }
  if (!o.explain)
    return out;
  plan.reasons.push_back({"R4.9", describe_timeout(plan.timeout), action.retry.loc});
  plan.reasons.push_back(
      {"R4.10", describe_retry(action.retry, plan.per_try_timeout), action.retry.loc});
  if (cors_policy && plan.cors.cors_request) {
    plan.reasons.push_back(
        {"R5.6",
         plan.cors.allowed_origin.empty()
             ? std::string("the origin is not allowed: the response passes without CORS headers")
             : std::string("the response will carry access-control-allow-origin (and the "
                           "policy's credentials/expose headers)"),
         cors_policy->loc});
  }
  return out;
}

}  // namespace

bool sampled(uint64_t random, uint32_t ppm) {
  return random % 1'000'000 < ppm;
}

Response respond(const match::Decision& d, const match::Request& r, const RespondOptions& o) {
  DownstreamContext ctx = downstream_context(r, o);
  switch (d.outcome) {
    case Outcome::kConnectionClosed:
    case Outcome::kTcpProxy:
    case Outcome::kTlsPassthrough: {
      LocalReply reply;
      reply.connection_closed = true;
      reply.reasons.push_back({"R1.13",
                               fmt::format("no HTTP exchange: the connection outcome is {}",
                                           match::outcome_name(d.outcome)),
                               d.chain ? d.chain->loc : base::SourceLoc{}});
      return reply;
    }
    case Outcome::kNotFound:
      return not_found(d, ctx);
    case Outcome::kHttpsRedirect:
      return https_redirect(d, r, ctx);
    case Outcome::kRoute:
    case Outcome::kRedirect:
    case Outcome::kDirectResponse:
      break;
  }
  if (d.route == nullptr)
    return not_found(d, ctx);
  const compile::Route& route = *d.route;

  // 1. Fault filter (R1.15: before CORS).
  std::optional<base::Duration> delay;
  std::string flags;
  std::vector<Reason> reasons;
  if (auto abort = apply_fault(route, o, ctx, delay, flags, reasons))
    return std::move(*abort);

  // 2. CORS filter: only routes with a route entry (not redirect/directResponse).
  const compile::CorsPolicy* cors_policy = nullptr;
  if (route.cors) {
    if (route.action == ActionKind::kRoute) {
      cors_policy = &*route.cors;
    } else {
      reasons.push_back({"R5.2",
                         "the corsPolicy has no effect: Envoy's CORS filter skips redirect and "
                         "directResponse routes (they have no route entry), so neither preflights "
                         "nor responses get CORS handling",
                         route.cors->loc});
    }
  }
  CorsState cors = cors_decode(cors_policy, r);
  reasons.insert(reasons.end(), cors.reasons.begin(), cors.reasons.end());
  if (cors.answer_locally) {
    LocalReply reply;
    reply.status = 200;
    reply.headers = cors_preflight_headers(*cors_policy, cors, r);
    // The reply is encoded from the first encoder filter, the CORS filter's own included.
    cors_encode(*cors_policy, cors, reply.headers);
    reply.delay = delay;
    reply.response_flags = flags;
    reply.details = "cors_response";
    reply.reasons = std::move(reasons);
    if (!cors.allowed_origin.empty() && !cors_policy->expose_headers.empty()) {
      reply.reasons.push_back({"R5.5",
                               "the preflight reply passes the CORS filter's own encode step, "
                               "which adds access-control-expose-headers",
                               cors_policy->loc});
    }
    return finish(std::move(reply), ctx);
  }

  // 3. Router.
  if (d.outcome == Outcome::kRedirect) {
    LocalReply reply = redirect_reply(d, r, route, ctx);
    reply.reasons.insert(reply.reasons.begin(), reasons.begin(), reasons.end());
    reply.delay = delay;
    reply.response_flags = flags;
    return reply;
  }
  if (d.outcome == Outcome::kDirectResponse) {
    LocalReply reply = direct_reply(route, ctx);
    reply.reasons.insert(reply.reasons.begin(), reasons.begin(), reasons.end());
    reply.delay = delay;
    reply.response_flags = flags;
    return reply;
  }
  return forward(d, r, route, o, ctx, delay, std::move(flags), std::move(reasons), cors_policy,
                 std::move(cors));
}

void finalize_response(const ForwardPlan& plan, uint32_t status, Headers& headers,
                       const FinalizeOptions& o) {
  headers.remove_names_if(
      [](std::string_view n) { return listed(kHopByHop, n) || base::iequals(n, "upgrade"); });
  // Router::onUpstreamHeaders: route_entry->finalizeResponseHeaders — the weighted cluster
  // entry's edits, then the route's.
  if (plan.route) {
    if (plan.route->route.weighted && plan.destination)
      apply_response_ops(plan.destination->headers, headers);
    apply_response_ops(plan.route->headers, headers);
  }
  if (o.upstream_service_time_ms && !o.suppress_envoy_headers)
    headers.set_in_place("x-envoy-upstream-service-time",
                         std::to_string(*o.upstream_service_time_ms));
  if (plan.cors_policy)
    cors_encode(*plan.cors_policy, plan.cors, headers);
  DownstreamContext ctx;
  ctx.http2 = o.http2;
  ctx.head_request = o.head_request;
  ctx.date = o.date;
  finish_downstream(status, headers, ctx);
}

}  // namespace igw::http
