// Listeners, filter chains and TLS contexts (SEMANTICS R1.6–R1.24).
#include "tests/compile/compile_util.h"

#include <gtest/gtest.h>

namespace igw::compile {
namespace {

using testing::compile_yaml;

const char* kTlsGateways = R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.example.com"]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: https-a, protocol: HTTPS}
    hosts: ["a.example.com", "./b.example.com"]
    tls:
      mode: SIMPLE
      credentialName: a-cert
      minProtocolVersion: TLSV1_3
      cipherSuites: [ECDHE-RSA-AES128-GCM-SHA256, BOGUS, ECDHE-RSA-AES128-GCM-SHA256]
  - port: {number: 443, name: https-w, protocol: HTTPS}
    hosts: ["*.example.com"]
    tls: {mode: MUTUAL, credentialName: w-cert}
)";

TEST(Listeners, R1_9_OneListenerPerPortNamedByBindAndPort) {
  auto c = compile_yaml(kTlsGateways);
  ASSERT_EQ(c.table->listeners().size(), 2u);
  EXPECT_EQ(c.table->listeners()[0].name, "0.0.0.0_80");
  EXPECT_EQ(c.table->listeners()[1].name, "0.0.0.0_443");
  EXPECT_EQ(c.table->find_listener(443), &c.table->listeners()[1]);
  EXPECT_EQ(c.table->find_listener(8443), nullptr);
}

TEST(Listeners, R1_10_HttpPortHasOneChainWithoutCriteria) {
  auto c = compile_yaml(kTlsGateways);
  const Listener& l = c.table->listeners()[0];
  ASSERT_EQ(l.chains.size(), 1u);
  EXPECT_TRUE(l.chains[0].server_names.empty());
  EXPECT_FALSE(l.chains[0].tls.has_value());
  ASSERT_NE(l.chains[0].route_config, nullptr);
  EXPECT_EQ(l.chains[0].route_config->name, "http.80");
}

TEST(Listeners, R1_11_R1_12_HttpsChainPerServerWithSortedSni) {
  auto c = compile_yaml(kTlsGateways);
  const Listener& l = c.table->listeners()[1];
  ASSERT_EQ(l.chains.size(), 2u);
  EXPECT_TRUE(l.tls_inspector);
  EXPECT_EQ(l.chains[0].server_names,
            (std::vector<std::string>{"a.example.com", "b.example.com"}));  // ns/ stripped
  EXPECT_EQ(l.chains[0].route_config->name, "https.443.https-a.gw.istio-system");
  EXPECT_EQ(l.chains[1].server_names, (std::vector<std::string>{"*.example.com"}));
}

TEST(Listeners, R1_12_StarHostMeansNoSniCriterion) {
  auto c = compile_yaml(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["a.com", "*"]
    tls: {mode: SIMPLE, credentialName: c}
)");
  ASSERT_EQ(c.table->listeners().size(), 1u);
  EXPECT_TRUE(c.table->listeners()[0].chains[0].server_names.empty());
  EXPECT_FALSE(c.table->listeners()[0].tls_inspector);
}

TEST(Listeners, R1_13_SniSelectionExactThenLongestWildcardThenCatchAll) {
  auto c = compile_yaml(kTlsGateways);
  const Listener& l = c.table->listeners()[1];
  EXPECT_EQ(l.find_chain("a.example.com"), &l.chains[0]);
  EXPECT_EQ(l.find_chain("x.example.com"), &l.chains[1]);
  EXPECT_EQ(l.find_chain("x.y.example.com"), &l.chains[1]);  // one or more labels
  EXPECT_EQ(l.find_chain("example.com"), nullptr);
  EXPECT_EQ(l.find_chain(""), nullptr);  // Istio sets no default chain
}

TEST(TlsContext, R1_22_MutualRequiresAndValidatesClientCerts) {
  auto c = compile_yaml(kTlsGateways);
  const Listener& l = c.table->listeners()[1];
  ASSERT_TRUE(l.chains[1].tls);
  EXPECT_TRUE(l.chains[1].tls->require_client_certificate);
  EXPECT_TRUE(l.chains[1].tls->validate_client_certificate);
  EXPECT_FALSE(l.chains[0].tls->require_client_certificate);
  EXPECT_EQ(l.chains[0].tls->alpn, (std::vector<std::string>{"h2", "http/1.1"}));
  EXPECT_EQ(l.chains[1].tls->credential_name, "w-cert");
}

TEST(TlsContext, R1_24_VersionsDefaultsAndCipherFilter) {
  auto c = compile_yaml(kTlsGateways);
  const TlsContext& a = *c.table->listeners()[1].chains[0].tls;
  EXPECT_EQ(a.min_protocol_version, "TLSv1_3");
  EXPECT_EQ(a.max_protocol_version, "TLSv1_3");
  EXPECT_EQ(a.cipher_suites, (std::vector<std::string>{"ECDHE-RSA-AES128-GCM-SHA256"}));
  EXPECT_EQ(a.dropped_cipher_suites,
            (std::vector<std::string>{"BOGUS", "ECDHE-RSA-AES128-GCM-SHA256"}));
  const TlsContext& w = *c.table->listeners()[1].chains[1].tls;
  EXPECT_EQ(w.min_protocol_version, "TLSv1_2");
  EXPECT_TRUE(w.cipher_suites.empty());
}

TEST(Listeners, R1_8_TargetPortTranslationKeepsGatewayPortForRouting) {
  auto c = compile_yaml(R"(
apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  ports: [{name: http2, port: 80, targetPort: 8080}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: istio-system}
spec:
  hosts: ["a.com"]
  gateways: [gw]
  http:
  - match: [{port: 80}]
    redirect: {uri: /x, derivePort: FROM_REQUEST_PORT, scheme: http}
)");
  ASSERT_EQ(c.table->listeners().size(), 1u);
  const Listener& l = c.table->listeners()[0];
  EXPECT_EQ(l.name, "0.0.0.0_8080");
  EXPECT_EQ(l.port, 8080u);
  EXPECT_EQ(l.gateway_ports, (std::vector<uint32_t>{80}));
  EXPECT_EQ(c.table->find_listener(80), &l);
  const RouteConfig* rc = l.chains[0].route_config;
  EXPECT_EQ(rc->name, "http.8080");
  EXPECT_EQ(rc->gateway_port, 80u);
  ASSERT_EQ(rc->virtual_hosts.size(), 1u);
  EXPECT_EQ(rc->virtual_hosts[0].name, "a.com:80");   // vhost names use the Gateway port
  ASSERT_EQ(rc->virtual_hosts[0].routes.size(), 1u);  // match port 80 kept (Gateway port)
  // derivePort: FROM_REQUEST_PORT → 80, stripped for http.
  EXPECT_EQ(rc->virtual_hosts[0].routes[0]->redirect.port_redirect, 0u);
}

TEST(Listeners, R1_7_DroppedServersRecordedWithReason) {
  auto c = compile_yaml(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.com"]
  - port: {number: 80, name: tcp, protocol: TCP}
    hosts: ["b.com"]
)");
  ASSERT_EQ(c.table->dropped_servers().size(), 1u);
  const DroppedServer& d = c.table->dropped_servers()[0];
  EXPECT_EQ(d.reason, model::DropReason::kProtocolConflict);
  EXPECT_EQ(d.server_index, 1u);
  ASSERT_TRUE(d.conflicts_with);
  EXPECT_EQ(d.conflicts_with->server_index, 0u);
  EXPECT_EQ(d.loc.line, 9u);
}

const char* kTcpAndPassthrough = R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 27017, name: mongo, protocol: MONGO}
    hosts: ["*"]
  - port: {number: 443, name: tls, protocol: TLS}
    hosts: ["*.example.com"]
    tls: {mode: PASSTHROUGH}
  - port: {number: 9000, name: tcp, protocol: TCP}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: mongo, namespace: db}
