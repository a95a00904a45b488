// igw serve end to end, the process life cycle: reload on SIGHUP under load without a failed
// request, a broken configuration keeping the old one, reload on file change with --watch, the
// SIGTERM drain, access-log reopening and the admin — each with one worker (the control on the
// worker's loop, one thread) and with two (a control thread) — and the header-read and idle
// timeouts that protect against slow clients.
#include "tests/e2e/e2e_traffic_util.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <future>

namespace igw::e2e {
namespace {

// The configuration generation shows in a response header set by the route.
std::string config(const std::string& version) {
  return app_gateway_config(fmt::format(R"(
  - headers:
      response:
        set: {{x-config: {}}}
    route: [{{destination: {{host: web.web.svc.cluster.local, port: {{number: 80}}}}}}]
)",
                                        version));
}

struct LifecycleGateway : GatewayUnderTest {
  explicit LifecycleGateway(const std::vector<std::string>& extra = {}) {
    start(config("v1"), {"web.web.svc.cluster.local=" + web.address()}, extra);
  }
  ~LifecycleGateway() { stop(); }
  std::string version() const { return get("/version").header("x-config"); }

  Upstream web{"web"};
};

// The parameter is the worker count.
class Lifecycle : public ::testing::TestWithParam<int> {
 protected:
  std::vector<std::string> with_workers(std::vector<std::string> args) const {
    args.push_back("--workers");
    args.push_back(std::to_string(GetParam()));
    return args;
  }
};

INSTANTIATE_TEST_SUITE_P(Workers, Lifecycle, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& param) {
                           return param.param == 1 ? std::string("OneWorker")
                                                   : std::string("TwoWorkers");
                         });

