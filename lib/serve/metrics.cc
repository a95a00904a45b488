// Per-worker metrics and the Prometheus text format.
#include "lib/serve/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <iterator>

namespace igw::serve {

void RequestStats::add(const RequestStats& o) {
  count += o.count;
  duration_sum_ms += o.duration_sum_ms;
  for (size_t i = 0; i < buckets.size(); ++i)
    buckets[i] += o.buckets[i];
}

void Counters::add(const Counters& o) {
  downstream_connections_total += o.downstream_connections_total;
  downstream_connections_active += o.downstream_connections_active;
  downstream_tls_handshake_failures += o.downstream_tls_handshake_failures;
  downstream_protocol_errors += o.downstream_protocol_errors;
  upstream_connections_total += o.upstream_connections_total;
  upstream_connect_failures += o.upstream_connect_failures;
  upstream_resets += o.upstream_resets;
  upstream_timeouts += o.upstream_timeouts;
  upstream_retries += o.upstream_retries;
  upstream_no_healthy += o.upstream_no_healthy;
  mirrored_requests += o.mirrored_requests;
}

size_t Metrics::Hash::hash(std::string_view s, uint32_t code, std::string_view flags) {
  size_t h = std::hash<std::string_view>{}(s);
  h ^= std::hash<uint32_t>{}(code) + 0x9e3779b9 + (h << 6) + (h >> 2);
  h ^= std::hash<std::string_view>{}(flags) + 0x9e3779b9 + (h << 6) + (h >> 2);
  return h;
}

void Metrics::record_request(std::string_view destination_service, uint32_t code,
                             std::string_view flags, double duration_ms) {
  RequestKeyView k{destination_service, code, flags.empty() ? std::string_view("-") : flags};
  auto it = requests_.find(k);
  if (it == requests_.end()) {
    it = requests_
             .emplace(RequestKey{std::string(k.destination_service), code,
                                 std::string(k.response_flags)},
                      RequestStats{})
             .first;
  }
  RequestStats& s = it->second;
  ++s.count;
  s.duration_sum_ms += duration_ms;
  auto b = std::lower_bound(kDurationBucketsMs.begin(), kDurationBucketsMs.end(), duration_ms);
  if (b != kDurationBucketsMs.end())
    ++s.buckets[static_cast<size_t>(b - kDurationBucketsMs.begin())];
}

void Metrics::merge(const Metrics& other) {
  for (const auto& [k, v] : other.requests_)
    requests_[k].add(v);
  counters_.add(other.counters_);
}

namespace {

// "api.prod.svc.cluster.local" → ("api", "prod"); other hosts keep their name, namespace unknown.
std::pair<std::string, std::string> service_name_namespace(std::string_view host) {
  if (host.ends_with(".svc.cluster.local")) {
    std::string_view rest = host.substr(0, host.size() - std::string_view(".svc.cluster.local").size());
    size_t dot = rest.find('.');
    if (dot != std::string_view::npos)
      return {std::string(rest.substr(0, dot)), std::string(rest.substr(dot + 1))};
  }
  return {std::string(host), "unknown"};
}

std::string label_escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"')
      out.push_back('\\');
    if (c == '\n') {
      out.append("\\n");
      continue;
    }
    out.push_back(c);
  }
  return out;
}

void counter(std::string& out, std::string_view name, std::string_view help, uint64_t v) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, help,
                 name, name, v);
}

void gauge(std::string& out, std::string_view name, std::string_view help, int64_t v) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, help,
                 name, name, v);
}

}  // namespace