spec:
  hosts: ["*"]
  gateways: [istio-system/gw]
  tcp:
  - match: [{port: 27017}]
    route: [{destination: {host: mongo.db.svc.cluster.local, port: {number: 27017}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: pt, namespace: web}
spec:
  hosts: ["a.example.com", "b.example.com"]
  gateways: [istio-system/gw]
  tls:
  - match: [{sniHosts: [a.example.com], port: 443}]
    route: [{destination: {host: a, port: {number: 8443}}}]
  - match: [{sniHosts: [b.example.com]}]
    route:
    - {destination: {host: b1, port: {number: 8443}}, weight: 80}
    - {destination: {host: b2, port: {number: 8443}}, weight: 20}
)";

TEST(Listeners, R1_21_TcpServerUsesFirstMatchingTcpRoute) {
  auto c = compile_yaml(kTcpAndPassthrough);
  const Listener* l = c.table->find_listener(27017);
  ASSERT_NE(l, nullptr);
  ASSERT_EQ(l->chains.size(), 1u);
  EXPECT_EQ(l->chains[0].kind, ChainKind::kTcpProxy);
  ASSERT_TRUE(l->chains[0].tcp);
  EXPECT_EQ(l->chains[0].tcp->clusters[0].name, "outbound|27017||mongo.db.svc.cluster.local");
  // Port 9000 has no tcp route: Istio builds no chain, hence no listener.
  EXPECT_EQ(c.table->find_listener(9000), nullptr);
  bool noted = false;
  for (const auto& n : c.table->notes())
    noted = noted || (n.rule == "R1.21" && n.object == "Listener 0.0.0.0_9000");
  EXPECT_TRUE(noted);
}

TEST(Listeners, R1_19_PassthroughChainsUseSniHostsOfTlsRoutes) {
  auto c = compile_yaml(kTcpAndPassthrough);
  const Listener* l = c.table->find_listener(443);
  ASSERT_NE(l, nullptr);
  ASSERT_EQ(l->chains.size(), 2u);
  EXPECT_EQ(l->chains[0].kind, ChainKind::kTlsPassthrough);
  EXPECT_EQ(l->chains[0].server_names, (std::vector<std::string>{"a.example.com"}));
  EXPECT_EQ(l->chains[0].tcp->clusters[0].name, "outbound|8443||a.web.svc.cluster.local");
  ASSERT_EQ(l->chains[1].tcp->clusters.size(), 2u);
  EXPECT_EQ(l->chains[1].tcp->total_weight, 100u);
  EXPECT_EQ(l->find_chain("c.example.com"), nullptr);
}

TEST(Listeners, R1_20_AutoPassthroughSniNamesClusters) {
  auto c = compile_yaml(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: eastwest, namespace: istio-system}
spec:
  servers:
  - port: {number: 15443, name: tls, protocol: TLS}
    hosts: ["*.local"]
    tls: {mode: AUTO_PASSTHROUGH}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  ports: [{name: http, port: 9080}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}]
)");
  const Listener* l = c.table->find_listener(15443);
  ASSERT_NE(l, nullptr);
  ASSERT_EQ(l->chains.size(), 2u);
  EXPECT_EQ(l->chains[0].server_names[0], "outbound_.9080_._.reviews.bookinfo.svc.cluster.local");
  EXPECT_EQ(l->chains[1].server_names[0], "outbound_.9080_.v1_.reviews.bookinfo.svc.cluster.local");
  EXPECT_EQ(l->chains[1].tcp->clusters[0].name,
            "outbound|9080|v1|reviews.bookinfo.svc.cluster.local");
}

