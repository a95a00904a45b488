// Snapshots: listener plans (ports, offsets, TLS/plain chains) and where each cluster's traffic
// goes (--endpoint, ServiceEntry endpoints, DNS).
#include "lib/serve/snapshot.h"

#include "tests/serve/serve_util.h"

#include <gtest/gtest.h>

namespace igw::serve {
namespace {

constexpr const char* kConfig = R"(
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: app, namespace: prod}
spec:
  hosts: ["app.example.com"]
  gateways: ["istio-system/gw"]
  http:
  - match: [{uri: {prefix: /static}}]
    route: [{destination: {host: static.example.net, port: {number: 8081}}}]
  - match: [{uri: {prefix: /dns}}]
    route: [{destination: {host: named.example.net, port: {number: 9000}}}]
  - route: [{destination: {host: api.prod.svc.cluster.local, port: {number: 8080}}}]
---
apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
metadata: {name: static, namespace: prod}
spec:
  hosts: [static.example.net]
  ports: [{number: 8081, name: http, protocol: HTTP}]
  resolution: STATIC
  endpoints: [{address: 10.0.0.7}]
---
apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
metadata: {name: named, namespace: prod}
spec:
  hosts: [named.example.net]
  ports: [{number: 9000, name: http, protocol: HTTP}]
  resolution: DNS
)";

const ClusterTargets* find(const Snapshot& s, std::string_view host) {
  for (const auto* c : s.table->clusters()) {
    if (c->host == host)
      return s.targets(c);
  }
  return nullptr;
}

TEST(Snapshot, ListenersUsePortOffsetAndClustersTheirEndpoints) {
  testing::TempDir dir;
  ServeOptions o;
  o.paths = {dir.write("gw.yaml", kConfig)};
  o.port_offset = 8000;
  o.bind_address = "127.0.0.1";
  o.endpoints.push_back({"api.prod.svc.cluster.local", "127.0.0.1", 18080});
  LoadReport report;
  auto snap = load_snapshot(o, 1, report);
  ASSERT_TRUE(snap) << snap.error().message;
  ASSERT_EQ((*snap)->listeners.size(), 1u);
  const ListenerPlan& l = (*snap)->listeners[0];
  EXPECT_EQ(l.port, 8080);
  EXPECT_EQ(l.gateway_port, 80u);
  EXPECT_EQ(l.key, "127.0.0.1:8080");
  EXPECT_TRUE(l.has_plain_chain);
  EXPECT_FALSE(l.has_tls_chain);

  const ClusterTargets* api = find(**snap, "api.prod.svc.cluster.local");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->source, "--endpoint");
  ASSERT_EQ(api->addresses.size(), 1u);
  EXPECT_EQ(api->addresses[0].port(), 18080);

  const ClusterTargets* st = find(**snap, "static.example.net");
  ASSERT_NE(st, nullptr);
  ASSERT_EQ(st->addresses.size(), 1u);
  EXPECT_EQ(st->addresses[0].address().to_string(), "10.0.0.7");
  EXPECT_EQ(st->addresses[0].port(), 8081);

  const ClusterTargets* named = find(**snap, "named.example.net");
  ASSERT_NE(named, nullptr);
  EXPECT_TRUE(named->addresses.empty());
  ASSERT_EQ(named->names.size(), 1u);
  EXPECT_EQ(named->names[0].first, "named.example.net");
  EXPECT_EQ(named->names[0].second, 9000);
}

TEST(Snapshot, EveryRouteHasItsRetryOnParsedOnce) {
  testing::TempDir dir;
  ServeOptions o;
  o.paths = {dir.write("gw.yaml", kConfig)};
  LoadReport report;
  auto snap = load_snapshot(o, 1, report);
  ASSERT_TRUE(snap) << snap.error().message;
  const Snapshot& s = **snap;
  size_t routes = 0;
  for (const compile::RouteConfig* rc : s.table->route_configs()) {
    for (const compile::VirtualHost& vh : rc->virtual_hosts) {
      for (const compile::Route* r : vh.routes) {
        ++routes;
        ASSERT_EQ(s.retry_on.count(r), 1u);
        // Istio's default policy: connect-failure, refused-stream, unavailable, cancelled,
        // retriable-status-codes.
        RetryOn on = s.retry_on_for(r, "");
        EXPECT_TRUE(on.connect_failure);
        EXPECT_TRUE(on.refused_stream);
        EXPECT_TRUE(on.grpc_unavailable);
        EXPECT_TRUE(on.grpc_cancelled);
        EXPECT_TRUE(on.retriable_status_codes);
        EXPECT_FALSE(on.on_5xx);
      }
    }
  }
  EXPECT_EQ(routes, 3u);
  // A route the snapshot does not know is parsed on the spot.
  EXPECT_TRUE(s.retry_on_for(nullptr, "5xx,reset").on_5xx);
  EXPECT_TRUE(s.retry_on_for(nullptr, "5xx,reset").reset);
}

TEST(Snapshot, PortOutsideTheRangeIsAnError) {
  testing::TempDir dir;
  ServeOptions o;
  o.paths = {dir.write("gw.yaml", kConfig)};
  o.port_offset = 65500;
  LoadReport report;
  auto snap = load_snapshot(o, 1, report);
  ASSERT_FALSE(snap);
  EXPECT_NE(snap.error().message.find("outside 1-65535"), std::string::npos);
}

TEST(Snapshot, UnreadableInputIsAnInputError) {
  testing::TempDir dir;
  ServeOptions o;
  o.paths = {dir.write("broken.yaml", "kind: Gateway\nspec: [unclosed\n")};
  LoadReport report;
  auto snap = load_snapshot(o, 1, report);
  ASSERT_FALSE(snap);
  EXPECT_TRUE(report.input_error);
}

TEST(Snapshot, StrictRefusesErrors) {
  testing::TempDir dir;
  ServeOptions o;
  o.paths = {dir.write("gw.yaml", std::string(kConfig) + R"(
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: bad, namespace: prod}
spec:
  hosts: ["bad.example.com"]
  gateways: ["istio-system/gw"]
  http:
  - route: [{destination: {host: ""}}]
)")};
  o.strict = true;
  LoadReport report;
  auto snap = load_snapshot(o, 1, report);
  EXPECT_FALSE(snap);
  EXPECT_TRUE(report.refused);
}

}  // namespace
}  // namespace igw::serve
