// Helpers for the traffic-policy and limit end-to-end tests.
#include "tests/e2e/e2e_traffic_util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace igw::e2e {

ScriptedUpstream::ScriptedUpstream(Handler handler, StreamHandler stream_handler)
    : handler_(std::move(handler)), stream_handler_(std::move(stream_handler)) {
  auto plain = [this](const httplib::Request& req, httplib::Response& res) {
    count(req.path);
    handler_(req, res);
  };
  auto with_body = [this](const httplib::Request& req, httplib::Response& res,
                          const httplib::ContentReader& reader) {
    count(req.path);
    if (stream_handler_) {
      stream_handler_(req, res, reader);
      return;
    }
    // Read the whole body, then answer as for a plain request.
    httplib::Request copy = req;
    reader([&](const char* data, size_t n) {
      copy.body.append(data, n);
      return true;
    });
    handler_(copy, res);
  };
  server_.Get(".*", plain);
  server_.Delete(".*", plain);
  server_.Options(".*", plain);
  server_.Post(".*", with_body);
  server_.Put(".*", with_body);
  server_.Patch(".*", with_body);
  server_.set_payload_max_length(1ULL << 34);
  // Head and body go out in separate writes: without TCP_NODELAY, Nagle holds the body until the
  // head is acknowledged, and the proxy's delayed ACK makes every exchange take ~20-40 ms.
  server_.set_tcp_nodelay(true);
  port_ = static_cast<uint16_t>(server_.bind_to_any_port("127.0.0.1"));
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  wait_until([this] { return server_.is_running(); }, 5s);
}

ScriptedUpstream::~ScriptedUpstream() {
  server_.stop();
  if (thread_.joinable())
    thread_.join();
}

void ScriptedUpstream::count(const std::string& path) {
  size_t second = path.find('/', 1);
  std::lock_guard<std::mutex> l(mu_);
  ++hits_[path.substr(0, second)];
}

int ScriptedUpstream::hits(const std::string& prefix) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = hits_.find(prefix);
  return it == hits_.end() ? 0 : it->second;
}

int connect_local(uint16_t port, std::chrono::milliseconds recv_timeout) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{static_cast<time_t>(recv_timeout.count() / 1000),
             static_cast<suseconds_t>((recv_timeout.count() % 1000) * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  return fd;
}

bool send_all(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0)
      return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

namespace {

std::string read_impl(int fd, const std::string* until) {
  std::string out;
  char buf[4096];
  while (!until || out.find(*until) == std::string::npos) {
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n == 0)
      break;
    if (n < 0) {
      out += errno == ECONNRESET ? "<reset>" : "<timeout>";
      break;
    }
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace

std::string read_until(int fd, const std::string& until) {
  return read_impl(fd, &until);
}

std::string read_to_close(int fd) {
  return read_impl(fd, nullptr);
}

void replace_file(const TempDir& dir, const std::string& name, const std::string& content) {
  std::string tmp = dir.write(name + ".new", content);
  std::filesystem::rename(tmp, dir.file(name));
}

std::string access_line(const IgwServe& serve, const std::string& method, const std::string& path) {
  std::string needle = "\"" + method + " " + path + " HTTP/1.1\"";
  std::string line;
  wait_until(
      [&] {
        std::string log = serve.access_log();
        size_t at = log.find(needle);
        if (at == std::string::npos)
          return false;
        size_t b = log.rfind('\n', at);
        b = b == std::string::npos ? 0 : b + 1;
        size_t e = log.find('\n', at);
        line = log.substr(b, e == std::string::npos ? std::string::npos : e - b);
        return true;
      },
      5s);
  return line;
}

void fill_pattern(uint64_t offset, char* out, size_t n) {
  for (size_t i = 0; i < n; ++i)
    out[i] = pattern_byte(offset + i);
}

uint64_t pattern_hash(uint64_t n) {
  Fnv64 h;
  char buf[65536];
  for (uint64_t off = 0; off < n; off += sizeof(buf)) {
    size_t len = static_cast<size_t>(std::min<uint64_t>(sizeof(buf), n - off));
    fill_pattern(off, buf, len);
    h.add(buf, len);
  }
  return h.h;
}

long proc_status_number(int pid, std::string_view field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(field)) {
      std::istringstream s(line.substr(field.size()));
      long n = -1;
      s >> n;
      return n;
    }
  }
  return -1;
}

long peak_rss_kib(int pid) {
  return proc_status_number(pid, "VmHWM:");
}

}  // namespace igw::e2e
