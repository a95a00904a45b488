// Per-worker metrics, merged and rendered for Prometheus.
#include "lib/serve/metrics.h"

#include <gtest/gtest.h>

namespace igw::serve {
namespace {

TEST(Metrics, RequestsAreCountedPerServiceCodeAndFlags) {
  Metrics a, b;
  a.record_request("api.prod.svc.cluster.local", 200, "", 0.7);
  a.record_request("api.prod.svc.cluster.local", 200, "", 30);
  b.record_request("api.prod.svc.cluster.local", 200, "", 2);
  b.record_request("unknown", 404, "NR", 0.1);
  a.counters().upstream_retries = 2;
  b.counters().upstream_retries = 3;
  Metrics total;
  total.merge(a);
  total.merge(b);
  std::string text = render_prometheus(total, PrometheusContext{});
  EXPECT_NE(text.find("istio_requests_total{reporter=\"source\",source_workload=\"istio-"
                      "ingressgateway\",source_workload_namespace=\"istio-system\","
                      "destination_service=\"api.prod.svc.cluster.local\","
                      "destination_service_name=\"api\",destination_service_namespace=\"prod\","
                      "request_protocol=\"http\",response_code=\"200\",response_flags=\"-\","
                      "connection_security_policy=\"unknown\"} 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("response_code=\"404\",response_flags=\"NR\""), std::string::npos);
  // Cumulative buckets: 0.7 ms is in le=1 and above, 2 ms from le=5, 30 ms from le=50.
  EXPECT_NE(text.find("le=\"1\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("le=\"5\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("le=\"50\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("igw_upstream_retries_total 5\n"), std::string::npos);
}

TEST(Metrics, CertificateExpiryIsExported) {
  PrometheusContext ctx;
  ctx.certificates.push_back({"Secret istio-system/web-tls", 1'800'000'000});
  std::string text = render_prometheus(Metrics{}, ctx);
  EXPECT_NE(text.find("igw_certificate_expiration_timestamp_seconds{credential=\"Secret "
                      "istio-system/web-tls\"} 1800000000"),
            std::string::npos);
}

}  // namespace
}  // namespace igw::serve
