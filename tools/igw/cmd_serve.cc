// igw serve: run the gateway the configuration describes, on this machine — flags to
// serve::ServeOptions, then serve::run_server. All proxying lives in lib/serve.
#include "lib/base/duration.h"
#include "lib/base/strings.h"
#include "lib/serve/config_check.h"
#include "lib/serve/logger.h"
#include "lib/serve/server.h"
#include "lib/tls/dev_ca.h"

#include "tools/igw/commands.h"
#include "tools/igw/exit_code.h"
#include "tools/igw/usage.h"

#include <boost/asio/ip/address.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace igw::tools {

namespace {

struct ServeFlags {
  std::vector<std::string> paths;
  unsigned workers = 0;
  int port_offset = 0;
  std::string bind = "0.0.0.0";
  std::string admin = "127.0.0.1:15000";
  std::vector<std::string> endpoints;
  std::string secrets_dir;
  std::string dev_certs;
  const CLI::Option* dev_certs_opt = nullptr;
  bool watch = false;
  std::string access_log = "-";
  std::string access_log_format = "text";
  std::string log_level = "info";
  bool strict = false;
  bool check = false;
  bool echo_upstreams = false;
  std::string drain_timeout = "5s";
  std::string gateway_labels = "istio=ingressgateway";
  std::string gateway_namespace = "istio-system";
  std::string ns = "default";
  uint32_t max_request_headers_kb = 60;
  uint32_t max_request_headers = 100;
  uint32_t max_uri_bytes = 16 * 1024;
  uint64_t max_request_body_bytes = 0;
  std::string request_headers_timeout = "10s";
  std::string idle_timeout = "300s";
  std::string connect_timeout = "10s";
  uint32_t max_connections = 100'000;
};

// "HOST" "ADDR:PORT" / "[v6]:PORT" split; false on a malformed value.
bool split_host_port(std::string_view text, std::string& host, uint16_t& port) {
  size_t colon;
  if (text.starts_with("[")) {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return false;
    host = std::string(text.substr(1, close - 1));
    colon = close + 1;
  } else {
    colon = text.rfind(':');
    if (colon == std::string_view::npos)
      return false;
    host = std::string(text.substr(0, colon));
  }
  auto p = base::parse_int(text.substr(colon + 1));
  if (!p || *p < 0 || *p > 65535 || host.empty())
    return false;
  port = static_cast<uint16_t>(*p);
  return true;
}

std::optional<std::chrono::milliseconds> parse_ms(const std::string& text, std::string_view flag,
                                                  std::string& why) {
  std::string err;
  auto d = base::parse_duration(text, &err);
  if (!d || d->nanos < 0) {
    why = std::string(flag) + ": " + (err.empty() ? "not a duration" : err) + " (e.g. 5s, 250ms)";
    return std::nullopt;
  }
  return std::chrono::milliseconds(d->millis());
}

int run_serve(const ServeFlags& f) {
  serve::ServeOptions o;
  if (f.paths.empty())
    return usage_error("serve", "no configuration: give -f FILE or a directory");
  for (const auto& p : f.paths) {
    if (p == "-")
      return usage_error("serve",
                         "-f - (standard input) cannot be reloaded; give files or directories");
  }
  o.paths = f.paths;
  o.workers = f.workers;
  if (f.port_offset < -65535 || f.port_offset > 65535)
    return usage_error("serve", "--port-offset must be between -65535 and 65535");
  o.port_offset = f.port_offset;
  boost::system::error_code ec;
  boost::asio::ip::make_address(f.bind, ec);
  if (ec)
    return usage_error("serve", "--bind " + base::quote(f.bind) + " is not an IP address");
  o.bind_address = f.bind;

  std::string admin = base::to_lower(f.admin);
  if (admin == "0" || admin == "off" || admin == "none") {
    o.admin_port = 0;
  } else {
    std::string host;
    uint16_t port = 0;
    if (!split_host_port(f.admin, host, port)) {
      auto p = base::parse_int(f.admin);
      if (!p || *p < 0 || *p > 65535)
        return usage_error("serve",
                           "--admin must be ADDR:PORT, PORT or off, not " + base::quote(f.admin));
      host = "127.0.0.1";
      port = static_cast<uint16_t>(*p);
    }
    auto addr = boost::asio::ip::make_address(host, ec);
    if (ec || !addr.is_loopback())
      return usage_error("serve",
                         "--admin must be a loopback address (127.0.0.1 or ::1): the admin "
                         "listener answers anyone who reaches it");
    o.admin_address = host;
    o.admin_port = port;
  }

  for (const auto& e : f.endpoints) {
    size_t eq = e.find('=');
    serve::EndpointOverride ov;
    if (eq == std::string::npos || eq == 0 ||
        !split_host_port(e.substr(eq + 1), ov.address, ov.port) || ov.port == 0)
      return usage_error(
          "serve",
          "--endpoint " + base::quote(e) +
              ": write it as HOST=ADDR:PORT, e.g. api.prod.svc.cluster.local=127.0.0.1:8080");
    ov.host = base::to_lower(e.substr(0, eq));
    o.endpoints.push_back(std::move(ov));
  }
  o.secrets_dir = f.secrets_dir;
  if (f.dev_certs_opt && f.dev_certs_opt->count() > 0)
    o.dev_certs_dir = f.dev_certs.empty() ? tls::DevCa::default_dir() : f.dev_certs;
  o.watch = f.watch;
  o.access_log_path = base::to_lower(f.access_log) == "off" ? std::string() : f.access_log;
  std::string fmt_name = base::to_lower(f.access_log_format);
  if (fmt_name == "text")
    o.access_log_format = serve::AccessLogFormat::kText;
  else if (fmt_name == "json")
    o.access_log_format = serve::AccessLogFormat::kJson;
  else
    return usage_error("serve", "--access-log-format must be text or json");
  std::string level = f.log_level;
  if (const char* env = std::getenv("IGW_LOG_LEVEL"); env && *env && level == "info")
    level = env;
  if (!serve::parse_log_level(level, o.log_level))
    return usage_error("serve", "--log-level must be debug, info, warning, error or off");
  o.strict = f.strict;
  o.echo_upstreams = f.echo_upstreams;
  std::string why;
  auto drain = parse_ms(f.drain_timeout, "--drain-timeout", why);
  auto header_timeout = parse_ms(f.request_headers_timeout, "--request-headers-timeout", why);
  auto idle = parse_ms(f.idle_timeout, "--idle-timeout", why);
  auto connect = parse_ms(f.connect_timeout, "--connect-timeout", why);
  if (!drain || !header_timeout || !idle || !connect)
    return usage_error("serve", why);
  o.drain_timeout = *drain;
  o.limits.header_timeout = *header_timeout;
  o.limits.idle_timeout = *idle;
  o.limits.connect_timeout = *connect;
  if (f.max_request_headers_kb < 1 || f.max_request_headers_kb > 8192)
    return usage_error("serve", "--max-request-headers-kb must be between 1 and 8192");
  o.limits.max_request_header_bytes = f.max_request_headers_kb * 1024;
  o.limits.max_request_headers = f.max_request_headers;
  o.limits.max_uri_bytes = f.max_uri_bytes;
  o.limits.max_request_body_bytes = f.max_request_body_bytes;
  o.limits.max_connections = f.max_connections;
  o.gateway_labels = f.gateway_labels;
  o.gateway_namespace = f.gateway_namespace;
  o.default_namespace = f.ns;
  if (f.check)
    return serve::check_config(o, std::cout, std::cerr);
  return serve::run_server(o, std::cerr);
}

}  // namespace