TEST_P(Lifecycle, ReloadUnderLoadFailsNoRequest) {
  LifecycleGateway g(with_workers({}));
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  ASSERT_EQ(g.version(), "v1");

  // Four clients on keep-alive connections (and one opening a connection per request) send
  // requests while the configuration is swapped several times.
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0};
  std::mutex m;
  std::set<std::string> versions;
  std::string first_failure;
  auto client = [&](bool keep_alive) {
    httplib::Client c("127.0.0.1", g.port);
    c.set_keep_alive(keep_alive);
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(5, 0);
    httplib::Headers h = {{"Host", "app.example.com"}};
    while (!stop) {
      auto res = c.Get("/load", h);
      if (res && res->status == 200) {
        ++ok;
        std::lock_guard<std::mutex> l(m);
        versions.insert(res->get_header_value("x-config"));
      } else {
        ++failed;
        std::lock_guard<std::mutex> l(m);
        if (first_failure.empty())
          first_failure =
              res ? fmt::format("status {}", res->status) : httplib::to_string(res.error());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back(client, true);
  threads.emplace_back(client, false);
  for (int round = 2; round <= 5; ++round) {
    std::this_thread::sleep_for(300ms);
    replace_file(g.dir, "gw.yaml", config(fmt::format("v{}", round)));
    g.serve->signal(SIGHUP);
    ASSERT_TRUE(
        g.serve->wait_for_log(fmt::format("configuration generation {} in service", round), 10s))
        << g.serve->stderr_text();
  }
  std::this_thread::sleep_for(300ms);
  stop = true;
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(failed.load(), 0) << first_failure;
  EXPECT_GT(ok.load(), 50);
  EXPECT_TRUE(versions.count("v1") && versions.count("v5"));
  EXPECT_EQ(g.version(), "v5");
}

TEST_P(Lifecycle, BrokenReloadKeepsTheOldConfiguration) {
  LifecycleGateway g(with_workers({}));
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  replace_file(g.dir, "gw.yaml", "apiVersion: networking.istio.io/v1beta1\nkind: [unclosed\n");
  g.serve->signal(SIGHUP);
  ASSERT_TRUE(g.serve->wait_for_log("reload refused, generation 1 keeps serving", 10s))
      << g.serve->stderr_text();
  EXPECT_NE(g.serve->stderr_text().find("gw.yaml:2:"), std::string::npos) << g.serve->stderr_text();
  EXPECT_EQ(g.version(), "v1");
  EXPECT_EQ(g.serve->admin("/ready").status, 200);
  // Fixed again, the next reload goes through.
  replace_file(g.dir, "gw.yaml", config("v2"));
  g.serve->signal(SIGHUP);
  ASSERT_TRUE(g.serve->wait_for_log("configuration generation 2 in service", 10s))
      << g.serve->stderr_text();
  EXPECT_EQ(g.version(), "v2");
}

TEST_P(Lifecycle, StrictRefusesAReloadWithErrors) {
  LifecycleGateway g(with_workers({"--strict"}));
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  // A VirtualService route without a destination host is an error Istio rejects.
  std::string bad = config("v2");
  bad.replace(bad.find("host: web.web.svc.cluster.local"),
              std::string("host: web.web.svc.cluster.local").size(), "host: \"\"");
  replace_file(g.dir, "gw.yaml", bad);
  g.serve->signal(SIGHUP);
  ASSERT_TRUE(g.serve->wait_for_log("reload refused, generation 1 keeps serving", 10s))
      << g.serve->stderr_text();
  EXPECT_EQ(g.version(), "v1");
}

TEST_P(Lifecycle, WatchReloadsOnFileChange) {
  LifecycleGateway g(with_workers({"--watch"}));
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  ASSERT_EQ(g.version(), "v1");
  replace_file(g.dir, "gw.yaml", config("v2"));
  ASSERT_TRUE(g.serve->wait_for_log("configuration generation 2 in service", 10s))
      << g.serve->stderr_text();
  EXPECT_EQ(g.version(), "v2");
  // A broken edit is logged and changes nothing.
  replace_file(g.dir, "gw.yaml", "kind: [\n");
  ASSERT_TRUE(g.serve->wait_for_log("reload refused, generation 2 keeps serving", 10s))
      << g.serve->stderr_text();
  EXPECT_EQ(g.version(), "v2");
}

TEST_P(Lifecycle, SigtermDrainsInFlightRequestsAndExitsZero) {
  LifecycleGateway g(with_workers({"--drain-timeout", "5s"}));
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  auto in_flight = std::async(std::launch::async, [&] { return g.get("/slow/1500"); });
  // Wait until the upstream has the request, then ask the gateway to stop.
  ASSERT_TRUE(wait_until([&] { return g.web.hits() > 0; }, 5s));
  auto signalled = std::chrono::steady_clock::now();
  g.serve->signal(SIGTERM);
  ASSERT_TRUE(g.serve->wait_for_log("draining", 5s)) << g.serve->stderr_text();
  // No longer accepting: a new connection is refused.
  HttpResult late = g.get("/late", {"--max-time", "3"});
  EXPECT_EQ(late.status, 0);
  EXPECT_EQ(late.curl_exit, 7) << late.raw_err;
  HttpResult r = in_flight.get();
  EXPECT_EQ(r.status, 200) << r.raw_err;
  EXPECT_EQ(r.header("connection"), "close");
  int code = g.serve->wait_exit(10s);
  EXPECT_EQ(code, 0) << g.serve->stderr_text();
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 5s);  // did not wait for the timeout
  EXPECT_NE(g.serve->access_log().find("\"GET /slow/1500 HTTP/1.1\" 200 "), std::string::npos)
      << g.serve->access_log();
}

TEST_P(Lifecycle, DrainTimeoutCutsLongRequests) {
  LifecycleGateway g(with_workers({"--drain-timeout", "300ms"}));
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  auto in_flight = std::async(std::launch::async, [&] { return g.get("/slow/3000"); });
  ASSERT_TRUE(wait_until([&] { return g.web.hits() > 0; }, 5s));
  g.serve->signal(SIGTERM);
  EXPECT_EQ(g.serve->wait_exit(3s), 0) << g.serve->stderr_text();
  HttpResult r = in_flight.get();
  EXPECT_NE(r.status, 200);
  EXPECT_NE(g.serve->stderr_text().find("drain timeout"), std::string::npos);
}

TEST_P(Lifecycle, SigusrOneReopensTheAccessLog) {
  LifecycleGateway g(with_workers({}));
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  ASSERT_EQ(g.get("/before-rotation").status, 200);
  ASSERT_TRUE(g.serve->wait_for_access_lines(1, 5s)) << g.serve->stderr_text();
  // logrotate's way: rename, then tell the process to open the path again.
  std::string path = g.serve->access_log_path();
  ASSERT_EQ(std::rename(path.c_str(), (path + ".1").c_str()), 0);
  g.serve->signal(SIGUSR1);
  ASSERT_TRUE(g.serve->wait_for_log("access log reopened", 5s)) << g.serve->stderr_text();
  ASSERT_EQ(g.get("/after-rotation").status, 200);
  ASSERT_TRUE(g.serve->wait_for_access_lines(1, 5s)) << g.serve->stderr_text();
  std::string fresh = g.serve->access_log();
  EXPECT_NE(fresh.find("/after-rotation"), std::string::npos) << fresh;
  EXPECT_EQ(fresh.find("/before-rotation"), std::string::npos) << fresh;
}

TEST_P(Lifecycle, AdminAnswersAndQuitDrains) {
  LifecycleGateway g(with_workers({}));
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  ASSERT_EQ(g.get("/counted").status, 200);
  HttpResult prom = g.serve->admin("/stats/prometheus");
  ASSERT_EQ(prom.status, 200);
  EXPECT_NE(prom.body.find("istio_requests_total{"), std::string::npos) << prom.body;
  EXPECT_EQ(g.serve->admin("/config_dump").status, 200);
  EXPECT_EQ(g.serve->admin("/quitquitquit", "POST").status, 200);
  EXPECT_EQ(g.serve->wait_exit(10s), 0) << g.serve->stderr_text();
  EXPECT_NE(g.serve->stderr_text().find("POST /quitquitquit: draining"), std::string::npos)
      << g.serve->stderr_text();
}

// With one worker the control runs on the worker's loop and the access log (a regular file) is
// written by the worker: the process is one thread while it serves. With two there are the
// workers, the control thread and the access-log writer.
TEST_P(Lifecycle, ThreadsWhileServing) {
  LifecycleGateway g(with_workers({}));
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  ASSERT_EQ(g.get("/threads").status, 200);
  long threads = proc_status_number(g.serve->pid(), "Threads:");
  if (GetParam() == 1)
    EXPECT_EQ(threads, 1);
  else
    EXPECT_EQ(threads, GetParam() + 2);
}

// --- slow clients ----------------------------------------------------------------------------

TEST(SlowClients, HeadersThatDoNotArriveInTimeGet408) {
  LifecycleGateway g({"--request-headers-timeout", "500ms", "--idle-timeout", "800ms"});
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  int fd = connect_local(g.port);
  ASSERT_GE(fd, 0);
  auto start = std::chrono::steady_clock::now();
  // A slowloris client: a byte now and then, never the end of the headers.
  std::string head = "GET / HTTP/1.1\r\nHost: app.example.com\r\nX-Slow: ";
  // The sends' results are not checked: the server may already have answered and closed.
  send_all(fd, head);
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(150ms);
    send_all(fd, "a");
  }
  std::string reply = read_to_close(fd);
  ::close(fd);
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 408") << reply;
  EXPECT_NE(reply.find("connection: close"), std::string::npos) << reply;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST(SlowClients, IdleConnectionsAreClosed) {
  LifecycleGateway g({"--request-headers-timeout", "5s", "--idle-timeout", "600ms"});
  ASSERT_TRUE(g.serve->ready()) << g.serve->stderr_text();
  // Never a byte.
  int fd = connect_local(g.port);
  ASSERT_GE(fd, 0);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(read_to_close(fd), "");
  ::close(fd);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  // Idle after a complete exchange on a keep-alive connection.
  fd = connect_local(g.port);
  ASSERT_GE(fd, 0);
  std::string req = "GET /one HTTP/1.1\r\nHost: app.example.com\r\n\r\n";
  ASSERT_TRUE(send_all(fd, req));
  start = std::chrono::steady_clock::now();
  std::string reply = read_to_close(fd);
  ::close(fd);
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 200") << reply;
  // Closed cleanly: no timeout and no reset.
  EXPECT_EQ(reply.find("<timeout>"), std::string::npos) << reply;
  EXPECT_EQ(reply.find("<reset>"), std::string::npos) << reply;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

}  // namespace
}  // namespace igw::e2e
