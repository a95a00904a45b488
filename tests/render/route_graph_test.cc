// render::write_route_graph: `igw routes --graph` in Mermaid and Graphviz form.
#include "lib/render/route_graph.h"

#include "tests/render/routes_render_util.h"

#include <gtest/gtest.h>

#include <sstream>

namespace igw::render {
namespace {

using testing::compile_yaml;

const char* kRouteGraphConfig = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [app.example.com]
    tls: {mode: SIMPLE, credentialName: app-cert}
  - port: {number: 9000, name: tcp, protocol: TCP}
    hosts: [db.example.com]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: app, namespace: web}
spec:
  hosts: [app.example.com]
  gateways: [istio-system/gw]
  http:
  - match: [{uri: {regex: "/(a|b)/\"q\""}}]
    directResponse: {status: 204}
  - match: [{uri: {prefix: /api/}}]
    route:
    - destination: {host: api, port: {number: 8080}}
      weight: 90
    - destination: {host: api-canary, port: {number: 8080}}
      weight: 10
  - route: [{destination: {host: frontend, port: {number: 80}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: late, namespace: web}
spec:
  hosts: [app.example.com]
  gateways: [istio-system/gw]
  http:
  - route: [{destination: {host: late, port: {number: 80}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: data}
spec:
  hosts: [db.example.com]
  gateways: [istio-system/gw]
  tcp:
  - route: [{destination: {host: postgres, port: {number: 5432}}}]
)";

std::string graph(const compile::RouteTable& t, GraphFormat f) {
  std::ostringstream out;
  write_route_graph(out, t, f);
  return out.str();
}

TEST(RouteGraphTest, MermaidDrawsClientServerVirtualServiceDestination) {
  auto t = compile_yaml(kRouteGraphConfig);
  std::string s = graph(*t.table, GraphFormat::kMermaid);
  EXPECT_EQ(s.rfind("flowchart LR\n  client([\"Client\"])\n", 0), 0u) << s;
  EXPECT_NE(s.find("gw1[\"istio-system/gw servers[0] http HTTP *.example.com<br/>route config "
                   "http.80\"]"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("client -->|\":443 SNI app.example.com\"| gw2"), std::string::npos) << s;
  EXPECT_NE(s.find("vs1{{\"VirtualService<br/>web/app\"}}"), std::string::npos) << s;
  EXPECT_NE(s.find("gw2 -->|\"app.example.com\"| vs1"), std::string::npos) << s;
  EXPECT_NE(s.find("-->|\"http[1] /api/* weight 90/100\"|"), std::string::npos) << s;
  EXPECT_NE(s.find("-->|\"http[1] /api/* weight 10/100\"|"), std::string::npos) << s;
  // httpsRedirect on port 80 goes to the gateway's own 301.
  EXPECT_NE(s.find(">\"301 to https:// (httpsRedirect)\"]"), std::string::npos) << s;
  EXPECT_NE(s.find("gw1 -->|\"*.example.com, app.example.com\"| local1"), std::string::npos) << s;
  // TCP: server → VirtualService → destination.
  EXPECT_NE(s.find("-->|\"tcp[0]\"|"), std::string::npos) << s;
}

TEST(RouteGraphTest, UnreachableRoutesAreDashed) {
  auto t = compile_yaml(kRouteGraphConfig);
  std::string s = graph(*t.table, GraphFormat::kMermaid);
  // web/late's catch-all comes after web/app's: its edges are dashed.
  EXPECT_NE(s.find("-.->|\"app.example.com\"| vs"), std::string::npos) << s;
  EXPECT_NE(s.find("-.->|\"http[0] /* (unreachable)\"|"), std::string::npos) << s;
}

TEST(RouteGraphTest, MermaidEscapesQuotesAndPipes) {
  auto t = compile_yaml(kRouteGraphConfig);
  std::string s = graph(*t.table, GraphFormat::kMermaid);
  EXPECT_NE(s.find("regex:/(a#124;b)/#quot;q#quot;"), std::string::npos) << s;
}

TEST(RouteGraphTest, DotIsAQuotedDigraph) {
  auto t = compile_yaml(kRouteGraphConfig);
  std::string s = graph(*t.table, GraphFormat::kDot);
  EXPECT_EQ(s.rfind("digraph routes {\n  rankdir=LR;\n", 0), 0u) << s;
  EXPECT_NE(s.find("  client [label=\"Client\", shape=oval];"), std::string::npos) << s;
  EXPECT_NE(s.find("regex:/(a|b)/\\\"q\\\""), std::string::npos) << s;
  EXPECT_NE(s.find("[label=\"VirtualService\\nweb/app\", shape=hexagon]"), std::string::npos) << s;
  EXPECT_NE(s.find("style=dashed"), std::string::npos);
  EXPECT_EQ(s.back(), '\n');
  EXPECT_NE(s.rfind("}\n"), std::string::npos);
}

TEST(RouteGraphTest, Deterministic) {
  auto a = compile_yaml(kRouteGraphConfig);
  auto b = compile_yaml(kRouteGraphConfig);
  EXPECT_EQ(graph(*a.table, GraphFormat::kMermaid), graph(*b.table, GraphFormat::kMermaid));
  EXPECT_EQ(graph(*a.table, GraphFormat::kDot), graph(*b.table, GraphFormat::kDot));
}

}  // namespace
}  // namespace igw::render
