// Gateway selection, host normalisation and Istio's server merge (SEMANTICS R1.1–R1.9).
#include "lib/model/server_merge.h"

#include "lib/config/load.h"
#include "lib/model/parse.h"
#include "lib/model/route_semantics.h"

#include <gtest/gtest.h>

#include <string>

namespace igw::model {
namespace {

Config parse_config(const std::string& yaml) {
  config::LoadResult loaded;
  config::parse_text("test.yaml", yaml, loaded);
  base::Diagnostics diags;
  return parse(std::move(loaded), ParseOptions{}, diags);
}

std::vector<std::string> hosts_of(const ServerMerge& m, size_t i) {
  return m.servers.at(i).hosts;
}

TEST(GatewaySelection, R1_1_SelectorSubsetOfWorkloadLabels) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: b, namespace: istio-system}
spec:
  selector: {istio: egressgateway}
  servers: [{port: {number: 81, name: http, protocol: HTTP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: c, namespace: other}
spec:
  servers: [{port: {number: 82, name: http, protocol: HTTP}, hosts: ["*"]}]
)");
  ServerMerge m = merge_servers(c, GatewayWorkload{});
  ASSERT_EQ(m.gateways.size(), 2u);  // a, and c without selector
  EXPECT_EQ(m.gateways[0]->name(), "a");
  EXPECT_EQ(m.gateways[1]->name(), "c");
  GatewayWorkload egress;
  egress.labels = {{"istio", "egressgateway"}, {"app", "x"}};
  ServerMerge e = merge_servers(c, egress);
  ASSERT_EQ(e.gateways.size(), 2u);
  EXPECT_EQ(e.gateways[0]->name(), "b");
}

TEST(GatewaySelection, R1_1_OrderByCreationThenNameThenNamespace) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: z-old, namespace: a, creationTimestamp: "2024-01-01T00:00:00Z"}
spec: {servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["z.com"]}]}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: b-new, namespace: b, creationTimestamp: "2024-02-01T00:00:00Z"}
spec: {servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["b.com"]}]}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: b-new, namespace: a, creationTimestamp: "2024-02-01T00:00:00Z"}
spec: {servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["a.com"]}]}
)");
  ServerMerge m = merge_servers(c, GatewayWorkload{});
  ASSERT_EQ(m.gateways.size(), 3u);
  EXPECT_EQ(m.gateways[0]->name(), "z-old");
  EXPECT_EQ(m.gateways[1]->ns(), "a");
  EXPECT_EQ(m.gateways[2]->ns(), "b");
}

TEST(GatewaySelection, SkipsRejectedGateways) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a, namespace: istio-system}
spec: {servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}
)");
  c.gateways[0].rejected = true;
  EXPECT_TRUE(merge_servers(c, GatewayWorkload{}).servers.empty());
}

TEST(ServerHosts, R1_3_Normalisation) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: edge}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["./a.com", "*/b.com", "prod/c.com", "d.com"]
  - port: {number: 81, name: http2, protocol: HTTP}
    hosts: ["x.com", "*/*"]
)");
  ServerMerge m = merge_servers(c, GatewayWorkload{});
  ASSERT_EQ(m.servers.size(), 2u);
  EXPECT_EQ(hosts_of(m, 0),
            (std::vector<std::string>{"edge/a.com", "b.com", "prod/c.com", "d.com"}));
  EXPECT_EQ(hosts_of(m, 1), (std::vector<std::string>{"*"}));
  EXPECT_EQ(m.servers[0].gateway_name, "edge/gw");
}

TEST(ServerClassification, R1_4_R1_5_ProtocolsAndKinds) {
  EXPECT_EQ(parse_protocol("grpc-WEB"), Protocol::kGrpcWeb);
  EXPECT_TRUE(is_http_protocol(parse_protocol("Http2")));
  EXPECT_FALSE(is_http_protocol(parse_protocol("HTTPS")));
  EXPECT_TRUE(is_tcp_protocol(parse_protocol("mongo")));
  EXPECT_EQ(parse_protocol("quic"), Protocol::kUnsupported);
  EXPECT_EQ(classify_server(Protocol::kHttp, TlsMode::kPassthrough), ServerKind::kHttp);
  EXPECT_EQ(classify_server(Protocol::kHttps, TlsMode::kSimple), ServerKind::kHttpsTerminate);
  EXPECT_EQ(classify_server(Protocol::kHttps, TlsMode::kPassthrough), ServerKind::kTlsPassthrough);
  EXPECT_EQ(classify_server(Protocol::kTls, TlsMode::kMutual), ServerKind::kTcpTlsTerminate);
  EXPECT_EQ(classify_server(Protocol::kTls, TlsMode::kAutoPassthrough),
            ServerKind::kAutoPassthrough);
  EXPECT_EQ(classify_server(Protocol::kTcp, TlsMode::kNone), ServerKind::kTcp);
}

