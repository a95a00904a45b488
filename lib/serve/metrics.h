// serve metrics: counters and histograms each worker keeps without locks, summed when
// /stats/prometheus is scraped. Request metrics use Istio's standard names and labels
// (istio.io/latest/docs/reference/config/metrics) so existing dashboards work; the proxy's own
// counters are igw_*.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace igw::serve {

// Istio's default buckets for istio_request_duration_milliseconds.
inline constexpr std::array<double, 19> kDurationBucketsMs = {
    0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
    1800000, 3600000};

struct RequestStats {
  uint64_t count = 0;
  double duration_sum_ms = 0;
  std::array<uint64_t, kDurationBucketsMs.size()> buckets{};  // non-cumulative
  void add(const RequestStats& o);
};

struct RequestKey {
  std::string destination_service;  // the cluster's host, "unknown" for local replies
  uint32_t response_code = 0;
  std::string response_flags;  // "-" when none
  bool operator==(const RequestKey&) const = default;
};

struct RequestKeyView {
  std::string_view destination_service;
  uint32_t response_code = 0;
  std::string_view response_flags;
};

struct Counters {
  uint64_t downstream_connections_total = 0;
  int64_t downstream_connections_active = 0;
  uint64_t downstream_tls_handshake_failures = 0;
  uint64_t downstream_protocol_errors = 0;  // 400/414/431/501 from the codec
  uint64_t upstream_connections_total = 0;
  uint64_t upstream_connect_failures = 0;
  uint64_t upstream_resets = 0;
  uint64_t upstream_timeouts = 0;
  uint64_t upstream_retries = 0;
  uint64_t upstream_no_healthy = 0;
  uint64_t mirrored_requests = 0;
  void add(const Counters& o);
};

class Metrics {
 public:
  struct Hash {
    using is_transparent = void;
    size_t operator()(const RequestKey& k) const { return hash(k.destination_service, k.response_code, k.response_flags); }
    size_t operator()(const RequestKeyView& k) const { return hash(k.destination_service, k.response_code, k.response_flags); }
    static size_t hash(std::string_view s, uint32_t code, std::string_view flags);
  };
  struct Eq {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return a.response_code == b.response_code &&
             std::string_view(a.destination_service) == std::string_view(b.destination_service) &&
             std::string_view(a.response_flags) == std::string_view(b.response_flags);
    }
  };
  using RequestMap = std::unordered_map<RequestKey, RequestStats, Hash, Eq>;

  void record_request(std::string_view destination_service, uint32_t code,
                      std::string_view flags, double duration_ms);
  Counters& counters() { return counters_; }
  const Counters& counters() const { return counters_; }
  const RequestMap& requests() const { return requests_; }

  // Adds `other` into this (used on scrape, on the admin thread, with copies).
  void merge(const Metrics& other);

 private:
  RequestMap requests_;
  Counters counters_;
};

struct CertificateExpiry {
  std::string credential;
  int64_t not_after = 0;  // unix seconds
};

struct PrometheusContext {
  std::string workload = "istio-ingressgateway";
  std::string workload_namespace = "istio-system";
  uint64_t config_generation = 0;
  int64_t config_loaded_at = 0;
  uint64_t reloads_ok = 0;
  uint64_t reloads_failed = 0;
  std::vector<CertificateExpiry> certificates;
};

// The Prometheus text exposition of `m`.
std::string render_prometheus(const Metrics& m, const PrometheusContext& ctx);

}  // namespace igw::serve
