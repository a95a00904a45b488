// render::write_route_list_text / route_list_json: `igw routes --list`.
#include "lib/render/route_list.h"

#include "tests/render/routes_render_util.h"

#include <gtest/gtest.h>

#include <sstream>

namespace igw::render {
namespace {

using testing::compile_yaml;

const char* kRouteListConfig = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*.example.com"]
    tls: {mode: SIMPLE, credentialName: cert}
  - port: {number: 8443, name: tls, protocol: TLS}
    hosts: [legacy.example.com]
    tls: {mode: PASSTHROUGH}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: prod}
spec:
  hosts: [app.example.com, www.example.com]
  gateways: [istio-system/gw]
  http:
  - match: [{authority: {exact: www.example.com}}]
    redirect: {authority: app.example.com}
  - match: [{uri: {prefix: /static/}}]
    route: [{destination: {host: static, port: {number: 80}}}]
  - match: [{uri: {prefix: /static/}}]
    route: [{destination: {host: old-static, port: {number: 80}}}]
  - route: [{destination: {host: frontend, port: {number: 80}}}]
  - match: [{uri: {prefix: /never}}]
    route: [{destination: {host: never, port: {number: 80}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web-extra, namespace: prod}
spec:
  hosts: [app.example.com]
  gateways: [istio-system/gw]
  http:
  - route: [{destination: {host: other, port: {number: 80}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: legacy, namespace: prod}
spec:
  hosts: [legacy.example.com]
  gateways: [istio-system/gw]
  tls:
  - match: [{sniHosts: [legacy.example.com]}]
    route: [{destination: {host: legacy, port: {number: 443}}}]
)";

std::string list_text(const compile::RouteTable& t, const RouteListFilter& f = {}) {
  std::ostringstream out;
  write_route_list_text(out, t, f);
  return out.str();
}

// The text row (line) containing every one of `parts`, or "".
std::string row(const std::string& text, std::initializer_list<std::string> parts) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    bool all = true;
    for (const auto& p : parts)
      all = all && line.find(p) != std::string::npos;
    if (all)
      return line;
  }
  return "";
}

TEST(RouteListTest, OneRowPerRouteWithVirtualServiceAndSource) {
  auto t = compile_yaml(kRouteListConfig);
  std::string s = list_text(*t.table);
  EXPECT_EQ(s.rfind("ROUTE CONFIG", 0), 0u) << s;
  EXPECT_NE(s.find("VIRTUAL HOST"), std::string::npos);
  std::string r = row(s, {"https.443.https.gw.istio-system", "app.example.com:443", "/static/*"});
  ASSERT_FALSE(r.empty()) << s;
  EXPECT_NE(r.find("static.prod.svc.cluster.local:80"), std::string::npos) << r;
  EXPECT_NE(r.find("prod/web"), std::string::npos);
  EXPECT_NE(r.find("http[1].match[0]"), std::string::npos);
  EXPECT_NE(r.find("gw.yaml:"), std::string::npos);
  // The redirect row names its action.
  r = row(s, {"www.example.com:443", ":authority=www.example.com"});
  EXPECT_NE(r.find("redirect 301 (authority app.example.com)"), std::string::npos) << s;
}

TEST(RouteListTest, MarksRoutesNoRequestCanReach) {
  auto t = compile_yaml(kRouteListConfig);
  std::string s = list_text(*t.table);
  // Same conditions as an earlier route.
  std::string r = row(s, {"app.example.com:443", "old-static"});
  EXPECT_NE(r.find("unreachable: same conditions as prod/web http[1] match[0]"), std::string::npos)
      << s;
  // A second catch-all (another VirtualService) after the first one.
  r = row(s, {"app.example.com:443", "other.prod.svc.cluster.local"});
  EXPECT_NE(r.find("unreachable: after catch-all prod/web http[3]"), std::string::npos) << s;
  // An authority condition naming another virtual host's host.
  r = row(s, {"app.example.com:443", ":authority=www.example.com"});
  EXPECT_NE(r.find("unreachable: its authority \"www.example.com\" selects virtual host "
                   "www.example.com:443"),
            std::string::npos)
      << s;
  // httpsRedirect on the plain-text port.
  r = row(s, {"http.80", "app.example.com:80", "https redirect 301"});
  EXPECT_FALSE(r.empty()) << s;
  r = row(s, {"http.80", "app.example.com:80", "static.prod"});
  EXPECT_NE(r.find("unreachable: httpsRedirect answers every plain-text request"),
            std::string::npos)
      << s;
  // Reachable rows carry no note.
  r = row(s, {"https.443", "www.example.com:443", "/static/*", "static.prod"});
  EXPECT_EQ(r.find("unreachable"), std::string::npos) << r;
}

TEST(RouteListTest, ListsTlsRoutesAndWhatIstioLeftOut) {
  auto t = compile_yaml(kRouteListConfig);
  std::string s = list_text(*t.table);
  std::string r = row(s, {"0.0.0.0_8443", "legacy.example.com", "tls_passthrough"});
  EXPECT_NE(r.find("legacy.prod.svc.cluster.local:443"), std::string::npos) << s;
  EXPECT_NE(r.find("prod/legacy"), std::string::npos);
  EXPECT_NE(r.find("tls[0]"), std::string::npos);
  // The rule after web's catch-all is never emitted (R3.1).
  EXPECT_NE(s.find("\nLeft out by Istio:\n"), std::string::npos) << s;
  EXPECT_NE(s.find("[R3.1] VirtualService prod/web"), std::string::npos) << s;
}

TEST(RouteListTest, FiltersByPortAndHost) {
  auto t = compile_yaml(kRouteListConfig);
  RouteListFilter f;
  f.port = 443;
  std::string s = list_text(*t.table, f);
  EXPECT_EQ(s.find("http.80"), std::string::npos) << s;
  EXPECT_EQ(s.find("0.0.0.0_8443"), std::string::npos) << s;
  EXPECT_EQ(s.find("Left out by Istio"), std::string::npos);
  EXPECT_NE(s.find("https.443.https.gw.istio-system"), std::string::npos);

  RouteListFilter h;
  h.host = "WWW.example.com:443";
  s = list_text(*t.table, h);
  EXPECT_EQ(s.find("app.example.com:443"), std::string::npos) << s;
  EXPECT_NE(s.find("www.example.com:443"), std::string::npos);
  EXPECT_NE(s.find("www.example.com:80"), std::string::npos);

  RouteListFilter none;
  none.host = "nothing.other.org";
  none.port = 443;
  EXPECT_EQ(list_text(*t.table, none), "No HTTP routes match the filter.\n");
}

TEST(RouteListTest, JsonHasTheSameRows) {
  auto t = compile_yaml(kRouteListConfig);
  RouteListFilter f;
  f.port = 443;
  f.host = "app.example.com";
  nlohmann::ordered_json j = route_list_json(*t.table, f);
  ASSERT_TRUE(j["routes"].is_array());
  const auto& first = j["routes"][0];
  EXPECT_EQ(first["routeConfig"], "https.443.https.gw.istio-system");
  EXPECT_EQ(first["virtualHost"], "app.example.com:443");
  EXPECT_EQ(first["match"], "/* :authority=www.example.com");
  EXPECT_EQ(first["action"], "redirect");
  EXPECT_EQ(first["status"], 301);
  EXPECT_EQ(first["virtualService"]["namespace"], "prod");
  EXPECT_EQ(first["virtualService"]["name"], "web");
  EXPECT_EQ(first["virtualService"]["file"], "gw.yaml");
  EXPECT_EQ(first["rule"]["index"], 0);
  EXPECT_EQ(first["unreachable"]["reason"], "authority_elsewhere");
  const auto& second = j["routes"][1];
  EXPECT_EQ(second["destinations"][0]["cluster"], "outbound|80||static.prod.svc.cluster.local");
  EXPECT_FALSE(second.contains("unreachable"));
  EXPECT_EQ(j["routes"][2]["unreachable"]["reason"], "duplicate");
  EXPECT_TRUE(j["tcpRoutes"].empty());
  EXPECT_FALSE(j.contains("notes")) << "notes only without a filter";

  nlohmann::ordered_json all = route_list_json(*t.table, {});
  ASSERT_FALSE(all["notes"].empty());
  // Among the notes (compile order), the rule dropped after web's catch-all.
  const nlohmann::ordered_json* catch_all = nullptr;
  for (const auto& n : all["notes"]) {
    if (n["rule"] == "R3.1")
      catch_all = &n;
  }
  ASSERT_NE(catch_all, nullptr) << all["notes"].dump(1);
  EXPECT_EQ((*catch_all)["object"], "VirtualService prod/web");
  EXPECT_EQ((*catch_all)["source"], "gw.yaml:30");
  EXPECT_EQ(all["tcpRoutes"][0]["kind"], "tls_passthrough");
  EXPECT_EQ(all["tcpRoutes"][0]["rule"], "tls[0]");
}

TEST(RouteListTest, BlackholeVirtualHostIsA404Row) {
  auto t = compile_yaml(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
)");
  std::string s = list_text(*t.table);
  std::string r = row(s, {"http.80", "blackhole:80"});
  EXPECT_NE(r.find("404"), std::string::npos) << s;
  EXPECT_NE(r.find("no VirtualService binds to this server"), std::string::npos) << s;
}

}  // namespace
}  // namespace igw::render
