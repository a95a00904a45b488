// match::decide and compile() on generated configurations: 10, 1,000 and 10,000 hosts with 10
// rules each (exact and wildcard hosts; prefix, regex and header matches), and the compile time
// of 10,000 VirtualServices.
#include "lib/compile/compile.h"
#include "lib/config/load.h"
#include "lib/match/decide.h"
#include "lib/model/parse.h"

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace igw;

// Host i: 70 % exact names, 30 % wildcard suffixes.
bool wildcard_host(int i) {
  return i % 10 >= 7;
}

std::string host_of(int i) {
  return wildcard_host(i) ? "*.w" + std::to_string(i) + ".example.org"
                          : "svc" + std::to_string(i) + ".example.com";
}

// Ten rules: prefix, regex and header conditions; the last one a catch-all.
std::string virtual_service(int i) {
  std::string n = std::to_string(i);
  std::string y =
      "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs" + n +
      ", namespace: ns" + std::to_string(i % 50) + "}\nspec:\n  hosts: [\"" + host_of(i) +
      "\"]\n  gateways: [istio-system/gw]\n  http:\n";
  for (int r = 0; r < 9; ++r) {
    std::string rn = std::to_string(r);
    switch (r % 3) {
      case 0:
        y += "  - match: [{uri: {prefix: /api/v" + rn + "/}}]\n";
        break;
      case 1:
        y += "  - match: [{uri: {regex: \"/items/[0-9]+/" + rn + "\"}}]\n";
        break;
      case 2:
        y += "  - match: [{uri: {prefix: /h}, headers: {x-version: {exact: v" + rn + "}}}]\n";
        break;
    }
    y += "    route: [{destination: {host: backend" + rn + ", port: {number: 8080}}}]\n";
  }
  y += "  - route: [{destination: {host: web" + n + ", port: {number: 80}}}]\n";
  return y;
}

std::string config_yaml(int hosts) {
  std::string y =
      "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: "
      "istio-system}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: "
      "80, name: http, protocol: HTTP}\n    hosts: [\"*\"]\n";
  for (int i = 0; i < hosts; ++i)
    y += virtual_service(i);
  return y;
}

std::unique_ptr<model::Config> parse_config(int hosts) {
  config::LoadResult loaded;
  config::parse_text("bench.yaml", config_yaml(hosts), loaded);
  base::Diagnostics diags;
  return std::make_unique<model::Config>(
      model::parse(std::move(loaded), model::ParseOptions{}, diags));
}

struct Fixture {
  std::unique_ptr<model::Config> config;
  compile::RouteTablePtr table;
};

const Fixture& fixture(int hosts) {
  static std::map<int, Fixture> cache;  // built once per size, outside the timed loops
  auto it = cache.find(hosts);
  if (it == cache.end()) {
    Fixture f;
    f.config = parse_config(hosts);
    f.table = compile::compile(*f.config);
    it = cache.emplace(hosts, std::move(f)).first;
  }
  return it->second;
}

struct BenchRequest {
  std::string authority;
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<match::HeaderField> fields;
  match::Request request;
};

// Requests spread over the hosts and over every kind of rule (prefix, regex, header, fallback).
std::vector<BenchRequest> make_requests(int hosts) {
  std::vector<BenchRequest> out(256);
  for (size_t k = 0; k < out.size(); ++k) {
    int i = static_cast<int>((k * 7919) % static_cast<size_t>(hosts));
    BenchRequest& r = out[k];
    r.authority = wildcard_host(i)
                      ? "x" + std::to_string(k) + ".w" + std::to_string(i) + ".example.org:80"
                      : "svc" + std::to_string(i) + ".example.com";
    switch (k % 4) {
      case 0:
        r.path = "/api/v6/users?id=" + std::to_string(k);
        break;
      case 1:
        r.path = "/items/" + std::to_string(k) + "/7";
        break;
      case 2:
        r.path = "/h/x";
        r.headers = {{"user-agent", "bench"}, {"x-version", "v8"}, {"accept", "*/*"}};
        break;
      case 3:
        r.path = "/static/app.js";
        r.headers = {{"user-agent", "bench"}};
        break;
    }
    for (const auto& [n, v] : r.headers)
      r.fields.push_back({n, v});
    r.request.port = 80;
    r.request.method = "GET";
    r.request.authority = r.authority;
    r.request.path = r.path;
    r.request.headers = r.fields;
  }
  return out;
}

void BM_Decide(benchmark::State& state) {
  const int hosts = static_cast<int>(state.range(0));
  const Fixture& f = fixture(hosts);
  std::vector<BenchRequest> reqs = make_requests(hosts);
  size_t k = 0;
  size_t routed = 0;
  for (auto _ : state) {
    match::Decision d = match::decide(*f.table, reqs[k].request);
    routed += d.outcome == match::Outcome::kRoute;
    benchmark::DoNotOptimize(d);
    k = (k + 1) & 255;
  }
  if (routed == 0)
    state.SkipWithError("no request was routed: the benchmark configuration is broken");
  state.counters["hosts"] = hosts;
}
BENCHMARK(BM_Decide)->Arg(10)->Arg(1000)->Arg(10000);

void BM_Compile(benchmark::State& state) {
  const int hosts = static_cast<int>(state.range(0));
  std::unique_ptr<model::Config> config = parse_config(hosts);
  for (auto _ : state) {
    compile::RouteTablePtr t = compile::compile(*config);
    benchmark::DoNotOptimize(t);
  }
  state.counters["virtual_services"] = hosts;
}
BENCHMARK(BM_Compile)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
