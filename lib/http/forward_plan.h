// http::ForwardPlan: everything Envoy does to forward a request upstream (R4.2–R4.12) and what it
// will do to the upstream's answer, so `igw serve` executes it and `igw curl-sim` explains it.
#pragma once

#include "lib/base/duration.h"
#include "lib/compile/route_table.h"
#include "lib/http/cors.h"
#include "lib/http/headers.h"
#include "lib/http/reason.h"

#include <optional>
#include <string>
#include <vector>

namespace igw::http {

// The request as the upstream receives it.
struct UpstreamRequest {
  std::string method;
  std::string scheme;     // x-forwarded-proto: the downstream scheme at the edge (R1.17)
  std::string authority;  // :authority / Host after rewrites (R4.8)
  std::string path;       // :path after normalisation (R1.14) and rewrites (R4.8)
  Headers headers;        // every other header, lower-case names, in Envoy's order
};

// R4.12: one request_mirror_policies entry.
struct MirrorTarget {
  std::string cluster;
  const compile::Cluster* target = nullptr;
  std::string authority;  // the upstream authority with "-shadow" appended, as Envoy sends it
  uint32_t ppm = 0;
  bool sampled = false;  // whether this request is mirrored (mirror_random % 1e6 < ppm)
};

struct ForwardPlan {
  const compile::Route* route = nullptr;
  // The picked destination (R4.3: Envoy's weighted pick on the caller's random value).
  const compile::WeightedCluster* destination = nullptr;
  std::string cluster;  // its cluster name, outbound|port|subset|host
  // Whether the input defines the destination host (a Service or ServiceEntry); without one,
  // Envoy has no such cluster and answers 503 NC at request time (R4.2).
  bool cluster_defined = false;

  UpstreamRequest request;
  // The upstream :path when the route rewrites it (R4.8); x-envoy-original-path then carries the
  // original. nullopt when the route has no path rewrite.
  std::optional<std::string> path_rewrite;
  // The upstream authority when a rewrite applies (route's or the destination's); nullopt when
  // the client's Host is forwarded unchanged.
  std::optional<std::string> host_rewrite;
  // Client request → upstream request, header by header (for explanations).
  std::vector<HeaderChange> request_changes;

  std::optional<base::Duration> timeout;          // nullopt: disabled (R4.9)
  std::optional<base::Duration> per_try_timeout;  // effective (ignored when ≥ timeout)
  compile::RetryPolicy retry;                     // R4.10
  std::optional<base::Duration> delay;            // a sampled fault delay (R4.11)
  std::vector<MirrorTarget> mirrors;              // R4.12

  // The CORS filter's state for the response side (R5.6, R5.7).
  const compile::CorsPolicy* cors_policy = nullptr;
  CorsState cors;

  std::string response_flags;  // "DI" when a fault delay applies
  std::vector<Reason> reasons;
};

}  // namespace igw::http
