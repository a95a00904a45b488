// End-to-end test helpers.
#include "tests/e2e/e2e_util.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

extern char** environ;

namespace igw::e2e {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "igw-e2e.XXXXXX").string();
  char* made = mkdtemp(tmpl.data());
  path_ = made ? fs::path(made) : fs::temp_directory_path();
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!std::getenv("IGW_E2E_KEEP"))
    fs::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
  fs::path p = path_ / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool wait_until(const std::function<bool()>& f, std::chrono::milliseconds timeout) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (f())
      return true;
    std::this_thread::sleep_for(20ms);
  }
  return f();
}

namespace {

bool can_bind(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

std::string app_gateway_config(std::string_view http_rules) {
  return R"(
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["app.example.com"]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: app, namespace: web}
spec:
  hosts: ["app.example.com"]
  gateways: ["istio-system/gw"]
  http:
)" + std::string(http_rules);
}

uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  socklen_t len = sizeof(a);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

void GatewayUnderTest::start(const std::string& config, const std::vector<std::string>& endpoints,
                             const std::vector<std::string>& extra, uint16_t gateway_port) {
  offset = free_offset({gateway_port});
  port = static_cast<uint16_t>(gateway_port + offset);
  config_path = dir.write("gw.yaml", config);
  std::vector<std::string> args = {"-f", config_path, "--port-offset", std::to_string(offset)};
  for (const auto& e : endpoints) {
    args.push_back("--endpoint");
    args.push_back(e);
  }
  args.insert(args.end(), extra.begin(), extra.end());
  serve = std::make_unique<IgwServe>(dir, args);
}

HttpResult GatewayUnderTest::get(const std::string& path, std::vector<std::string> curl_args,
                                 const std::string& host) const {
  std::vector<std::string> args = {"--connect-to", host + ":80:127.0.0.1:" + std::to_string(port)};
  args.insert(args.end(), curl_args.begin(), curl_args.end());
  args.push_back("http://" + host + path);
  return curl(args);
}

int free_offset(const std::vector<uint16_t>& ports) {
  // Above the perf harness's fixed ports (18080–22443), below the ephemeral range.
  std::mt19937 rng(std::random_device{}());
  for (int attempt = 0; attempt < 200; ++attempt) {
    int offset = 30000 + static_cast<int>(rng() % 2000) * 10;
    bool ok = true;
    for (uint16_t p : ports)
      ok = ok && p + offset < 65536 && can_bind(static_cast<uint16_t>(p + offset));
    if (ok)
      return offset;
  }
  return 30000;
}

// --- processes -------------------------------------------------------------------------------

namespace {

struct Spawned {
  pid_t pid = -1;
  int out = -1;
  int err = -1;
  int in = -1;
};

Spawned spawn(const std::vector<std::string>& argv, bool pipes, const std::string& out_file,
              const std::string& err_file) {
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  if (pipes) {
    if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 ||
        ::pipe2(err_pipe, O_CLOEXEC) != 0)
      return {};
    posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  } else {
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Default signal handling in the child (the test runner may block or ignore some).
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  Spawned s;
  int rc = posix_spawnp(&s.pid, args[0], &fa, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (pipes) {
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    s.in = in_pipe[1];
    s.out = out_pipe[0];
    s.err = err_pipe[0];
  }
  if (rc != 0)
    s.pid = -1;
  return s;
}

}  // namespace

RunResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
              const std::string& input) {
  RunResult r;
  Spawned s = spawn(argv, true, "", "");
  if (s.pid < 0) {
    r.err = "cannot start " + argv[0];
    for (int fd : {s.in, s.out, s.err})
      if (fd >= 0)
        ::close(fd);
    return r;
  }
  if (!input.empty()) {
    size_t off = 0;
    while (off < input.size()) {
      ssize_t n = ::write(s.in, input.data() + off, input.size() - off);
      if (n <= 0)
        break;
      off += static_cast<size_t>(n);
    }
  }
  ::close(s.in);
  auto end = std::chrono::steady_clock::now() + timeout;
  bool out_open = true, err_open = true, killed = false;
  char buf[65536];
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    end - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      ::kill(s.pid, SIGKILL);
      killed = true;
      break;
    }
    pollfd fds[2] = {{s.out, POLLIN, 0}, {s.err, POLLIN, 0}};
    if (!out_open)
      fds[0].fd = -1;
    if (!err_open)
      fds[1].fd = -1;
    int n = ::poll(fds, 2, static_cast<int>(std::min<long>(left, 200)));
    if (n <= 0)
      continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].revents == 0)
        continue;
      ssize_t got = ::read(fds[i].fd, buf, sizeof(buf));
      if (got <= 0) {
        (i == 0 ? out_open : err_open) = false;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(got));
      }
    }
  }
  ::close(s.out);
  ::close(s.err);
  int status = 0;
  ::waitpid(s.pid, &status, 0);
  r.exit_code = killed ? -1 : (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return r;
}

