// igw serve end to end, bodies and limits: 64 MiB uploads and downloads streamed with
// back-pressure (igw's peak RSS stays far below the body size), --max-request-body-bytes,
// --max-connections, and certificates from --secrets-dir swapped under --watch.
#include "tests/e2e/e2e_traffic_util.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace igw::e2e {
namespace {

std::string http_config() {
  return app_gateway_config(
      "  - route: [{destination: {host: a.web.svc.cluster.local, port: {number: 80}}}]\n");
}

struct LimitsGateway : GatewayUnderTest {
  LimitsGateway(const std::string& upstream, const std::vector<std::string>& extra) {
    start(http_config(), {"a.web.svc.cluster.local=" + upstream}, extra);
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(15, 0);
    c.set_write_timeout(15, 0);
    return c;
  }
};

const httplib::Headers kHost = {{"Host", "app.example.com"}};

// --- large bodies ----------------------------------------------------------------------------

constexpr uint64_t kBig = 64ULL << 20;  // 64 MiB
constexpr size_t kPiece = 64 * 1024;
constexpr uint64_t kPauseAfter = 1ULL << 20;

// The upstream: POST /sink reads the body as a stream (pausing 500 ms after the first MiB, so
// that a proxy without back-pressure would have to hold the rest) and answers its length and
// hash; GET /source/<n> sends n pattern bytes with a Content-Length.
ScriptedUpstream::Handler source_handler() {
  return [](const httplib::Request& req, httplib::Response& res) {
    if (!req.path.starts_with("/source/")) {
      res.set_content("{}", "application/json");
      return;
    }
    uint64_t n = std::stoull(req.path.substr(8));
    res.set_content_provider(n, "application/octet-stream",
                             [](size_t offset, size_t length, httplib::DataSink& sink) {
                               char buf[kPiece];
                               size_t len = std::min(length, kPiece);
                               fill_pattern(offset, buf, len);
                               return sink.write(buf, len);
                             });
  };
}

ScriptedUpstream::StreamHandler sink_handler() {
  return [](const httplib::Request&, httplib::Response& res, const httplib::ContentReader& read) {
    uint64_t bytes = 0;
    bool paused = false;
    Fnv64 h;
    read([&](const char* data, size_t n) {
      bytes += n;
      h.add(data, n);
      if (!paused && bytes >= kPauseAfter) {
        paused = true;
        std::this_thread::sleep_for(500ms);
      }
      return true;
    });
    res.set_content(fmt::format(R"({{"bytes":{},"hash":"{}"}})", bytes, h.h), "application/json");
  };
}

TEST(Bodies, SixtyFourMebibytesStreamBothWaysWithinBoundedMemory) {
  ScriptedUpstream up(source_handler(), sink_handler());
  LimitsGateway g(up.address(), {});
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  const uint64_t want_hash = pattern_hash(kBig);
  httplib::Client c = g.client();
  // Warm up (pools, buffers), then take the idle peak.
  ASSERT_TRUE(c.Get("/warm", kHost));
  long idle_kib = peak_rss_kib(g.serve->pid());
  ASSERT_GT(idle_kib, 0);

  // Upload with a Content-Length.
  auto provider = [](size_t offset, size_t length, httplib::DataSink& sink) {
    char buf[kPiece];
    size_t len = std::min(length, kPiece);
    fill_pattern(offset, buf, len);
    return sink.write(buf, len);
  };
  auto up_res = c.Post("/sink", kHost, kBig, provider, "application/octet-stream");
  ASSERT_TRUE(up_res) << httplib::to_string(up_res.error());
  ASSERT_EQ(up_res->status, 200) << up_res->body;
  auto doc = nlohmann::json::parse(up_res->body, nullptr, false);
  EXPECT_EQ(doc["bytes"], kBig);
  EXPECT_EQ(doc["hash"], std::to_string(want_hash));

  // Upload chunked (no length known up front).
  auto chunked = [](size_t offset, httplib::DataSink& sink) {
    if (offset >= kBig) {
      sink.done();
      return true;
    }
    char buf[kPiece];
    size_t len = static_cast<size_t>(std::min<uint64_t>(kPiece, kBig - offset));
    fill_pattern(offset, buf, len);
    return sink.write(buf, len);
  };
  auto ch_res = c.Post("/sink", kHost, chunked, "application/octet-stream");
  ASSERT_TRUE(ch_res) << httplib::to_string(ch_res.error());
  ASSERT_EQ(ch_res->status, 200) << ch_res->body;
  doc = nlohmann::json::parse(ch_res->body, nullptr, false);
  EXPECT_EQ(doc["bytes"], kBig);
  EXPECT_EQ(doc["hash"], std::to_string(want_hash));

  // Download, pausing 500 ms after the first MiB.
  uint64_t got = 0;
  bool paused = false;
  Fnv64 h;
  auto down = c.Get(fmt::format("/source/{}", kBig), kHost, [&](const char* data, size_t n) {
    got += n;
    h.add(data, n);
    if (!paused && got >= kPauseAfter) {
      paused = true;
      std::this_thread::sleep_for(500ms);
    }
    return true;
  });
  ASSERT_TRUE(down) << httplib::to_string(down.error());
  EXPECT_EQ(down->status, 200);
  EXPECT_EQ(down->get_header_value("content-length"), std::to_string(kBig));
  EXPECT_EQ(got, kBig);
  EXPECT_EQ(h.h, want_hash);

  // Three 64 MiB bodies went through; the proxy's peak resident set grew by far less than one.
  long peak_kib = peak_rss_kib(g.serve->pid());
  EXPECT_LT(peak_kib - idle_kib, 40 * 1024) << "idle " << idle_kib << " KiB, peak " << peak_kib;
  std::string l = access_line(*g.serve, "GET", fmt::format("/source/{}", kBig));
  EXPECT_NE(l.find(" 200 - via_upstream "), std::string::npos) << l;
}

// --- --max-request-body-bytes ----------------------------------------------------------------

TEST(Limits, RequestBodyLimitAnswers413) {
  Upstream up("a");
  LimitsGateway g(up.address(), {"--max-request-body-bytes", "1000"});
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  auto head = [](const std::string& path) {
    return "POST /" + path + " HTTP/1.1\r\nHost: app.example.com\r\n";
  };

  // Within the limit, with a length and chunked.
  int fd = connect_local(g.port, 3s);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(
      send_all(fd, head("small") + "Content-Length: 1000\r\n\r\n" + std::string(1000, 's')));
  std::string reply = read_until(fd, "}");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200 ")) << reply;
  EXPECT_NE(reply.find("\"body_size\":1000}"), std::string::npos) << reply;
  ASSERT_TRUE(send_all(fd, head("smallchunks") + "Transfer-Encoding: chunked\r\n\r\n12c\r\n" +
                               std::string(300, 'c') + "\r\n12c\r\n" + std::string(300, 'c') +
                               "\r\n0\r\n\r\n"));
  reply = read_until(fd, "}");
  ::close(fd);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200 ")) << reply;
  EXPECT_NE(reply.find("\"body_size\":600}"), std::string::npos) << reply;

  // A Content-Length over the limit is refused from the head alone, before any body byte is
  // sent (as nginx's client_max_body_size does), and the upstream never sees the request.
  int before = up.hits();
  fd = connect_local(g.port, 3s);
  ASSERT_GE(fd, 0);
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(send_all(fd, head("big") + "Content-Length: 5000\r\n\r\n"));
  reply = read_to_close(fd);
  ::close(fd);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413 ")) << reply;
  EXPECT_NE(reply.find("connection: close"), std::string::npos) << reply;
  EXPECT_EQ(reply.find("<timeout>"), std::string::npos) << reply;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(up.hits(), before);
  std::string l = access_line(*g.serve, "POST", "/big");
  EXPECT_NE(l.find(" 413 - request_payload_too_large "), std::string::npos) << l;

  // The same with the body sent along in the same write: the client still reads the 413 (the
  // unread body must not turn the close into a reset that discards it), and the upstream is not
  // called.
  fd = connect_local(g.port, 3s);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(
      send_all(fd, head("bigbody") + "Content-Length: 5000\r\n\r\n" + std::string(5000, 'b')));
  reply = read_to_close(fd);
  ::close(fd);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413 ")) << reply;
  EXPECT_EQ(reply.find("<timeout>"), std::string::npos) << reply;
  l = access_line(*g.serve, "POST", "/bigbody");
  EXPECT_NE(l.find(" 413 - request_payload_too_large "), std::string::npos) << l;

  // With Expect: 100-continue: the 413 comes instead of a 100, so no body is ever sent.
  fd = connect_local(g.port, 3s);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(
      send_all(fd, head("bigexpect") + "Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n"));
  reply = read_to_close(fd);
  ::close(fd);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413 ")) << reply;
  EXPECT_EQ(reply.find("100 Continue"), std::string::npos) << reply;
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(up.hits(), before);

  // A chunked body is counted as it streams: 413 once it passes the limit.
  fd = connect_local(g.port, 3s);
  ASSERT_GE(fd, 0);
  std::string chunk = "258\r\n" + std::string(600, 'c') + "\r\n";  // 600 bytes
  ASSERT_TRUE(send_all(fd, head("bigchunks") + "Transfer-Encoding: chunked\r\n\r\n" + chunk));
  std::this_thread::sleep_for(100ms);
  send_all(fd, chunk);  // 1200 bytes now
  reply = read_to_close(fd);
  ::close(fd);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413 ")) << reply;
  EXPECT_EQ(reply.find("<timeout>"), std::string::npos) << reply;
}

// --- --max-connections -----------------------------------------------------------------------

std::string one_request(int fd, const std::string& path, bool close) {
  if (!send_all(fd, "GET " + path + " HTTP/1.1\r\nHost: app.example.com\r\n" +
                        (close ? "Connection: close\r\n" : "") + "\r\n"))
    return "<send failed>";
  return close ? read_to_close(fd) : read_until(fd, "\"body_size\":0}");
}

TEST(Limits, MaxConnectionsClosesTheConnectionBeyondTheLimit) {
  Upstream up("a");
  LimitsGateway g(up.address(), {"--max-connections", "2"});
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  // Two keep-alive connections, each served once and held open.
  int held[2];
  for (int& fd : held) {
    fd = connect_local(g.port, 3s);
    ASSERT_GE(fd, 0);
    std::string r = one_request(fd, "/held", false);
    ASSERT_TRUE(r.starts_with("HTTP/1.1 200 ")) << r;
  }
  // The third is accepted by the kernel, then closed by igw without a byte of response — what
  // Envoy does past a listener's connection limit (ActiveTcpListener::onAccept,
  // envoy:source/common/listener_manager/active_tcp_listener.cc).
  int third = connect_local(g.port, 3s);
  ASSERT_GE(third, 0);
  std::string r3 = one_request(third, "/third", true);
  ::close(third);
  EXPECT_EQ(r3.find("HTTP/1.1"), std::string::npos) << r3;
  EXPECT_EQ(r3.find("<timeout>"), std::string::npos) << r3;
  // The held connections still work.
  std::string again = one_request(held[1], "/again", false);
  EXPECT_TRUE(again.starts_with("HTTP/1.1 200 ")) << again;
  // Once one closes, a new connection is served again.
  ::close(held[0]);
  std::string later;
  EXPECT_TRUE(wait_until(
      [&] {
        int fd = connect_local(g.port, 3s);
        if (fd < 0)
          return false;
        later = one_request(fd, "/later", true);
        ::close(fd);
        return later.starts_with("HTTP/1.1 200 ");
      },
      5s))
      << later;
  ::close(held[1]);
}

// --- certificates swapped under --watch ------------------------------------------------------

constexpr const char* kTlsConfig = R"(
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["secure.example.com"]
    tls: {mode: SIMPLE, credentialName: site-cert}
  - port: {number: 443, name: https-k8s, protocol: HTTPS}
    hosts: ["mounted.example.com"]
    tls: {mode: SIMPLE, credentialName: mounted-cert}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: app, namespace: web}
