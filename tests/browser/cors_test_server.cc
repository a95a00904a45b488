// A stand-in for `igw serve` in the browser test: two HTTP servers on 127.0.0.1 — one serves the
// test page (and collects its results), the other answers every request with lib/http's plans
// for a configuration (match::decide → http::respond; a forwarded request gets a fixed upstream
// answer run through http::finalize_response), so a real browser meets the gateway's CORS
// semantics.
//
//   igw_cors_test_server --config gw.yaml --gateway-port P2 --page-port P1 --page page.html
//                        --results results.json
#include "lib/compile/compile.h"
#include "lib/config/load.h"
#include "lib/http/local_reply.h"
#include "lib/http/respond.h"
#include "lib/match/decide.h"
#include "lib/model/parse.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace igw;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The simulated upstream every forwarded request reaches (the driver tells igw curl-sim the same
// with --upstream-header).
http::Headers upstream_headers() {
  return http::Headers{{"content-type", "text/plain"},
                       {"x-exposed", "yes"},
                       {"x-hidden", "no"},
                       {"content-length", "2"}};
}

void send(const http::Headers& headers, uint32_t status, const std::string& body,
          httplib::Response& res) {
  res.status = static_cast<int>(status);
  std::string content_type;
  for (const auto& h : headers) {
    // httplib writes content-length and content-type itself from the body.
    if (h.name == "content-length")
      continue;
    if (h.name == "content-type") {
      content_type = h.value;
      continue;
    }
    res.headers.emplace(h.name, h.value);
  }
  if (!body.empty() || !content_type.empty())
    res.set_content(body, content_type.empty() ? "text/plain" : content_type.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path, page_path, results_path;
  int gateway_port = 0, page_port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--config")
      config_path = v;
    else if (k == "--page")
      page_path = v;
    else if (k == "--results")
      results_path = v;
    else if (k == "--gateway-port")
      gateway_port = std::stoi(v);
    else if (k == "--page-port")
      page_port = std::stoi(v);
  }
  if (config_path.empty() || page_path.empty() || results_path.empty() || !gateway_port ||
      !page_port) {
    std::cerr << "usage: igw_cors_test_server --config F --page F --results F --gateway-port N "
                 "--page-port N\n";
    return 2;
  }

  std::istringstream no_stdin;
  config::LoadResult loaded = config::load({config_path}, no_stdin);
  if (loaded.input_error) {
    std::cerr << "cannot load " << config_path << "\n";
    return 1;
  }
  base::Diagnostics diags;
  model::Config cfg = model::parse(std::move(loaded), model::ParseOptions{}, diags);
  compile::RouteTablePtr table = compile::compile(cfg);
  std::string page = read_file(page_path);

  httplib::Server gateway;
  std::atomic<uint64_t> counter{0};
  gateway.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    std::vector<std::pair<std::string, std::string>> owned;
    std::string authority;
    for (const auto& [name, value] : req.headers) {
      std::string n = name;
      for (auto& c : n)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (n == "host") {
        authority = value;
        continue;
      }
      owned.emplace_back(std::move(n), value);
    }
    std::vector<match::HeaderField> fields;
    for (const auto& [n, v] : owned)
      fields.push_back({n, v});
    match::Request r;
    r.port = static_cast<uint32_t>(gateway_port);
    r.method = req.method;
    r.authority = authority;
    r.path = req.target;
    r.headers = fields;

    match::Decision d = match::decide(*table, r);
    http::RespondOptions o;
    o.cluster_random = counter++;
    o.peer_address = "127.0.0.1";
    o.request_id = "browser-test";
    std::string date = http::format_http_date(0);
    o.date = date;
    http::Response answer = http::respond(d, r, o);
    if (auto* local = std::get_if<http::LocalReply>(&answer)) {
      send(local->headers, local->status, local->body, res);
    } else {
      const auto& plan = std::get<http::ForwardPlan>(answer);
      http::Headers h = upstream_headers();
      http::FinalizeOptions fo;
      fo.upstream_service_time_ms = 1;
      fo.date = date;
      fo.head_request = req.method == "HEAD";
      http::finalize_response(plan, 200, h, fo);
      send(h, 200, req.method == "HEAD" ? "" : "ok", res);
    }
    std::cerr << "gateway: " << req.method << " " << req.target << " -> " << res.status << "\n";
    return httplib::Server::HandlerResponse::Handled;
  });

  httplib::Server page_server;
  page_server.Get("/page.html", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(page, "text/html");
  });
  page_server.Post("/results", [&](const httplib::Request& req, httplib::Response& res) {
    std::ofstream(results_path + ".tmp", std::ios::binary) << req.body;
    std::rename((results_path + ".tmp").c_str(), results_path.c_str());
    res.set_content("saved", "text/plain");
  });
  page_server.Get("/favicon.ico",
                  [](const httplib::Request&, httplib::Response& res) { res.status = 204; });

  std::thread t1([&] { gateway.listen("127.0.0.1", gateway_port); });
  std::thread t2([&] { page_server.listen("127.0.0.1", page_port); });
  while (!gateway.is_running() || !page_server.is_running())
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::cout << "ready" << std::endl;
  // Runs until the driver ends the process.
  t1.join();
  t2.join();
  return 0;
}