TEST(ServerMergeTest, R1_6_RouteNames) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: edge}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.com"]
  - port: {number: 443, name: https-a, protocol: HTTPS}
    hosts: ["a.com"]
    tls: {mode: SIMPLE, credentialName: a}
  - port: {number: 8080, name: web, protocol: HTTP}
    bind: 10.0.0.1
    hosts: ["a.com"]
  - port: {number: 9443, name: pt, protocol: TLS}
    hosts: ["a.com"]
    tls: {mode: PASSTHROUGH}
)");
  ServerMerge m = merge_servers(c, GatewayWorkload{});
  ASSERT_EQ(m.servers.size(), 4u);
  EXPECT_EQ(m.servers[0].route_name, "http.80");
  EXPECT_EQ(m.servers[1].route_name, "https.443.https-a.gw.edge");
  EXPECT_EQ(m.servers[2].route_name, "http.8080.10.0.0.1");
  EXPECT_EQ(m.servers[3].route_name, "");
  EXPECT_EQ(m.servers[1].sni_hosts, (std::vector<std::string>{"a.com"}));
}

TEST(ServerMergeTest, R1_7_1_HttpServersShareRouteConfig) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a, namespace: istio-system}
spec: {servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["a.com"]}]}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: b, namespace: istio-system}
spec: {servers: [{port: {number: 80, name: grpc, protocol: GRPC}, hosts: ["b.com"]}]}
)");
  ServerMerge m = merge_servers(c, GatewayWorkload{});
  EXPECT_TRUE(m.dropped.empty());
  ASSERT_EQ(m.listeners.size(), 1u);
  EXPECT_EQ(m.listeners[0].name, "0.0.0.0_80");
  ASSERT_EQ(m.listeners[0].groups.size(), 1u);
  EXPECT_EQ(m.groups[m.listeners[0].groups[0]].servers.size(), 2u);
  EXPECT_EQ(m.servers_for_route("http.80").size(), 2u);
}

TEST(ServerMergeTest, R1_7_2_PlainTextThenOtherProtocolDropped) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.com"]
  - port: {number: 80, name: https, protocol: HTTPS}
    hosts: ["b.com"]
    tls: {mode: SIMPLE, credentialName: b}
  - port: {number: 80, name: tcp, protocol: TCP}
    hosts: ["c.com"]
)");
  ServerMerge m = merge_servers(c, GatewayWorkload{});
  ASSERT_EQ(m.servers.size(), 1u);
  ASSERT_EQ(m.dropped.size(), 2u);
  EXPECT_EQ(m.dropped[0].reason, DropReason::kProtocolConflict);
  EXPECT_EQ(m.dropped[0].conflicts_with, std::optional<size_t>(0));
  EXPECT_EQ(m.dropped[1].reason, DropReason::kProtocolConflict);
  EXPECT_NE(m.dropped[1].message.find("istio-system/a servers[0]"), std::string::npos)
      << m.dropped[1].message;
  EXPECT_EQ(drop_reason_code(m.dropped[0].reason), "protocol-conflict");
}

TEST(ServerMergeTest, R1_7_3_TlsServersSideBySideDuplicateHostDropsWholeServer) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a, namespace: istio-system, creationTimestamp: "2024-01-01T00:00:00Z"}
spec:
  servers:
  - port: {number: 443, name: https-a, protocol: HTTPS}
    hosts: ["a.com"]
    tls: {mode: SIMPLE, credentialName: a}
  - port: {number: 443, name: https-b, protocol: HTTPS}
    hosts: ["b.com"]
    tls: {mode: SIMPLE, credentialName: b}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: z, namespace: istio-system, creationTimestamp: "2024-02-01T00:00:00Z"}
