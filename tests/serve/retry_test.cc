// Retry conditions and back-off as Envoy's router applies them.
#include "lib/serve/retry.h"

#include <gtest/gtest.h>

namespace igw::serve {
namespace {

TEST(Retry, IstioDefaultPolicyRetriesConnectFailuresOnly) {
  compile::RetryPolicy policy;  // Istio's default: no retriable status codes
  RetryOn on = parse_retry_on(policy.retry_on);
  EXPECT_TRUE(on.connect_failure);
  EXPECT_TRUE(on.refused_stream);
  EXPECT_TRUE(on.grpc_unavailable);
  EXPECT_TRUE(retry_on_failure(on, AttemptFailure::kConnectFailure));
  EXPECT_FALSE(retry_on_failure(on, AttemptFailure::kReset));
  EXPECT_FALSE(retry_on_failure(on, AttemptFailure::kPerTryTimeout));
  EXPECT_FALSE(retry_on_response(on, policy, 503, std::nullopt));
  EXPECT_TRUE(retry_on_response(on, policy, 200, 14u));  // grpc-status UNAVAILABLE
}

TEST(Retry, GatewayErrorAnd5xxAndStatusCodes) {
  compile::RetryPolicy policy;
  policy.retry_on = "gateway-error,retriable-status-codes";
  policy.retriable_status_codes = {418};
  RetryOn on = parse_retry_on(policy.retry_on);
  EXPECT_TRUE(retry_on_response(on, policy, 502, std::nullopt));
  EXPECT_TRUE(retry_on_response(on, policy, 504, std::nullopt));
  EXPECT_FALSE(retry_on_response(on, policy, 500, std::nullopt));
  EXPECT_TRUE(retry_on_response(on, policy, 418, std::nullopt));
  // Envoy counts a reset (and a per-try timeout) as a gateway error.
  EXPECT_TRUE(retry_on_failure(on, AttemptFailure::kReset));
  EXPECT_TRUE(retry_on_failure(on, AttemptFailure::kPerTryTimeout));
  RetryOn five = parse_retry_on("5xx");
  EXPECT_TRUE(retry_on_response(five, policy, 500, std::nullopt));
  RetryOn four = parse_retry_on("retriable-4xx");
  EXPECT_TRUE(retry_on_response(four, policy, 409, std::nullopt));
  EXPECT_FALSE(retry_on_response(four, policy, 404, std::nullopt));
}

TEST(Retry, BackoffIsJitteredBelowTheExponentialCap) {
  for (uint64_t r = 0; r < 1000; r += 7) {
    EXPECT_LT(backoff_ms(25, 1, r), 25u);
    EXPECT_LT(backoff_ms(25, 2, r), 75u);
    EXPECT_LE(backoff_ms(25, 10, r), 250u);
  }
  EXPECT_EQ(backoff_ms(0, 3, 12345), 0u);
}

}  // namespace
}  // namespace igw::serve