TEST(Listeners, R1_13_DuplicateCatchAllChainsRejectTheListener) {
  // A TLS server for "*" and a later plain HTTP server on the same port both end up without
  // criteria; Envoy refuses such a listener.
  auto c = compile_yaml(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*"]
    tls: {mode: SIMPLE, credentialName: c}
  - port: {number: 443, name: http, protocol: HTTP}
    hosts: ["*"]
)");
  EXPECT_EQ(c.table->find_listener(443), nullptr);
  bool noted = false;
  for (const auto& n : c.table->notes())
    noted = noted || n.rule == "R1.13";
  EXPECT_TRUE(noted);
}

TEST(CompileInput, RejectedObjectsAreLeftOut) {
  auto yaml = testing::http_gateway() + R"(---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: istio-system}
spec:
  hosts: ["a.com"]
  gateways: [gw]
  http: [{route: [{destination: {host: a}}]}]
)";
  auto c = compile_yaml(yaml);
  ASSERT_EQ(c.table->route_configs().size(), 1u);
  EXPECT_EQ(c.table->route_configs()[0]->virtual_hosts[0].name, "a.com:80");
  c.config->virtual_services[0].rejected = true;
  auto t = compile(*c.config);
  EXPECT_EQ(t->route_configs()[0]->virtual_hosts[0].name, "blackhole:80");
  EXPECT_EQ(t->rejected_objects(), (std::vector<std::string>{"VirtualService istio-system/vs"}));
}

}  // namespace
}  // namespace igw::compile