std::string render_prometheus(const Metrics& m, const PrometheusContext& ctx) {
  std::string out;
  auto it = std::back_inserter(out);
  // Sorted for stable output.
  std::vector<std::pair<const RequestKey*, const RequestStats*>> rows;
  for (const auto& [k, v] : m.requests())
    rows.emplace_back(&k, &v);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first->destination_service, a.first->response_code,
                    a.first->response_flags) < std::tie(b.first->destination_service,
                                                         b.first->response_code,
                                                         b.first->response_flags);
  });
  auto labels = [&](const RequestKey& k) {
    auto [name, ns] = service_name_namespace(k.destination_service);
    return fmt::format(
        "reporter=\"source\",source_workload=\"{}\",source_workload_namespace=\"{}\","
        "destination_service=\"{}\",destination_service_name=\"{}\","
        "destination_service_namespace=\"{}\",request_protocol=\"http\",response_code=\"{}\","
        "response_flags=\"{}\",connection_security_policy=\"unknown\"",
        label_escape(ctx.workload), label_escape(ctx.workload_namespace),
        label_escape(k.destination_service), label_escape(name), label_escape(ns),
        k.response_code, label_escape(k.response_flags));
  };
  out.append("# HELP istio_requests_total Requests the gateway answered.\n");
  out.append("# TYPE istio_requests_total counter\n");
  for (const auto& [k, v] : rows)
    fmt::format_to(it, "istio_requests_total{{{}}} {}\n", labels(*k), v->count);
  out.append("# HELP istio_request_duration_milliseconds Request duration.\n");
  out.append("# TYPE istio_request_duration_milliseconds histogram\n");
  for (const auto& [k, v] : rows) {
    std::string l = labels(*k);
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kDurationBucketsMs.size(); ++i) {
      cumulative += v->buckets[i];
      fmt::format_to(it, "istio_request_duration_milliseconds_bucket{{{},le=\"{}\"}} {}\n", l,
                     kDurationBucketsMs[i], cumulative);
    }
    fmt::format_to(it, "istio_request_duration_milliseconds_bucket{{{},le=\"+Inf\"}} {}\n", l,
                   v->count);
    fmt::format_to(it, "istio_request_duration_milliseconds_sum{{{}}} {}\n", l,
                   v->duration_sum_ms);
    fmt::format_to(it, "istio_request_duration_milliseconds_count{{{}}} {}\n", l, v->count);
  }
  const Counters& c = m.counters();
  counter(out, "igw_downstream_connections_total", "Downstream connections accepted.",
          c.downstream_connections_total);
  gauge(out, "igw_downstream_connections_active", "Downstream connections open.",
        c.downstream_connections_active);
  counter(out, "igw_downstream_tls_handshake_failures_total",
          "Downstream TLS handshakes that failed.", c.downstream_tls_handshake_failures);
  counter(out, "igw_downstream_protocol_errors_total",
          "Requests refused by the HTTP/1.1 codec (400, 414, 431, 501).",
          c.downstream_protocol_errors);
  counter(out, "igw_upstream_connections_total", "Upstream connections opened.",
          c.upstream_connections_total);
  counter(out, "igw_upstream_connect_failures_total", "Upstream connection attempts that failed.",
          c.upstream_connect_failures);
  counter(out, "igw_upstream_resets_total",
          "Upstream connections that closed or broke before the response ended.",
          c.upstream_resets);
  counter(out, "igw_upstream_timeouts_total", "Upstream requests that timed out.",
          c.upstream_timeouts);
  counter(out, "igw_upstream_retries_total", "Upstream request retries.", c.upstream_retries);
  counter(out, "igw_upstream_no_healthy_total", "Requests with no endpoint to go to (UH).",
          c.upstream_no_healthy);
  counter(out, "igw_mirrored_requests_total", "Requests mirrored (fire and forget).",
          c.mirrored_requests);
  gauge(out, "igw_config_generation", "Generation of the configuration in service.",
        static_cast<int64_t>(ctx.config_generation));
  gauge(out, "igw_config_loaded_timestamp_seconds", "When that configuration was loaded.",
        ctx.config_loaded_at);
  counter(out, "igw_config_reloads_total", "Successful configuration reloads.", ctx.reloads_ok);
  counter(out, "igw_config_reload_failures_total",
          "Reloads refused (the previous configuration stays in service).", ctx.reloads_failed);
  out.append(
      "# HELP igw_certificate_expiration_timestamp_seconds When each served certificate "
      "expires.\n# TYPE igw_certificate_expiration_timestamp_seconds gauge\n");
  for (const auto& cert : ctx.certificates)
    fmt::format_to(it, "igw_certificate_expiration_timestamp_seconds{{credential=\"{}\"}} {}\n",
                   label_escape(cert.credential), cert.not_after);
  return out;
}

}  // namespace igw::serve