spec:
  hosts: ["secure.example.com", "mounted.example.com"]
  gateways: ["istio-system/gw"]
  http:
  - route: [{destination: {host: a.web.svc.cluster.local, port: {number: 80}}}]
)";

struct TlsGateway : GatewayUnderTest {
  TlsGateway() {
    auto p = Pki::create(dir, "watch");
    if (!p)
      return;
    pki = *p;
    for (std::string v : {"v1", "v2"}) {
      if (!pki.issue(dir, "secure-" + v, "secure " + v, "DNS:secure.example.com", "serverAuth") ||
          !pki.issue(dir, "mounted-" + v, "mounted " + v, "DNS:mounted.example.com", "serverAuth"))
        return;
    }
    namespace fs = std::filesystem;
    // secure: plain files in <dir>/<namespace>/<name>/.
    dir.write("secrets/istio-system/site-cert/tls.crt", read_file(dir.file("secure-v1.crt")));
    dir.write("secrets/istio-system/site-cert/tls.key", read_file(dir.file("secure-v1.key")));
    // mounted: the layout kubelet gives a mounted Secret — tls.crt → ..data/tls.crt, and
    // ..data → a timestamped directory, swapped by renaming a new ..data symlink over it.
    std::string m = "secrets/istio-system/mounted-cert/";
    dir.write(m + "..v1/tls.crt", read_file(dir.file("mounted-v1.crt")));
    dir.write(m + "..v1/tls.key", read_file(dir.file("mounted-v1.key")));
    fs::create_directory_symlink("..v1", dir.path() / (m + "..data"));
    fs::create_symlink("..data/tls.crt", dir.path() / (m + "tls.crt"));
    fs::create_symlink("..data/tls.key", dir.path() / (m + "tls.key"));
    start(kTlsConfig, {"a.web.svc.cluster.local=" + up.address()},
          {"--secrets-dir", dir.file("secrets"), "--watch"}, 443);
  }
  ~TlsGateway() { stop(); }
  HttpResult get_https(const std::string& host) const {
    return curl({"--connect-to", fmt::format("{}:443:127.0.0.1:{}", host, port), "--cacert",
                 pki.ca_crt, "--max-time", "5", "https://" + host + "/"});
  }

