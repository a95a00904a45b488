// Retry conditions and back-off.
#include "lib/serve/retry.h"

#include "lib/base/strings.h"

namespace igw::serve {

RetryOn parse_retry_on(std::string_view tokens) {
  RetryOn on;
  for (std::string_view t : base::split(tokens, ',')) {
    t = base::trim(t);
    if (t == "5xx")
      on.on_5xx = true;
    else if (t == "gateway-error")
      on.gateway_error = true;
    else if (t == "reset" || t == "reset-before-request")
      on.reset = true;
    else if (t == "connect-failure")
      on.connect_failure = true;
    else if (t == "retriable-4xx")
      on.retriable_4xx = true;
    else if (t == "refused-stream")
      on.refused_stream = true;
    else if (t == "retriable-status-codes")
      on.retriable_status_codes = true;
    else if (t == "cancelled")
      on.grpc_cancelled = true;
    else if (t == "deadline-exceeded")
      on.grpc_deadline_exceeded = true;
    else if (t == "resource-exhausted")
      on.grpc_resource_exhausted = true;
    else if (t == "unavailable")
      on.grpc_unavailable = true;
    else if (t == "internal")
      on.grpc_internal = true;
  }
  return on;
}

bool retry_on_failure(const RetryOn& on, AttemptFailure f) {
  // Envoy counts any reset as a "5xx" for the 5xx and gateway-error policies.
  if (on.on_5xx || on.gateway_error || on.reset)
    return true;
  return f == AttemptFailure::kConnectFailure && on.connect_failure;
}

bool retry_on_response(const RetryOn& on, const compile::RetryPolicy& policy, uint32_t status,
                       std::optional<uint32_t> grpc_status) {
  if (on.on_5xx && status >= 500 && status < 600)
    return true;
  if (on.gateway_error && (status == 502 || status == 503 || status == 504))
    return true;
  if (on.retriable_4xx && status == 409)
    return true;
  if (on.retriable_status_codes) {
    for (uint32_t c : policy.retriable_status_codes) {
      if (c == status)
        return true;
    }
  }
  if (grpc_status) {
    switch (*grpc_status) {
      case 1:
        return on.grpc_cancelled;
      case 4:
        return on.grpc_deadline_exceeded;
      case 8:
        return on.grpc_resource_exhausted;
      case 13:
        return on.grpc_internal;
      case 14:
        return on.grpc_unavailable;
      default:
        break;
    }
  }
  return false;
}

uint64_t backoff_ms(uint64_t base_ms, unsigned retry, uint64_t random) {
  if (base_ms == 0)
    return 0;
  const uint64_t max_ms = base_ms * 10;
  uint64_t multiplier = retry >= 63 ? ~0ULL : (1ULL << retry) - 1;
  uint64_t limit = multiplier > max_ms / base_ms ? max_ms : multiplier * base_ms;
  if (limit == 0)
    return 0;
  return std::min(random % limit, max_ms);
}

}  // namespace igw::serve