spec:
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["c.com", "a.com"]
    tls: {mode: SIMPLE, credentialName: c}
)");
  ServerMerge m = merge_servers(c, GatewayWorkload{});
  ASSERT_EQ(m.servers.size(), 2u);
  ASSERT_EQ(m.dropped.size(), 1u);
  EXPECT_EQ(m.dropped[0].reason, DropReason::kDuplicateTlsHost);
  EXPECT_EQ(m.dropped[0].duplicate_hosts, (std::vector<std::string>{"a.com"}));
  EXPECT_EQ(m.dropped[0].conflicts_with, std::optional<size_t>(0));
  EXPECT_EQ(m.dropped[0].gateway_name, "istio-system/z");
  ASSERT_EQ(m.listeners.size(), 1u);
  EXPECT_EQ(m.groups[m.listeners[0].groups[0]].servers.size(), 2u);
}

TEST(ServerMergeTest, R1_7_3_HttpsRedirectServersAlsoCheckDuplicateHosts) {
  // Any server with a tls block (also a plain HTTP one that only redirects) takes part in
  // CheckDuplicates.
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.com"]
    tls: {httpsRedirect: true}
  - port: {number: 80, name: http2, protocol: HTTP}
    hosts: ["a.com"]
    tls: {httpsRedirect: true}
  - port: {number: 80, name: http3, protocol: HTTP}
    hosts: ["a.com"]
)");
  ServerMerge m = merge_servers(c, GatewayWorkload{});
  ASSERT_EQ(m.dropped.size(), 1u);
  EXPECT_EQ(m.dropped[0].server->index, 1u);
  EXPECT_EQ(m.servers.size(), 2u);
  EXPECT_TRUE(m.servers[0].https_redirect);
}

TEST(ServerMergeTest, R1_7_4_SameHttpsRouteNameDropped) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a, namespace: istio-system}
spec:
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["a.com"]
    tls: {mode: SIMPLE, credentialName: a}
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["b.com"]
    tls: {mode: SIMPLE, credentialName: b}
)");
  ServerMerge m = merge_servers(c, GatewayWorkload{});
  ASSERT_EQ(m.dropped.size(), 1u);
  EXPECT_EQ(m.dropped[0].reason, DropReason::kDuplicateRouteName);
}

TEST(ServerMergeTest, R1_7_5_TlsThenPlainHttpBecomeTwoChains) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a, namespace: istio-system}
spec:
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["a.com"]
    tls: {mode: SIMPLE, credentialName: a}
  - port: {number: 443, name: http, protocol: HTTP}
    hosts: ["b.com"]
  - port: {number: 443, name: tcp, protocol: TCP}
    hosts: ["c.com"]
)");
  ServerMerge m = merge_servers(c, GatewayWorkload{});
  ASSERT_EQ(m.servers.size(), 2u);
  ASSERT_EQ(m.dropped.size(), 1u);
  EXPECT_EQ(m.dropped[0].reason, DropReason::kPlainAfterTls);
  ASSERT_EQ(m.listeners.size(), 1u);
  EXPECT_EQ(m.listeners[0].groups.size(), 2u);
  EXPECT_EQ(m.servers[1].route_name, "http.443");
}

TEST(ServerMergeTest, R1_7_6_DifferentBindsNeverConflict) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.com"]
  - port: {number: 80, name: tcp, protocol: TCP}
    bind: 10.0.0.2
    hosts: ["b.com"]
)");
  ServerMerge m = merge_servers(c, GatewayWorkload{});
  EXPECT_TRUE(m.dropped.empty());
  ASSERT_EQ(m.listeners.size(), 2u);
  EXPECT_EQ(m.listeners[0].name, "0.0.0.0_80");
  EXPECT_EQ(m.listeners[1].name, "10.0.0.2_80");
}

TEST(ServerMergeTest, R1_8_TargetPortTranslation) {
  Config c = parse_config(R"(
apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  ports:
  - {name: http2, port: 80, targetPort: 8080}
  - {name: https, port: 443, targetPort: 8443}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.com"]
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["a.com"]
    tls: {mode: SIMPLE, credentialName: a}
  - port: {number: 9000, name: other, protocol: HTTP}
    hosts: ["a.com"]
)");
  ServerMerge m = merge_servers(c, GatewayWorkload{});
  ASSERT_NE(m.ingress_service, nullptr);
  ASSERT_EQ(m.servers.size(), 3u);
  EXPECT_EQ(m.servers[0].gateway_port, 80u);
  EXPECT_EQ(m.servers[0].listen_port, 8080u);
  EXPECT_EQ(m.servers[0].route_name, "http.8080");  // Istio names HTTP RDS by listen port
  EXPECT_EQ(m.servers[1].listen_port, 8443u);
  EXPECT_EQ(m.servers[1].route_name, "https.443.https.gw.istio-system");
  EXPECT_EQ(m.servers[2].listen_port, 9000u);
  EXPECT_EQ(m.listeners[0].name, "0.0.0.0_8080");
}