  Pki pki;
  Upstream up{"a"};
};

// Runs HTTPS requests (each a new curl, so a new handshake) until stopped; counts the outcomes.
class Prober {
 public:
  Prober(const TlsGateway& g, std::string host) {
    thread_ = std::thread([this, &g, host] {
      while (!stop_) {
        HttpResult r = g.get_https(host);
        if (r.status == 200) {
          ++ok_;
        } else {
          ++failed_;
          std::lock_guard<std::mutex> l(mu_);
          if (first_failure_.empty())
            first_failure_ = fmt::format("status {} curl {}: {}", r.status, r.curl_exit, r.raw_err);
        }
      }
    });
  }
  ~Prober() { finish(); }
  void finish() {
    stop_ = true;
    if (thread_.joinable())
      thread_.join();
  }
  int ok() const { return ok_; }
  int failed() const { return failed_; }
  std::string first_failure() {
    std::lock_guard<std::mutex> l(mu_);
    return first_failure_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> ok_{0}, failed_{0};
  std::mutex mu_;
  std::string first_failure_;
  std::thread thread_;
};

TEST(CertWatch, ReplacedCertificateIsServedWithoutAFailedRequest) {
  TlsGateway g;
  ASSERT_TRUE(g.serve && g.serve->ready()) << (g.serve ? g.serve->stderr_text() : "no PKI");
  ASSERT_NE(presented_certificate(g.port, "secure.example.com").find("CN = secure v1"),
            std::string::npos);
  Prober probe(g, "secure.example.com");
  ASSERT_TRUE(wait_until([&] { return probe.ok() >= 3; }, 10s)) << probe.first_failure();
  // Key first, then certificate, each replaced atomically (the watch debounce sees them whole).
  replace_file(g.dir, "secrets/istio-system/site-cert/tls.key",
               read_file(g.dir.file("secure-v2.key")));
  replace_file(g.dir, "secrets/istio-system/site-cert/tls.crt",
               read_file(g.dir.file("secure-v2.crt")));
  EXPECT_TRUE(wait_until(
      [&] {
        return presented_certificate(g.port, "secure.example.com").find("CN = secure v2") !=
               std::string::npos;
      },
      8s))
      << g.serve->stderr_text();
  int ok_at_swap = probe.ok();
  ASSERT_TRUE(wait_until([&] { return probe.ok() >= ok_at_swap + 3; }, 10s));
  probe.finish();
  EXPECT_EQ(probe.failed(), 0) << probe.first_failure();
}

TEST(CertWatch, MountedSecretSwapIsPickedUp) {
  TlsGateway g;
  ASSERT_TRUE(g.serve && g.serve->ready()) << (g.serve ? g.serve->stderr_text() : "no PKI");
  ASSERT_NE(presented_certificate(g.port, "mounted.example.com").find("CN = mounted v1"),
            std::string::npos);
  Prober probe(g, "mounted.example.com");
  ASSERT_TRUE(wait_until([&] { return probe.ok() >= 3; }, 10s)) << probe.first_failure();
  // kubelet's atomic update: a new timestamped directory, a new ..data symlink renamed over the
  // old one; tls.crt and tls.key themselves never change.
  namespace fs = std::filesystem;
  std::string m = "secrets/istio-system/mounted-cert/";
  g.dir.write(m + "..v2/tls.crt", read_file(g.dir.file("mounted-v2.crt")));
  g.dir.write(m + "..v2/tls.key", read_file(g.dir.file("mounted-v2.key")));
  fs::create_directory_symlink("..v2", g.dir.path() / (m + "..data_tmp"));
  fs::rename(g.dir.path() / (m + "..data_tmp"), g.dir.path() / (m + "..data"));
  EXPECT_TRUE(wait_until(
      [&] {
        return presented_certificate(g.port, "mounted.example.com").find("CN = mounted v2") !=
               std::string::npos;
      },
      8s))
      << g.serve->stderr_text();
  probe.finish();
  EXPECT_EQ(probe.failed(), 0) << probe.first_failure();
  EXPECT_GT(probe.ok(), 3);
}

}  // namespace
}  // namespace igw::e2e
