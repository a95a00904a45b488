// End-to-end test helpers: temporary directories, free ports, child processes with hard
// timeouts, cpp-httplib upstreams, an `igw serve` process, and curl/openssl invocations.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace igw::e2e {

using namespace std::chrono_literals;

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::string& path);

// Gateway istio-system/gw with one HTTP server on port 80 for app.example.com, and the
// VirtualService web/app bound to it whose `http:` list is `http_rules` (YAML list items at an
// indent of two spaces).
std::string app_gateway_config(std::string_view http_rules);

// A port nothing listens on right now (bound to 127.0.0.1:0, then released).
uint16_t free_port();
// An offset such that every port in `ports` plus the offset can be bound on 127.0.0.1.
int free_offset(const std::vector<uint16_t>& ports);

struct RunResult {
  int exit_code = -1;  // -1: killed by the timeout
  std::string out;
  std::string err;
};
// Runs argv[0] (PATH lookup) with `input` on its standard input; killed after `timeout`.
RunResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout = 20s,
              const std::string& input = "");

// A curl run parsed: the final response (interim 1xx answers and followed redirects skipped).
struct HttpResult {
  int curl_exit = -1;
  int status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string raw_err;
  std::string header(const std::string& name) const;  // first value, "" when absent
  bool has(const std::string& name) const { return headers.count(name) > 0; }
};
// curl -s -S -i --max-time 15 ARGS...
HttpResult curl(std::vector<std::string> args);

// An HTTP/1.1 upstream in this process. Every request is answered with a JSON document
// {"name", "method", "path" (with query), "headers": {...}, "body_size"} and x-upstream: name,
// unless a handler registered for the path answers. "/slow/<ms>" sleeps first; "/status/<n>"
// answers with status n.
class Upstream {
 public:
  explicit Upstream(std::string name);
  ~Upstream();
  uint16_t port() const { return port_; }
  const std::string& name() const { return name_; }
  int hits() const { return hits_.load(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  std::string name_;
  httplib::Server server_;
  std::thread thread_;
  uint16_t port_ = 0;
  std::atomic<int> hits_{0};
};

// `igw serve` as a child process, with an admin port and access log of its own.
class IgwServe {
 public:
  // `args` follow "serve"; --admin, --access-log, --bind 127.0.0.1 and --workers 2 are added
  // unless given. Waits for /ready (up to 20 s); ready() tells whether it came.
  IgwServe(const TempDir& dir, std::vector<std::string> args);
  ~IgwServe();  // SIGTERM, then SIGKILL after 10 s

  bool ready() const { return ready_; }
  int pid() const { return pid_; }
  uint16_t admin_port() const { return admin_port_; }
  void signal(int sig) const;
  // Waits for the process to exit; its exit status, or -1 when it did not exit in time.
  int wait_exit(std::chrono::milliseconds timeout);
  std::string access_log() const;
  const std::string& access_log_path() const { return log_path_; }
  std::string stderr_text() const;
  HttpResult admin(const std::string& path, const std::string& method = "GET") const;
  // Waits until the stderr log contains `text`.
  bool wait_for_log(const std::string& text, std::chrono::milliseconds timeout) const;
  // Waits until the access log has at least `lines` lines.
  bool wait_for_access_lines(size_t lines, std::chrono::milliseconds timeout) const;

 private:
  int pid_ = -1;
  bool ready_ = false;
  bool exited_ = false;
  uint16_t admin_port_ = 0;
  std::string log_path_;
  std::string err_path_;
};

// `igw serve` on a configuration of the test's in a temporary directory, listening at a free
// port offset; curl reaches it as a client of the production host would (--connect-to).
// Suites derive their fixture state from it and call start() once their upstreams listen; a
// fixture whose members are igw's upstreams calls stop() in its destructor, so igw goes first
// (an upstream's server waits for the keep-alive connections igw's pool holds).
struct GatewayUnderTest {
  // Writes `config` to dir/gw.yaml and starts igw on it with --port-offset, one --endpoint per
  // `endpoints` entry (HOST=ADDR:PORT) and then `extra`; `gateway_port` is the Gateway server
  // port whose listening port `port` is.
  void start(const std::string& config, const std::vector<std::string>& endpoints,
             const std::vector<std::string>& extra = {}, uint16_t gateway_port = 80);
  // curl http://<host><path> through the gateway (Gateway port 80), `curl_args` before the URL.
  HttpResult get(const std::string& path, std::vector<std::string> curl_args = {},
                 const std::string& host = "app.example.com") const;
  // SIGTERM to igw and wait for it (IgwServe's destructor).
  void stop() { serve.reset(); }

  TempDir dir;
  int offset = 0;
  uint16_t port = 0;
  std::string config_path;
  std::unique_ptr<IgwServe> serve;
};

// A throwaway PKI made with the openssl command line: a CA, server certificates and a client
// certificate signed by it.
struct Pki {
  std::string ca_crt, ca_key;
  // Issues DIR/<name>.crt/.key for `sans` ("DNS:a.example.com,DNS:b…") with EKU `usage`
  // (serverAuth or clientAuth); returns false when openssl fails.
  bool issue(const TempDir& dir, const std::string& name, const std::string& cn,
             const std::string& sans, const std::string& usage) const;
  static std::optional<Pki> create(const TempDir& dir, const std::string& name);
};

// The certificate a TLS server presents for `sni` on `port` as `openssl x509 -text` prints it,
// "" when the handshake fails.
std::string presented_certificate(uint16_t port, const std::string& sni);

// Base64 of a file's content (for Secret manifests).
std::string base64_file(const std::string& path);

std::string igw_path();
bool wait_until(const std::function<bool()>& f, std::chrono::milliseconds timeout);

}  // namespace igw::e2e
