// Redirect Location construction, rewrites and path normalisation (SEMANTICS R1.14, R1.18, R4.5,
// R4.6, R4.8).
#include "lib/match/location.h"

#include "tests/match/match_util.h"

#include <gtest/gtest.h>

namespace igw::match {
namespace {

using testing::compile_yaml;
using testing::Req;

compile::RedirectAction redirect(std::string scheme = "", std::string host = "",
                                 std::string path = "", uint32_t port = 0) {
  compile::RedirectAction r;
  r.scheme_redirect = std::move(scheme);
  r.host_redirect = std::move(host);
  r.path_redirect = std::move(path);
  r.port_redirect = port;
  return r;
}

TEST(Location, R1_18_SslRedirectKeepsHostPortAndQuery) {
  EXPECT_EQ(ssl_redirect_location("a.com:8080", "/x?y=1"), "https://a.com:8080/x?y=1");
}

TEST(Location, R4_6_AuthorityRedirectDropsTheRequestPort) {
  EXPECT_EQ(redirect_location(redirect("", "b.com"), "http", "a.com:8080", "/p?q=1"),
            "http://b.com/p?q=1");
}

TEST(Location, R4_6_PortRedirectReplacesTheRequestPort) {
  EXPECT_EQ(redirect_location(redirect("", "", "", 9090), "http", "a.com:8080", "/p"),
            "http://a.com:9090/p");
}

TEST(Location, R4_6_SchemeChangeStripsDefaultPortOnly) {
  EXPECT_EQ(redirect_location(redirect("https"), "http", "a.com:80", "/p"), "https://a.com/p");
  EXPECT_EQ(redirect_location(redirect("https"), "http", "a.com:8080", "/p"),
            "https://a.com:8080/p");
  EXPECT_EQ(redirect_location(redirect("http"), "https", "a.com:443", "/"), "http://a.com/");
  // Same scheme: the port stays.
  EXPECT_EQ(redirect_location(redirect("http"), "http", "a.com:80", "/"), "http://a.com:80/");
}

TEST(Location, R4_6_PathRedirectQueryHandling) {
  EXPECT_EQ(redirect_location(redirect("", "", "/new"), "http", "a.com", "/old?x=1"),
            "http://a.com/new?x=1");
  EXPECT_EQ(redirect_location(redirect("", "", "/new?y=2"), "http", "a.com", "/old?x=1"),
            "http://a.com/new?y=2");
  EXPECT_EQ(redirect_location(redirect("", "", "new"), "http", "a.com", "/old"),
            "http://a.com/new");
}

TEST(Location, R4_5_R4_6_DerivePortEndToEnd) {
  auto c = compile_yaml(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 8080, name: http, protocol: HTTP}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: [a.com]
  gateways: [istio-system/gw]
  http:
  - match: [{uri: {prefix: /derive}}]
    redirect: {authority: b.com, derivePort: FROM_REQUEST_PORT}
  - match: [{uri: {prefix: /proto}}]
    redirect: {scheme: https, derivePort: FROM_PROTOCOL_DEFAULT}
  - match: [{uri: {prefix: /api}}]
    redirect: {prefixRewrite: /v2}
)");
  Req derive("a.com:8080", "/derive?x");
  derive.port(8080);
  Decision d = decide(*c.table, derive.get());
  ASSERT_EQ(d.outcome, Outcome::kRedirect);
  EXPECT_EQ(redirect_location(*d.route, derive.get(), d), "http://b.com:8080/derive?x");
  Req proto("a.com:8080", "/proto");
  proto.port(8080);
  d = decide(*c.table, proto.get());
  EXPECT_EQ(redirect_location(*d.route, proto.get(), d), "https://a.com:8080/proto");
  Req api("a.com:8080", "/api/users?q=1");
  api.port(8080);
  d = decide(*c.table, api.get());
  EXPECT_EQ(redirect_location(*d.route, api.get(), d), "http://a.com:8080/v2/users?q=1");
}

TEST(Rewrite, R4_8_PrefixRewriteReplacesTheMatchedPrefix) {
  compile::PathMatcher prefix;
  prefix.kind = compile::PathMatcher::Kind::kPrefix;
  prefix.value = "/api";
  EXPECT_EQ(rewrite_prefix(prefix, "/api/users?x=1", "/v1"), "/v1/users?x=1");
  EXPECT_EQ(rewrite_prefix(prefix, "/api/users", "/"), "//users");
  compile::PathMatcher catch_all;
  EXPECT_EQ(rewrite_prefix(catch_all, "/foo", "/v2"), "/v2foo");
  compile::PathMatcher exact;
  exact.kind = compile::PathMatcher::Kind::kExact;
  exact.value = "/a";
  EXPECT_EQ(rewrite_prefix(exact, "/a?q", "/b"), "/b?q");
}

TEST(Rewrite, R4_8_RegexRewriteKeepsQuery) {
  auto c = compile_yaml(R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: [a.com]
  gateways: [istio-system/gw]
  http:
  - match: [{uri: {regex: "/u/[0-9]+"}}]
    rewrite: {uri: /user}
    route: [{destination: {host: a}}]
  - rewrite: {uriRegexRewrite: {match: "^/old/(.*)$", rewrite: "/new/\\1"}}
    route: [{destination: {host: a}}]
)");
  Req regex_route("a.com", "/u/7?z=1");
  Decision d = decide(*c.table, regex_route.get());
  EXPECT_EQ(rewritten_path(*d.route, d.path(regex_route.get())), "/user?z=1");
  Req old("a.com", "/old/x/y?k=v");
  d = decide(*c.table, old.get());
  EXPECT_EQ(rewritten_path(*d.route, d.path(old.get())), "/new/x/y?k=v");
}

TEST(Normalize, R1_14_DotSegmentsOnly) {
  EXPECT_EQ(normalize_path("/a/./b"), std::optional<std::string>("/a/b"));
  EXPECT_EQ(normalize_path("/a/b/../c?x=/../"), std::optional<std::string>("/a/c?x=/../"));
  EXPECT_EQ(normalize_path("/.."), std::optional<std::string>("/"));
  EXPECT_EQ(normalize_path("/a/%2e%2e/b"), std::optional<std::string>("/b"));
  EXPECT_EQ(normalize_path("/a/b/.."), std::optional<std::string>("/a/"));
  EXPECT_FALSE(normalize_path("/a//b"));  // slashes are not merged
  EXPECT_FALSE(normalize_path("/a/.b/c"));
  EXPECT_FALSE(normalize_path("/plain"));
}

}  // namespace
}  // namespace igw::match
