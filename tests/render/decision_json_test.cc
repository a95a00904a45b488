// render::decision_json: the `igw routes -o json` document of a Decision and its Trace.
#include "lib/render/decision_json.h"

#include "lib/compile/compile.h"
#include "lib/config/load.h"
#include "lib/match/decide.h"
#include "lib/model/parse.h"

#include <gtest/gtest.h>

namespace igw::render {
namespace {

struct Table {
  std::unique_ptr<model::Config> config;
  compile::RouteTablePtr table;
};

Table compile_text(const std::string& yaml) {
  config::LoadResult loaded;
  config::parse_text("gw.yaml", yaml, loaded);
  base::Diagnostics diags;
  Table t;
  t.config = std::make_unique<model::Config>(
      model::parse(std::move(loaded), model::ParseOptions{}, diags));
  t.table = compile::compile(*t.config);
  return t;
}

const char* kDecisionJsonConfig = R"(apiVersion: networking.istio.io/v1
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
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: app, namespace: web}
spec:
  hosts: [app.example.com]
  gateways: [istio-system/gw]
  http:
  - name: old
    match: [{uri: {prefix: /old/}}]
    redirect: {uri: /new, redirectCode: 302}
  - name: api
    match: [{uri: {prefix: /api/}, name: prefixed}]
    rewrite: {uri: /v1/, authority: backend.internal}
    route:
    - destination: {host: v1, subset: a}
      weight: 80
    - destination: {host: v2}
      weight: 20
  - directResponse: {status: 418, body: {string: teapot}}
)";

struct Routed {
  std::string authority;
  std::string path;
  match::Request request;
  match::Decision decision;
  match::Trace trace;
};

void route(const compile::RouteTable& t, Routed& r, std::string authority, std::string path,
           bool tls) {
  r.authority = std::move(authority);
  r.path = std::move(path);
  r.request.authority = r.authority;
  r.request.path = r.path;
  r.request.tls = tls;
  r.request.port = tls ? 443 : 80;
  r.request.sni = tls ? r.request.authority : std::string_view();
  r.decision = match::decide(t, r.request, &r.trace);
}

TEST(DecisionJson, RouteWithRewritesDestinationsAndCredential) {
  Table t = compile_text(kDecisionJsonConfig);
  Routed r;
  route(*t.table, r, "app.example.com", "/api/users?x=1", true);
  auto j = decision_json(r.decision, r.request, &r.trace);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it)
    keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"listener", "server", "routeConfig", "virtualHost",
                                            "domainMatch", "outcome", "virtualService", "rule",
                                            "match", "destinations", "pathRewrite", "hostRewrite",
                                            "credential", "trace"}));
  EXPECT_EQ(j["listener"]["port"], 443);
  EXPECT_EQ(j["server"]["gateway"], "istio-system/gw");
  EXPECT_EQ(j["server"]["index"], 1);
  EXPECT_EQ(j["server"]["protocol"], "HTTPS");
  EXPECT_EQ(j["server"]["tlsMode"], "SIMPLE");
  EXPECT_EQ(j["outcome"], "route");
  EXPECT_EQ(j["virtualService"]["namespace"], "web");
  EXPECT_EQ(j["virtualService"]["name"], "app");
  EXPECT_EQ(j["virtualService"]["file"], "gw.yaml");
  EXPECT_EQ(j["virtualService"]["line"], 13);
  EXPECT_EQ(j["rule"]["index"], 1);
  EXPECT_EQ(j["rule"]["name"], "api");
  EXPECT_EQ(j["match"]["index"], 0);
  ASSERT_EQ(j["destinations"].size(), 2u);
  EXPECT_EQ(j["destinations"][0]["subset"], "a");
  EXPECT_EQ(j["destinations"][0]["weight"], 80);
  EXPECT_EQ(j["destinations"][0]["cluster"], "outbound|443|a|v1.web.svc.cluster.local");
  EXPECT_EQ(j["pathRewrite"], "/v1/users?x=1");
  EXPECT_EQ(j["hostRewrite"], "backend.internal");
  EXPECT_EQ(j["credential"]["credentialName"], "app-cert");
  ASSERT_FALSE(j["trace"].empty());
  EXPECT_EQ(j["trace"][0]["kind"], "connection");
}

TEST(DecisionJson, RedirectsDirectResponsesAndNotFound) {
  Table t = compile_text(kDecisionJsonConfig);
  Routed https_redirect;
  route(*t.table, https_redirect, "app.example.com", "/x?y", false);
  auto a = decision_json(https_redirect.decision, https_redirect.request, nullptr);
  EXPECT_EQ(a["outcome"], "https_redirect");
  EXPECT_EQ(a["redirect"]["status"], 301);
  EXPECT_EQ(a["redirect"]["location"], "https://app.example.com/x?y");
  EXPECT_FALSE(a.contains("trace"));
  EXPECT_FALSE(a.contains("credential"));

  Routed redirect;
  route(*t.table, redirect, "app.example.com", "/old/a", true);
  auto b = decision_json(redirect.decision, redirect.request, nullptr);
  EXPECT_EQ(b["outcome"], "redirect");
  EXPECT_EQ(b["redirect"]["status"], 302);
  EXPECT_EQ(b["redirect"]["location"], "https://app.example.com/new");

  Routed direct;
  route(*t.table, direct, "app.example.com", "/other", true);
  auto c = decision_json(direct.decision, direct.request, nullptr);
  EXPECT_EQ(c["outcome"], "direct_response");
  EXPECT_EQ(c["directResponse"]["status"], 418);
  EXPECT_EQ(c["directResponse"]["body"], "teapot");
  EXPECT_FALSE(c.contains("pathRewrite"));

  Routed closed;
  route(*t.table, closed, "app.example.com", "/", true);
  closed.request.port = 8443;
  closed.decision = match::decide(*t.table, closed.request, nullptr);
  auto d = decision_json(closed.decision, closed.request, nullptr);
  EXPECT_EQ(d["outcome"], "connection_closed");
  EXPECT_EQ(d["closeReason"], "no listener serves this port");
}

}  // namespace
}  // namespace igw::render