TEST(ServerMergeTest, NoPortDropped) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - hosts: ["a.com"]
)");
  ServerMerge m = merge_servers(c, GatewayWorkload{});
  ASSERT_EQ(m.dropped.size(), 1u);
  EXPECT_EQ(m.dropped[0].reason, DropReason::kNoPort);
  EXPECT_EQ(m.dropped[0].loc.line, 7u);
}

TEST(LabelList, ParsesAndRejects) {
  auto l = parse_label_list("istio=ingressgateway, app=gw");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->size(), 2u);
  EXPECT_EQ((*l)[1].second, "gw");
  std::string why;
  EXPECT_FALSE(parse_label_list("istio", &why));
  EXPECT_NE(why.find("key=value"), std::string::npos);
}

TEST(RouteSemantics, R3_1_CatchAllDefinition) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: ["a.com"]
  gateways: ["istio-system/gw"]
  http:
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: api}}]
  - match: [{uri: {prefix: /}, headers: {x: {exact: "1"}}}]
    route: [{destination: {host: api}}]
  - match: [{uri: {regex: "/.*"}}, {uri: {exact: /}}]
    route: [{destination: {host: api}}]
  - match: [{port: 8080}, {uri: {regex: ".*"}, ignoreUriCase: true}]
    route: [{destination: {host: api}}]
  - route: [{destination: {host: web}}]
)");
  const VirtualService& vs = c.virtual_services.at(0);
  EXPECT_FALSE(is_catch_all_rule(vs.http[0]));
  EXPECT_FALSE(is_catch_all_rule(vs.http[1]));
  EXPECT_FALSE(is_catch_all_rule(vs.http[2]));  // regex "/.*" is not Istio's catch-all form
  EXPECT_TRUE(is_catch_all_match(vs.http[3].match[0]));  // only config-time fields
  EXPECT_TRUE(is_catch_all_rule(vs.http[4]));
  EXPECT_EQ(first_catch_all_rule(vs), std::optional<size_t>(3));
  // On port 80 the `port: 8080` entry is not emitted, but the regex ".*" one is.
  GatewayWorkload wl;
  RouteScope scope{80, "istio-system/gw", &wl};
  EXPECT_EQ(first_catch_all_rule(vs, &scope), std::optional<size_t>(3));
  EXPECT_FALSE(match_applies(vs.http[3].match[0], vs.ns(), scope));
}

TEST(RouteSemantics, R3_2_ConfigTimeFilters) {
  Config c = parse_config(R"(
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: ["a.com"]
  gateways: ["istio-system/gw", "gw2"]
  http:
  - match:
    - {gateways: [gw2]}
    - {gateways: ["istio-system/gw"], port: 80}
    - {sourceLabels: {istio: ingressgateway}}
    - {sourceLabels: {app: other}}
    - {sourceNamespace: istio-system}
    - {sourceNamespace: web}
    route: [{destination: {host: api}}]
)");
  const auto& m = c.virtual_services.at(0).http[0].match;
  GatewayWorkload wl;
  RouteScope gw{80, "istio-system/gw", &wl};
  RouteScope gw2{80, "web/gw2", &wl};
  EXPECT_FALSE(match_applies(m[0], "web", gw));
  EXPECT_TRUE(match_applies(m[0], "web", gw2));
  EXPECT_TRUE(match_applies(m[1], "web", gw));
  RouteScope gw443{443, "istio-system/gw", &wl};
  EXPECT_FALSE(match_applies(m[1], "web", gw443));
  EXPECT_TRUE(match_applies(m[2], "web", gw));
  EXPECT_FALSE(match_applies(m[3], "web", gw));
  EXPECT_TRUE(match_applies(m[4], "web", gw));
  EXPECT_FALSE(match_applies(m[5], "web", gw));
}

}  // namespace
}  // namespace igw::model