std::string HttpResult::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

HttpResult curl(std::vector<std::string> args) {
  std::vector<std::string> argv = {IGW_CURL, "-s", "-S", "-i", "--max-time", "15"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r = run(argv, 30s);
  HttpResult h;
  h.curl_exit = r.exit_code;
  h.raw_err = r.err;
  std::string_view rest = r.out;
  // Response blocks: only the last one counts.
  while (rest.starts_with("HTTP/")) {
    size_t end = rest.find("\r\n\r\n");
    if (end == std::string_view::npos)
      break;
    std::string_view head = rest.substr(0, end);
    std::string_view after = rest.substr(end + 4);
    int status = std::atoi(std::string(head.substr(head.find(' ') + 1, 3)).c_str());
    // Interim (1xx) answers, and with -L the redirects curl followed, come before the final one.
    if (after.starts_with("HTTP/")) {
      rest = after;
      continue;
    }
    h.status = status;
    size_t pos = head.find("\r\n");
    while (pos != std::string_view::npos) {
      size_t next = head.find("\r\n", pos + 2);
      std::string_view line = head.substr(
          pos + 2, next == std::string_view::npos ? std::string_view::npos : next - pos - 2);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string name(line.substr(0, colon));
        for (auto& c : name)
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string_view v = line.substr(colon + 1);
        while (!v.empty() && v.front() == ' ')
          v.remove_prefix(1);
        h.headers.emplace(name, std::string(v));
      }
      pos = next;
    }
    h.body = std::string(after);
    break;
  }
  return h;
}

// --- upstreams ---------------------------------------------------------------------------------

Upstream::Upstream(std::string name) : name_(std::move(name)) {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    ++hits_;
    const std::string& p = req.path;
    if (p.starts_with("/slow/")) {
      int ms = std::atoi(p.c_str() + 6);
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    }
    if (p.starts_with("/status/"))
      res.status = std::atoi(p.c_str() + 8);
    std::string target = req.target.empty() ? req.path : req.target;
    std::string headers = "{";
    bool first = true;
    for (const auto& [k, v] : req.headers) {
      if (k == "REMOTE_ADDR" || k == "REMOTE_PORT" || k == "LOCAL_ADDR" || k == "LOCAL_PORT")
        continue;
      std::string lk = k;
      for (auto& c : lk)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string ev;
      for (char c : v) {
        if (c == '"' || c == '\\')
          ev.push_back('\\');
        ev.push_back(c);
      }
      headers += fmt::format("{}\"{}\":\"{}\"", first ? "" : ",", lk, ev);
      first = false;
    }
    headers += "}";
    res.set_header("x-upstream", name_);
    res.set_content(fmt::format("{{\"name\":\"{}\",\"method\":\"{}\",\"path\":\"{}\","
                                "\"headers\":{},\"body_size\":{}}}",
                                name_, req.method, target, headers, req.body.size()),
                    "application/json");
  };
  server_.Get(".*", handler);
  server_.Post(".*", handler);
  server_.Put(".*", handler);
  server_.Delete(".*", handler);
  server_.Options(".*", handler);
  server_.Patch(".*", handler);
  server_.set_payload_max_length(1ULL << 34);
  int port = server_.bind_to_any_port("127.0.0.1");
  port_ = static_cast<uint16_t>(port);
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  wait_until([this] { return server_.is_running(); }, 5s);
}

Upstream::~Upstream() {
  server_.stop();
  if (thread_.joinable())
    thread_.join();
}

// --- igw serve ---------------------------------------------------------------------------------

std::string igw_path() {
  return IGW_EXECUTABLE;
}

IgwServe::IgwServe(const TempDir& dir, std::vector<std::string> args) {
  auto has = [&](const std::string& flag) {
    for (const auto& a : args) {
      if (a == flag || a.starts_with(flag + "="))
        return true;
    }
    return false;
  };
  static std::atomic<int> counter{0};
  int n = counter++;
  log_path_ = dir.file(fmt::format("access-{}.log", n));
  err_path_ = dir.file(fmt::format("serve-{}.err", n));
  std::vector<std::string> argv = {igw_path(), "serve"};
  argv.insert(argv.end(), args.begin(), args.end());
  if (!has("--admin")) {
    admin_port_ = free_port();
    argv.push_back("--admin");
    argv.push_back(fmt::format("127.0.0.1:{}", admin_port_));
  }
  if (!has("--access-log")) {
    argv.push_back("--access-log");
    argv.push_back(log_path_);
  }
  if (!has("--bind")) {
    argv.push_back("--bind");
    argv.push_back("127.0.0.1");
  }
  if (!has("--workers")) {
    argv.push_back("--workers");
    argv.push_back("2");
  }
  Spawned s = spawn(argv, false, dir.file(fmt::format("serve-{}.out", n)), err_path_);
  pid_ = s.pid;
  if (pid_ < 0)
    return;
  ready_ = wait_until(
      [this] {
        if (exited_)
          return false;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
          exited_ = true;
          return false;
        }
        HttpResult r = admin("/ready");
        return r.status == 200;
      },
      20s);
}

