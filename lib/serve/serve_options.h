// serve::ServeOptions: everything `igw serve` is told on its command line, already validated.
#pragma once

#include "lib/base/duration.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace igw::serve {

// Protection limits for downstream HTTP/1.1 (reference/ECOSYSTEM.md §6.1). Envoy's defaults where
// Envoy has one (60 KiB of request headers, 100 headers).
struct Limits {
  uint32_t max_request_header_bytes = 60 * 1024;  // 431 beyond
  uint32_t max_request_headers = 100;              // 431 beyond
  uint32_t max_uri_bytes = 16 * 1024;              // 414 beyond
  uint64_t max_request_body_bytes = 0;             // 413 beyond; 0 = no limit
  std::chrono::milliseconds header_timeout{10'000};  // first byte to end of headers (slowloris)
  std::chrono::milliseconds idle_timeout{300'000};   // no request in flight and nothing read
  std::chrono::milliseconds connect_timeout{10'000};  // upstream connect (Istio's default 10 s)
  uint32_t max_connections = 100'000;  // downstream connections per process
  // Request bytes kept so that a failed attempt can be retried (Envoy's retry buffer); a
  // request with a longer body is not retried.
  uint32_t retry_buffer_bytes = 64 * 1024;
};

// An `--endpoint HOST=ADDR:PORT` override: requests to clusters whose host (or host:port) is
// `host` go to `address:port`.
struct EndpointOverride {
  std::string host;  // lower-case; may carry ":port" to pick one port of the host
  std::string address;
  uint16_t port = 0;
};

enum class AccessLogFormat { kText, kJson };
enum class LogLevel { kDebug, kInfo, kWarning, kError, kOff };

struct ServeOptions {
  std::vector<std::string> paths;  // config files and directories ("-" not allowed: reload)
  unsigned workers = 0;            // 0: one per core
  int port_offset = 0;
  std::string bind_address = "0.0.0.0";  // for listeners whose Gateway server has no `bind`
  std::string admin_address = "127.0.0.1";
  uint16_t admin_port = 15000;  // 0: no admin listener
  std::vector<EndpointOverride> endpoints;
  std::string secrets_dir;
  std::optional<std::string> dev_certs_dir;  // set (possibly to the default) with --dev-certs
  bool watch = false;
  std::string access_log_path = "-";  // "-": standard output, "": off
  AccessLogFormat access_log_format = AccessLogFormat::kText;
  LogLevel log_level = LogLevel::kInfo;
  bool strict = false;
  bool echo_upstreams = false;
  std::chrono::milliseconds drain_timeout{5'000};
  std::string gateway_labels = "istio=ingressgateway";
  std::string gateway_namespace = "istio-system";
  std::string default_namespace = "default";
  Limits limits;
};

}  // namespace igw::serve