Command add_serve_command(CLI::App& app) {
  auto f = std::make_shared<ServeFlags>();
  CLI::App* sub = app.add_subcommand(
      "serve", "Run the gateway the configuration describes (HTTP/1.1 and TLS edge proxy)");
  sub->footer(
      "Example: igw serve -f examples/ --port-offset 8000 --dev-certs --echo-upstreams\n"
      "then:    curl --connect-to ::127.0.0.1:8080 http://app.example.com/\n"
      "Signals: SIGHUP reloads, SIGTERM/SIGINT drain and exit, SIGUSR1 reopens the access log.");
  sub->add_option("paths", f->paths, "Configuration files or directories");
  sub->add_option("-f,--filename", f->paths, "Configuration file or directory; repeatable")
      ->allow_extra_args(false);
  sub->add_option("--workers", f->workers, "I/O threads (default: one per core)");
  sub->add_option("--port-offset", f->port_offset,
                  "Added to every listening port (80 → 8080 with 8000); routing still uses the "
                  "Gateway ports");
  sub->add_option("--bind", f->bind,
                  "Address for listeners whose Gateway server has no bind (default 0.0.0.0)");
  sub->add_option("--admin", f->admin,
                  "Admin listener ADDR:PORT on loopback (default 127.0.0.1:15000), or off");
  sub->add_option("--endpoint", f->endpoints,
                  "Send traffic for HOST (a destination host, or host:port) to ADDR:PORT; "
                  "repeatable")
      ->allow_extra_args(false);
  sub->add_option("--secrets-dir", f->secrets_dir,
                  "Directory laid out like mounted Secrets: DIR/<ns>/<name>/tls.crt|tls.key|ca.crt "
                  "or DIR/<name>/…");
  f->dev_certs_opt =
      sub->add_option("--dev-certs", f->dev_certs,
                      "Issue certificates for unresolved credentials from a local CA kept in DIR "
                      "(default $XDG_STATE_HOME/igw/dev-certs)")
          ->expected(0, 1);
  sub->add_flag("--watch", f->watch, "Reload when a configuration or certificate file changes");
  sub->add_option("--access-log", f->access_log,
                  "Access log file, - for standard output (default), or off");
  sub->add_option("--access-log-format", f->access_log_format,
                  "text (Istio's default format) or json");
  sub->add_option("--log-level", f->log_level,
                  "debug, info (default), warning, error or off (also IGW_LOG_LEVEL)");
  sub->add_flag("--strict", f->strict, "Refuse to start (or reload) on any error finding");
  sub->add_flag("--check", f->check,
                "Load, lint, compile and build the TLS state, print what would be served, and "
                "exit with the code start-up would have (like nginx -t); opens no socket");
  sub->add_flag("--echo-upstreams", f->echo_upstreams,
                "Answer destinations without endpoints with a built-in JSON echo");
  sub->add_option("--drain-timeout", f->drain_timeout,
                  "How long SIGTERM waits for in-flight requests (default 5s)");
  sub->add_option("--gateway-labels", f->gateway_labels,
                  "Labels of the emulated gateway pod, k=v,... (default istio=ingressgateway)");
  sub->add_option("--gateway-namespace", f->gateway_namespace,
                  "Namespace of the gateway pod and its Secrets (default istio-system)");
  sub->add_option("-n,--namespace", f->ns,
                  "Namespace for objects that name none (default \"default\")");
  sub->add_option("--max-request-headers-kb", f->max_request_headers_kb,
                  "Request header block limit in KiB, 431 beyond (default 60)");
  sub->add_option("--max-request-headers", f->max_request_headers,
                  "Request header count limit, 431 beyond (default 100)");
  sub->add_option("--max-uri-bytes", f->max_uri_bytes,
                  "Request-target length limit, 414 beyond (default 16384)");
  sub->add_option("--max-request-body-bytes", f->max_request_body_bytes,
                  "Request body limit, 413 beyond (default 0: none)");
  sub->add_option("--request-headers-timeout", f->request_headers_timeout,
                  "Time for a request's headers (and a TLS handshake) to arrive (default 10s)");
  sub->add_option("--idle-timeout", f->idle_timeout,
                  "Close connections idle this long (default 300s)");
  sub->add_option("--connect-timeout", f->connect_timeout,
                  "Upstream connect timeout (default 10s, Istio's)");
  sub->add_option("--max-connections", f->max_connections,
                  "Downstream connection limit for the process (default 100000)");
  return {sub, [f]() { return run_serve(*f); }};
}

}  // namespace igw::tools
