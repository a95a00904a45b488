// Executing a route's retry policy (R4.10) the way Envoy's router does: which failures and
// responses are retried (envoy:source/common/router/retry_state_impl.cc, wouldRetryFromHeaders /
// wouldRetryFromReset) and how long to wait in between
// (envoy:source/common/common/backoff_strategy.cc, JitteredExponentialBackOffStrategy).
#pragma once

#include "lib/compile/route_table.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace igw::serve {

// The retry_on tokens of a policy, parsed once per request.
struct RetryOn {
  bool on_5xx = false;
  bool gateway_error = false;
  bool reset = false;
  bool connect_failure = false;
  bool retriable_4xx = false;
  bool refused_stream = false;
  bool retriable_status_codes = false;
  bool grpc_cancelled = false;
  bool grpc_deadline_exceeded = false;
  bool grpc_resource_exhausted = false;
  bool grpc_unavailable = false;
  bool grpc_internal = false;
};
RetryOn parse_retry_on(std::string_view tokens);

// How an attempt failed before any response header arrived.
enum class AttemptFailure {
  kConnectFailure,  // connect() failed or timed out: reset reason "remote connection failure"
  kReset,           // the connection closed or broke: "connection termination"
  kPerTryTimeout,   // the per-try timeout fired: a local reset
  kProtocolError,   // the upstream sent something that is not HTTP/1.1
};

bool retry_on_failure(const RetryOn& on, AttemptFailure f);
// `grpc_status`: the response's grpc-status header, when present.
bool retry_on_response(const RetryOn& on, const compile::RetryPolicy& policy, uint32_t status,
                       std::optional<uint32_t> grpc_status);

// The wait before retry number `retry` (1 for the first retry): a random value below
// base × (2^retry − 1), capped at 10 × base (Envoy's default maximum).
uint64_t backoff_ms(uint64_t base_ms, unsigned retry, uint64_t random);

}  // namespace igw::serve