IgwServe::~IgwServe() {
  if (pid_ > 0 && !exited_) {
    ::kill(pid_, SIGTERM);
    if (wait_exit(10s) == -1) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
}

void IgwServe::signal(int sig) const {
  if (pid_ > 0 && !exited_)
    ::kill(pid_, sig);
}

int IgwServe::wait_exit(std::chrono::milliseconds timeout) {
  if (pid_ < 0)
    return -1;
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exited_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(20ms);
  }
  return -1;
}

std::string IgwServe::access_log() const {
  return read_file(log_path_);
}

std::string IgwServe::stderr_text() const {
  return read_file(err_path_);
}

HttpResult IgwServe::admin(const std::string& path, const std::string& method) const {
  return curl({"-X", method, fmt::format("http://127.0.0.1:{}{}", admin_port_, path)});
}

bool IgwServe::wait_for_log(const std::string& text, std::chrono::milliseconds timeout) const {
  return wait_until([&] { return stderr_text().find(text) != std::string::npos; }, timeout);
}

bool IgwServe::wait_for_access_lines(size_t lines, std::chrono::milliseconds timeout) const {
  return wait_until(
      [&] {
        std::string log = access_log();
        return static_cast<size_t>(std::count(log.begin(), log.end(), '\n')) >= lines;
      },
      timeout);
}

// --- PKI -------------------------------------------------------------------------------------

std::optional<Pki> Pki::create(const TempDir& dir, const std::string& name) {
  Pki p;
  p.ca_crt = dir.file(name + "-ca.crt");
  p.ca_key = dir.file(name + "-ca.key");
  RunResult r = run({IGW_OPENSSL,
                     "req",
                     "-x509",
                     "-newkey",
                     "ec",
                     "-pkeyopt",
                     "ec_paramgen_curve:P-256",
                     "-nodes",
                     "-days",
                     "2",
                     "-subj",
                     "/CN=" + name + " test CA",
                     "-keyout",
                     p.ca_key,
                     "-out",
                     p.ca_crt,
                     "-addext",
                     "basicConstraints=critical,CA:TRUE",
                     "-addext",
                     "keyUsage=critical,keyCertSign,cRLSign"});
  if (r.exit_code != 0)
    return std::nullopt;
  return p;
}

bool Pki::issue(const TempDir& dir, const std::string& name, const std::string& cn,
                const std::string& sans, const std::string& usage) const {
  std::string key = dir.file(name + ".key"), csr = dir.file(name + ".csr"),
              crt = dir.file(name + ".crt"), ext = dir.file(name + ".ext");
  dir.write(name + ".ext", fmt::format("subjectAltName={}\nextendedKeyUsage={}\n", sans, usage));
  RunResult a = run({IGW_OPENSSL, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                     "-nodes", "-subj", "/CN=" + cn, "-keyout", key, "-out", csr});
  if (a.exit_code != 0)
    return false;
  RunResult b = run({IGW_OPENSSL, "x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key,
                     "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", crt});
  return b.exit_code == 0;
}

std::string presented_certificate(uint16_t port, const std::string& sni) {
  RunResult hs = run({"timeout", "10", IGW_OPENSSL, "s_client", "-connect",
                      fmt::format("127.0.0.1:{}", port), "-servername", sni, "-showcerts"},
                     15s, "");
  size_t b = hs.out.find("-----BEGIN CERTIFICATE-----");
  size_t e = hs.out.find("-----END CERTIFICATE-----");
  if (b == std::string::npos || e == std::string::npos)
    return "";
  std::string pem = hs.out.substr(b, e - b + 25) + "\n";
  RunResult text = run({IGW_OPENSSL, "x509", "-noout", "-text"}, 10s, pem);
  return text.out;
}

std::string base64_file(const std::string& path) {
  RunResult r = run({IGW_OPENSSL, "base64", "-A", "-in", path});
  return r.out;
}

}  // namespace igw::e2e
