// One-line descriptions of route policies (R4.9 timeout, R4.10 retries, percentages) for
// explanations in curl-sim and routes.
#pragma once

#include "lib/base/duration.h"
#include "lib/compile/route_table.h"

#include <cstdint>
#include <optional>
#include <string>

namespace igw::http {

// "100%", "50%", "0.1%" for parts per million.
std::string describe_ppm(uint32_t ppm);
// "no route timeout (Istio disables Envoy's 15s default)" or "route timeout 5s".
std::string describe_timeout(const std::optional<base::Duration>& timeout);
// "retries: up to 2 (Istio's default) on connect-failure,…; per try timeout 2s; …".
std::string describe_retry(const compile::RetryPolicy& retry,
                           const std::optional<base::Duration>& effective_per_try_timeout);

}  // namespace igw::http
