// render::write_curl_transcript and curl_transcript_json: curl -v style text and JSON.
#include "lib/render/curl_transcript.h"

#include "lib/compile/compile.h"
#include "lib/config/load.h"
#include "lib/http/simulate.h"
#include "lib/model/parse.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace igw::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char* kCurlTranscriptConfig = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [api.example.com]
    tls: {mode: SIMPLE, credentialName: api-cert}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: web}
spec:
  hosts: [api.example.com]
  gateways: [istio-system/gw]
  http:
  - corsPolicy:
      allowOrigins: [{exact: "https://app.example.com"}]
      allowMethods: [GET]
    route: [{destination: {host: api}}]
)";

class Transcript : public ::testing::Test {
 protected:
  void SetUp() override {
    config::LoadResult loaded;
    config::parse_text("gw.yaml", kCurlTranscriptConfig, loaded);
    base::Diagnostics diags;
    config_ = std::make_unique<model::Config>(
        model::parse(std::move(loaded), model::ParseOptions{}, diags));
    table_ = compile::compile(*config_);
  }
  http::Simulation run(std::vector<std::string> args, http::SimOptions o = {}) {
    auto c = http::parse_curl_command(args, nullptr);
    EXPECT_TRUE(c.has_value());
    cmd_ = *c;
    return http::simulate(*table_, cmd_, o);
  }
  std::string text(const http::Simulation& s) {
    std::ostringstream out;
    write_curl_transcript(out, s, cmd_, {});
    return out.str();
  }
  std::unique_ptr<model::Config> config_;
  compile::RouteTablePtr table_;
  http::CurlCommand cmd_;
};

TEST_F(Transcript, CurlVerboseShapeWithIgwLines) {
  auto s = run({"curl", "-L", "-w", "%{http_code}\\n", "http://api.example.com/x"});
  std::string t = text(s);
  EXPECT_THAT(t, HasSubstr("> GET /x HTTP/1.1\n> Host: api.example.com\n"));
  EXPECT_THAT(
      t, HasSubstr("< HTTP/1.1 301 Moved Permanently\n< location: https://api.example.com/x\n"));
  EXPECT_THAT(t, HasSubstr("* Issue another request to this URL: 'https://api.example.com/x'\n"));
  EXPECT_THAT(t, HasSubstr("* ALPN: server accepted h2\n"));
  EXPECT_THAT(t, HasSubstr("> GET /x HTTP/2\n"));
  EXPECT_THAT(t, HasSubstr("< HTTP/2 200\n"));
  EXPECT_THAT(t, HasSubstr("* igw: [R1.17] "));
  EXPECT_THAT(t, HasSubstr("* igw: answered by VirtualService web/api http[0] (no match: every "
                           "request) (gw.yaml:"));
  EXPECT_THAT(t, HasSubstr("* igw: >> x-forwarded-proto: https\n"));
  EXPECT_THAT(t, HasSubstr("simulated upstream reply: 200"));
  EXPECT_TRUE(t.ends_with("left intact\n200\n")) << t;
}

TEST_F(Transcript, BrowserVerdictLine) {
  http::SimOptions o;
  o.browser = true;
  o.origin = "https://evil.example.org";
  auto s = run({"curl", "https://api.example.com/x"}, o);
  std::string t = text(s);
  EXPECT_THAT(t, HasSubstr("browser: blocked by CORS: No 'Access-Control-Allow-Origin' header is "
                           "present on the requested resource."));
  EXPECT_THAT(t, HasSubstr("istio/istio#23757"));
}

TEST_F(Transcript, ConnectionFailureShowsCurlsMessage) {
  auto s = run({"curl", "http://api.example.com:8080/"});
  std::string t = text(s);
  EXPECT_THAT(t, HasSubstr("* Failed to connect to api.example.com port 8080 after 0 ms: "
                           "Couldn't connect to server\n* Closing connection 0\n"));
  EXPECT_THAT(t, Not(HasSubstr("> GET")));
  EXPECT_EQ(s.exit_code, 7);
}

TEST_F(Transcript, JsonDocument) {
  auto s = run({"curl", "-H", "Origin: https://app.example.com", "https://api.example.com/x"});
  auto j = curl_transcript_json(s, cmd_);
  ASSERT_EQ(j["exchanges"].size(), 1u);
  const auto& e = j["exchanges"][0];
  EXPECT_EQ(e["request"]["method"], "GET");
  EXPECT_EQ(e["request"]["url"], "https://api.example.com/x");
  EXPECT_EQ(e["response"]["status"], 200);
  EXPECT_EQ(e["response"]["source"], "upstream-simulated");
  EXPECT_EQ(e["decision"]["outcome"], "route");
  EXPECT_EQ(e["upstreamRequest"]["cluster"], "outbound|443||api.web.svc.cluster.local");
  bool acao = false;
  for (const auto& h : e["response"]["headers"])
    acao |= h[0] == "access-control-allow-origin" && h[1] == "https://app.example.com";
  EXPECT_TRUE(acao);
  EXPECT_EQ(j["exitCode"], 0);
  EXPECT_FALSE(j.contains("browser"));
}

}  // namespace
}  // namespace igw::render
