// One-line descriptions of timeout, retry and percentage settings.
#include "lib/http/policy_text.h"

#include <fmt/format.h>

#include <vector>

namespace igw::http {

std::string describe_ppm(uint32_t ppm) {
  if (ppm % 10'000 == 0)
    return fmt::format("{}%", ppm / 10'000);
  std::string s = fmt::format("{:.4f}", ppm / 10'000.0);
  while (!s.empty() && s.back() == '0')
    s.pop_back();
  if (!s.empty() && s.back() == '.')
    s.pop_back();
  return s + "%";
}

std::string describe_timeout(const std::optional<base::Duration>& timeout) {
  if (!timeout)
    return "no route timeout: Istio sets 0s (disabled) unless the rule sets `timeout`";
  return fmt::format("route timeout {}", base::format_duration(*timeout));
}

std::string describe_retry(const compile::RetryPolicy& r,
                           const std::optional<base::Duration>& per_try) {
  if (!r.enabled)
    return "no retries (retries.attempts is 0)";
  std::string out =
      fmt::format("up to {} retr{}{} on {}", r.num_retries, r.num_retries == 1 ? "y" : "ies",
                  r.istio_default ? " (Istio's default policy)" : "", r.retry_on);
  if (!r.retriable_status_codes.empty())
    out += fmt::format(" (status codes {})", fmt::join(r.retriable_status_codes, ","));
  else if (r.retry_on.find("retriable-status-codes") != std::string::npos)
    out += " (no status code listed, so no HTTP status is retried)";
  if (per_try)
    out += fmt::format("; per-try timeout {}", base::format_duration(*per_try));
  else if (r.per_try_timeout)
    out += fmt::format("; perTryTimeout {} ignored (not below the route timeout)",
                       base::format_duration(*r.per_try_timeout));
  out += fmt::format("; backoff {}", r.backoff_base ? base::format_duration(*r.backoff_base)
                                                    : std::string("25ms (Envoy's default)"));
  if (r.previous_hosts_predicate)
    out += "; a retry avoids hosts already tried";
  return out;
}

}  // namespace igw::http
