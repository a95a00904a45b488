// The JSON form of the route table (man/igw-compile.1): shape, order and source positions.
#include "lib/render/route_table_json.h"

#include "tests/compile/compile_util.h"

#include <gtest/gtest.h>

namespace igw::compile {
namespace {

const char* kConfig = R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
  - port: {number: 80, name: tcp, protocol: TCP}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: [b.com, a.com]
  gateways: [istio-system/gw]
  http:
  - match: [{uri: {prefix: /api}, headers: {x-v: {exact: "2"}}}]
    route:
    - {destination: {host: api}, weight: 90}
    - {destination: {host: canary}, weight: 10}
    retries: {attempts: 0}
  - match: [{uri: {exact: /old}}]
    redirect: {uri: /new}
  - route: [{destination: {host: web}}]
    timeout: 1.5s
    corsPolicy: {allowOrigins: [{exact: "https://x.com"}], maxAge: 24h}
)";

TEST(RouteTableJson, ShapeAndDeterministicOrder) {
  auto c = testing::compile_yaml(kConfig);
  nlohmann::ordered_json j = render::route_table_json(*c.table);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items())
    keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"workload", "listeners", "routeConfigs", "clusters",
                                            "droppedServers", "notes", "rejectedObjects"}));
  EXPECT_EQ(j["listeners"][0]["name"], "0.0.0.0_80");
  EXPECT_EQ(j["listeners"][0]["filterChains"][0]["rds"], "http.80");
  const auto& vhosts = j["routeConfigs"][0]["virtualHosts"];
  ASSERT_EQ(vhosts.size(), 2u);
  EXPECT_EQ(vhosts[0]["name"], "a.com:80");  // sorted by name
  const auto& routes = vhosts[0]["routes"];
  ASSERT_EQ(routes.size(), 3u);
  EXPECT_EQ(routes[0]["match"]["prefix"], "/api");
  EXPECT_EQ(routes[0]["match"]["headers"][0]["stringMatch"]["exact"], "2");
  EXPECT_EQ(routes[0]["route"]["weightedClusters"]["totalWeight"], 100);
  EXPECT_FALSE(routes[0]["route"].contains("retryPolicy"));  // attempts: 0
  EXPECT_EQ(routes[0]["metadata"]["virtualService"], "web/vs");
  EXPECT_EQ(routes[0]["metadata"]["source"], "test.yaml:19");
  EXPECT_EQ(routes[1]["redirect"]["pathRedirect"], "/new");
  EXPECT_EQ(routes[1]["redirect"]["responseCode"], 301);
  EXPECT_EQ(routes[2]["catchAll"], true);
  EXPECT_EQ(routes[2]["route"]["cluster"], "outbound|80||web.web.svc.cluster.local");
  EXPECT_EQ(routes[2]["route"]["timeout"], "1.5s");
  EXPECT_EQ(routes[2]["route"]["retryPolicy"]["istioDefault"], true);
  EXPECT_EQ(routes[2]["typedPerFilterConfig"]["envoy.filters.http.cors"]["maxAge"], "86400");
  EXPECT_EQ(j["clusters"][0]["name"], "outbound|80||api.web.svc.cluster.local");
  EXPECT_EQ(j["droppedServers"][0]["reason"], "protocol-conflict");
  EXPECT_EQ(j["droppedServers"][0]["source"], "test.yaml:9");
  // Same input, same bytes.
  auto again = testing::compile_yaml(kConfig);
  EXPECT_EQ(render::route_table_json(*again.table).dump(), j.dump());
}

TEST(RouteTableJson, EnvoyDurations) {
  EXPECT_EQ(render::envoy_duration(base::Duration{0}), "0s");
  EXPECT_EQ(render::envoy_duration(base::Duration{1'500'000'000}), "1.5s");
  EXPECT_EQ(render::envoy_duration(base::Duration{86'400'000'000'000}), "86400s");
  EXPECT_EQ(render::envoy_duration(base::Duration{25'000'000}), "0.025s");
}

}  // namespace
}  // namespace igw::compile
