// http::respond: what the gateway does with a routed request — answer it locally or forward it.
// Pure: every random choice (weighted pick, fault and mirror percentages) and every value Envoy
// would generate (x-request-id, date) comes from the caller, so `igw serve` and `igw curl-sim`
// execute identical plans.
//
// Order follows the gateway's HTTP filter chain (R1.15): fault (delay, abort) → CORS (preflight)
// → router (httpsRedirect, redirect, directResponse, forward, 404). On the way back, the router
// applies the route's response headers, then the CORS filter its headers, then the connection
// manager date/server (finalize_response()).
#pragma once

#include "lib/http/forward_plan.h"
#include "lib/http/local_reply.h"
#include "lib/match/decision.h"
#include "lib/match/request.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

namespace igw::http {

struct RespondOptions {
  // Envoy's random value for the weighted-cluster pick (random % total_weight, R4.3).
  uint64_t cluster_random = 0;
  // Fault and mirror sampling: a percentage applies when random % 1'000'000 < ppm (Envoy's
  // runtime featureEnabled with a MILLION denominator, as Istio emits).
  uint64_t fault_delay_random = 0;
  uint64_t fault_abort_random = 0;
  uint64_t mirror_random = 0;
  // The downstream peer as the gateway sees it (use_remote_address, 0 trusted hops: R1.14).
  std::string_view peer_address = "203.0.113.10";
  // The gateway's own address: Envoy appends it to x-forwarded-for instead of a loopback peer.
  std::string_view local_address = "10.0.0.2";
  // The x-request-id Envoy generates (every request at the gateway is an edge request, so a
  // client-sent id is replaced).
  std::string_view request_id;
  bool http2 = false;     // the downstream protocol (HTTP/1 adds content-length: 0)
  std::string_view date;  // the date header value Envoy would add
  // meshConfig proxyHeaders.envoyDebugHeaders.disabled (router suppress_envoy_headers): no
  // x-envoy-original-path, x-envoy-expected-rq-timeout-ms, x-envoy-upstream-service-time.
  bool suppress_envoy_headers = false;
  // meshConfig proxyHeaders.xForwardedHost: the client's Host goes to x-forwarded-host on an
  // authority rewrite (R4.8).
  bool append_x_forwarded_host = false;
  // When true, a destination the input does not define fails like Envoy without the cluster:
  // 503, flag NC (R4.2). When false (curl-sim's default) the upstream is assumed to exist.
  bool undefined_cluster_fails = false;
  // When false, the forwarded plan carries no explanations: no Reasons and no request_changes
  // (curl-sim and routes print them; `igw serve` only executes the plan, and computing them was
  // ~6 % of its CPU per request). The headers, status and every other field are identical.
  bool explain = true;
};

using Response = std::variant<LocalReply, ForwardPlan>;

// The gateway's answer for `request` routed to `decision` (from match::decide). Connection-level
// outcomes (connection closed, tcp_proxy, TLS passthrough) have no HTTP answer: they give a
// LocalReply with connection_closed set and status 0.
Response respond(const match::Decision& decision, const match::Request& request,
                 const RespondOptions& options);

// The response side of a forwarded request: `status` and `headers` as the upstream sent them
// become what the client receives (R4.4 response header ops — the destination's, then the
// route's —, x-envoy-upstream-service-time, R5.6 CORS headers, date when absent, server
// overwritten, HTTP/1 content-length: 0 when needed). Hop-by-hop headers are dropped.
struct FinalizeOptions {
  std::optional<uint64_t> upstream_service_time_ms;  // nullopt: no header
  bool http2 = false;
  bool head_request = false;
  std::string_view date;
  bool suppress_envoy_headers = false;
};
void finalize_response(const ForwardPlan& plan, uint32_t status, Headers& headers,
                       const FinalizeOptions& options);

// R4.11/R4.12 sampling: whether `random` falls inside `ppm` parts per million.
bool sampled(uint64_t random, uint32_t ppm);

}  // namespace igw::http
