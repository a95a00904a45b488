// igw serve end to end, the upstream keep-alive pool: an upstream that closes (FIN or RST) or
// writes unsolicited bytes on a connection right after answering must never cost the client a
// failed request — the pool's watch on idle connections evicts them, and a reused connection that
// turns out closed when the request is sent is retried once on a new one (retries are off on the
// route, so nothing else can hide a failure).
#include "tests/e2e/e2e_traffic_util.h"
#include "tests/e2e/e2e_util.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace igw::e2e {
namespace {

// The `http:` rules of app_gateway_config().
constexpr const char* kUpstreamPoolRules = R"(
  - retries: {attempts: 0}
    route: [{destination: {host: closing.web.svc.cluster.local, port: {number: 80}}}]
)";

constexpr std::string_view kBody = "pool-ok";

// A raw HTTP/1.1 upstream: each connection answers one GET with a keep-alive 200, then, by the
// request path's first segment, closes with FIN (/fin), with RST (/rst), writes an unsolicited
// 408 and closes (/junk), or keeps the connection for more requests (anything else).
class ClosingUpstream {
 public:
  ClosingUpstream() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a));
    socklen_t len = sizeof(a);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    ::listen(fd_, 64);
    thread_ = std::thread([this] { accept_loop(); });
  }
  ~ClosingUpstream() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
    for (auto& t : conns_)
      t.join();
  }
  ClosingUpstream(const ClosingUpstream&) = delete;
  ClosingUpstream& operator=(const ClosingUpstream&) = delete;

  std::string address() const { return fmt::format("127.0.0.1:{}", port_); }
  int connections() const { return connections_.load(); }

 private:
  void accept_loop() {
    while (!stop_) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0)
        return;
      ++connections_;
      conns_.emplace_back([c] { serve(c); });
    }
  }

  static void serve(int c) {
    timeval tv{5, 0};
    ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    std::string in;
    char buf[4096];
    while (true) {
      size_t end = in.find("\r\n\r\n");
      if (end == std::string::npos) {
        ssize_t n = ::recv(c, buf, sizeof(buf), 0);
        if (n <= 0)
          break;
        in.append(buf, static_cast<size_t>(n));
        continue;
      }
      std::string head = in.substr(0, end);
      in.erase(0, end + 4);
      std::string response =
          fmt::format("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: keep-alive\r\n\r\n{}",
                      kBody.size(), kBody);
      ::send(c, response.data(), response.size(), MSG_NOSIGNAL);
      size_t sp = head.find(' ');
      std::string path = head.substr(sp + 1, head.find(' ', sp + 1) - sp - 1);
      if (path.starts_with("/fin")) {
        break;
      } else if (path.starts_with("/rst")) {
        linger l{1, 0};
        ::setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
        break;
      } else if (path.starts_with("/junk")) {
        std::string junk = "HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\n\r\n";
        ::send(c, junk.data(), junk.size(), MSG_NOSIGNAL);
        break;
      }
    }
    ::close(c);
  }

  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
  std::vector<std::thread> conns_;  // joined by the destructor (accept_loop has returned)
};

class UpstreamPool : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_ = new State;
    State& s = *s_;
    s.start(app_gateway_config(kUpstreamPoolRules),
            {"closing.web.svc.cluster.local=" + s.up.address()}, {"--workers", "1"});
  }
  static void TearDownTestSuite() {
    delete s_;
    s_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(s_->serve->ready()) << s_->serve->stderr_text(); }

  // `count` requests for `prefix`/<i> on one client keep-alive connection, `pause` apart; each
  // must be answered 200 with the upstream's body.
  static void exchange(const std::string& prefix, int count, std::chrono::milliseconds pause) {
    int fd = connect_local(s_->port);
    ASSERT_GE(fd, 0);
    for (int i = 0; i < count; ++i) {
      std::string req = fmt::format(
          "GET {}/{} HTTP/1.1\r\nhost: app.example.com\r\nuser-agent: pool-test\r\n\r\n", prefix,
          i);
      ASSERT_TRUE(send_all(fd, req));
      std::string got = read_until(fd, std::string("\r\n\r\n") + std::string(kBody));
      ASSERT_TRUE(got.starts_with("HTTP/1.1 200 ")) << prefix << "/" << i << ":\n" << got;
      ASSERT_NE(got.find(kBody), std::string::npos) << got;
      if (pause.count() > 0)
        std::this_thread::sleep_for(pause);
    }
    ::close(fd);
  }

  struct State : GatewayUnderTest {
    ~State() { stop(); }
    ClosingUpstream up;
  };
  static State* s_;
};
UpstreamPool::State* UpstreamPool::s_ = nullptr;

TEST_F(UpstreamPool, KeptConnectionIsReused) {
  int before = s_->up.connections();
  exchange("/keep", 10, std::chrono::milliseconds(0));
  // The first request may reuse a connection from an earlier test; after it, one connection.
  EXPECT_LE(s_->up.connections() - before, 1);
}

TEST_F(UpstreamPool, CloseSeenWhileIdleEvictsTheConnection) {
  // The FIN reaches igw while the connection is idle in the pool: the next request gets a new
  // connection, never the closed one.
  exchange("/fin", 8, std::chrono::milliseconds(100));
}

TEST_F(UpstreamPool, ResetSeenWhileIdleEvictsTheConnection) {
  exchange("/rst", 8, std::chrono::milliseconds(100));
}

TEST_F(UpstreamPool, UnsolicitedBytesWhileIdleEvictTheConnection) {
  // A server that says goodbye with a 408 on an idle connection: that 408 is never taken as the
  // answer to the next request.
  exchange("/junk", 8, std::chrono::milliseconds(100));
}

TEST_F(UpstreamPool, CloseRacingTheNextRequestIsRetriedOnANewConnection) {
  // Back to back: the close may arrive after the next request was sent on the pooled connection;
  // that request is retried once on a new connection (retries are off on the route).
  exchange("/fin", 40, std::chrono::milliseconds(0));
  exchange("/rst", 40, std::chrono::milliseconds(0));
  // Workers buffer access lines: wait for the last request of each connection before looking.
  ASSERT_FALSE(access_line(*s_->serve, "GET", "/fin/39").empty()) << s_->serve->access_log();
  ASSERT_FALSE(access_line(*s_->serve, "GET", "/rst/39").empty()) << s_->serve->access_log();
  EXPECT_EQ(s_->serve->access_log().find(" 503 "), std::string::npos);
}

}  // namespace
}  // namespace igw::e2e
