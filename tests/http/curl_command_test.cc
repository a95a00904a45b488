// http::CurlCommand: curl's command line and the requests it sends.
#include "lib/http/curl_command.h"

#include "tests/http/http_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace igw::http {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::lines;

base::Result<std::string> no_files(const std::string& path) {
  if (path == "body.json")
    return std::string("{\"a\":1}\n");
  return base::make_error("cannot read " + path);
}

CurlCommand parse(std::vector<std::string> args) {
  auto r = parse_curl_command(args, no_files);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : CurlCommand{};
}

std::string error_of(std::vector<std::string> args) {
  auto r = parse_curl_command(args, no_files);
  return r ? std::string("(parsed)") : r.error().message;
}

TEST(CurlCommand, SeedGuidePreflightCommand) {
  CurlCommand c =
      parse({"curl", "-X", "OPTIONS", "https://api.example.com/api/v1/users", "-H",
             "Origin: https://app.example.com", "-H", "Access-Control-Request-Method: POST", "-H",
             "Access-Control-Request-Headers: Content-Type, Authorization", "-v"});
  EXPECT_EQ(c.url.str(), "https://api.example.com/api/v1/users");
  EXPECT_EQ(c.method, "OPTIONS");
  EXPECT_TRUE(c.verbose);
  ClientRequest r = build_curl_request(c, c.url, {});
  EXPECT_EQ(r.method, "OPTIONS");
  EXPECT_TRUE(r.http2);
  EXPECT_THAT(lines(r.headers),
              ElementsAre("Host: api.example.com", "User-Agent: curl/7.88.1", "Accept: */*",
                          "Origin: https://app.example.com", "Access-Control-Request-Method: POST",
                          "Access-Control-Request-Headers: Content-Type, Authorization"));
}

TEST(CurlCommand, BundlesAttachedValuesAndLeadingCurlOptional) {
  CurlCommand c = parse({"-sSLk", "-XPOST", "-HX-A: 1", "http://a.com/x"});
  EXPECT_TRUE(c.silent);
  EXPECT_TRUE(c.show_error);
  EXPECT_TRUE(c.location);
  EXPECT_TRUE(c.insecure);
  EXPECT_EQ(c.method, "POST");
  ASSERT_EQ(c.headers.size(), 1u);
  EXPECT_EQ(c.headers[0].name, "X-A");
}

TEST(CurlCommand, WholeCommandInOneArgumentIsSplitLikeAShell) {
  CurlCommand c =
      parse({"curl -X PUT 'https://a.com/p q' \\\n  -H \"X-Note: it's \\\"quoted\\\"\""});
  EXPECT_EQ(c.method, "PUT");
  EXPECT_EQ(c.url.path, "/p q");
  ASSERT_EQ(c.headers.size(), 1u);
  EXPECT_EQ(c.headers[0].value, "it's \"quoted\"");
}

TEST(CurlCommand, DataMakesAFormPost) {
  CurlCommand c = parse({"-d", "a=1", "--data-raw", "@b", "--data-urlencode", "q=x y", "a.com"});
  EXPECT_EQ(c.url.str(), "http://a.com/");
  ClientRequest r = build_curl_request(c, c.url, {});
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.body, "a=1&@b&q=x%20y");
  EXPECT_THAT(lines(r.headers),
              ElementsAre("Host: a.com", "User-Agent: curl/7.88.1", "Accept: */*",
                          "Content-Length: 14", "Content-Type: application/x-www-form-urlencoded"));
}

TEST(CurlCommand, DataFromFileAndJson) {
  CurlCommand c = parse({"--json", "@body.json", "https://a.com/"});
  ClientRequest r = build_curl_request(c, c.url, {});
  EXPECT_EQ(r.body, "{\"a\":1}\n");
  EXPECT_EQ(r.headers.get("content-type"), "application/json");
  EXPECT_EQ(r.headers.get("accept"), "application/json");
  EXPECT_THAT(error_of({"-d", "@missing", "a.com"}), HasSubstr("cannot read missing"));
}

TEST(CurlCommand, GetPutsDataInTheQuery) {
  CurlCommand c = parse({"-G", "-d", "a=1", "-d", "b=2", "http://a.com/s?x=0"});
  ClientRequest r = build_curl_request(c, c.url, {});
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.url.path, "/s?x=0&a=1&b=2");
  EXPECT_TRUE(r.body.empty());
}

TEST(CurlCommand, HeaderRemovalEmptyValueAndReplacement) {
  CurlCommand c = parse({"-H", "User-Agent:", "-H", "X-Empty;", "-H", "Accept: text/html", "-A",
                         "ignored", "http://a.com/"});
  ClientRequest r = build_curl_request(c, c.url, {});
  EXPECT_THAT(lines(r.headers), ElementsAre("Host: a.com", "X-Empty: ", "Accept: text/html"));
}

TEST(CurlCommand, CustomHostHeaderTakesTheCustomPosition) {
  CurlCommand c = parse({"-H", "Host: api.example.com", "http://10.0.0.1/"});
  ClientRequest r = build_curl_request(c, c.url, {});
  EXPECT_THAT(lines(r.headers),
              ElementsAre("User-Agent: curl/7.88.1", "Accept: */*", "Host: api.example.com"));
}

TEST(CurlCommand, UserRefererCookieAndHead) {
  CurlCommand c = parse({"-I", "-u", "me:pw", "-e", "https://ref/", "-b", "a=1", "-b", "b=2",
                         "--compressed", "http://a.com/"});
  ClientRequest r = build_curl_request(c, c.url, {});
  EXPECT_EQ(r.method, "HEAD");
  EXPECT_THAT(lines(r.headers),
              ElementsAre("Host: a.com", "Authorization: Basic bWU6cHc=", "User-Agent: curl/7.88.1",
                          "Accept: */*", "Accept-Encoding: deflate, gzip", "Referer: https://ref/",
                          "Cookie: a=1; b=2"));
}

TEST(CurlCommand, HttpVersions) {
  EXPECT_FALSE(
      build_curl_request(parse({"--http1.1", "https://a.com"}), parse({"https://a.com"}).url, {})
          .http2);
  CurlCommand pk = parse({"--http2-prior-knowledge", "http://a.com"});
  EXPECT_TRUE(build_curl_request(pk, pk.url, {}).http2);
  CurlCommand up = parse({"--http2", "http://a.com"});
  ClientRequest r = build_curl_request(up, up.url, {});
  EXPECT_FALSE(r.http2);
  EXPECT_EQ(r.headers.get("upgrade"), "h2c");
}

TEST(CurlCommand, ErrorsNameTheOption) {
  EXPECT_THAT(error_of({"--frobnicate", "a.com"}),
              HasSubstr("unknown curl option \"--frobnicate\""));
  EXPECT_THAT(error_of({"--locaton", "a.com"}), HasSubstr("did you mean --location?"));
  EXPECT_THAT(error_of({"-Z", "a.com"}), HasSubstr("unknown curl option \"-Z\""));
  EXPECT_THAT(error_of({"--max-redirs=3", "a.com"}), HasSubstr("write it as --max-redirs \"3\""));
  EXPECT_THAT(error_of({"-F", "a=b", "a.com"}), HasSubstr("-F is not supported"));
  EXPECT_THAT(error_of({"-x", "http://proxy:3128", "a.com"}), HasSubstr("forward proxy"));
  EXPECT_THAT(error_of({"-H"}), HasSubstr("-H needs a value"));
  EXPECT_THAT(error_of({"-v"}), HasSubstr("no URL"));
  EXPECT_THAT(error_of({"a.com", "b.com"}), HasSubstr("several URLs"));
  EXPECT_THAT(error_of({"-u", "me", "a.com"}), HasSubstr("cannot prompt for a password"));
  EXPECT_THAT(error_of({"ftp://a.com"}), HasSubstr("unsupported URL scheme"));
  EXPECT_THAT(error_of({"-I", "-d", "x", "a.com"}), HasSubstr("only select one HTTP request"));
}

TEST(CurlCommand, PathDotSegmentsAreSquashedUnlessPathAsIs) {
  EXPECT_EQ(parse({"http://a.com/a/./b/../c?x=/../"}).url.path, "/a/c?x=/../");
  EXPECT_EQ(parse({"--path-as-is", "http://a.com/a/../c"}).url.path, "/a/../c");
}

TEST(CurlCommand, RedirectMethodRules) {
  CurlCommand plain = parse({"-d", "x", "a.com"});
  EXPECT_EQ(curl_redirect_method(plain, 301, "POST"), "GET");
  EXPECT_EQ(curl_redirect_method(plain, 302, "POST"), "GET");
  EXPECT_EQ(curl_redirect_method(plain, 303, "PUT"), "GET");
  EXPECT_EQ(curl_redirect_method(plain, 307, "POST"), std::nullopt);
  EXPECT_EQ(curl_redirect_method(plain, 308, "POST"), std::nullopt);
  EXPECT_EQ(curl_redirect_method(plain, 303, "HEAD"), std::nullopt);
  CurlCommand forced = parse({"-X", "POST", "-d", "x", "a.com"});
  EXPECT_EQ(curl_redirect_method(forced, 301, "POST"), std::nullopt);
}

TEST(CurlCommand, FollowedRedirectDropsBodyAndForeignCredentials) {
  CurlCommand c = parse({"-L", "-u", "u:p", "-H", "Cookie: s=1", "-H", "Content-Type: text/x", "-d",
                         "x", "http://a.com/"});
  FollowState f;
  f.following = true;
  f.method = "GET";
  f.drop_body = true;
  f.same_host_as_first = false;
  f.same_hostname_as_first = false;
  auto next = parse_url("https://b.com/");
  ClientRequest r = build_curl_request(c, *next, f);
  EXPECT_EQ(r.method, "GET");
  EXPECT_TRUE(r.body.empty());
  EXPECT_THAT(lines(r.headers),
              ElementsAre("Host: b.com", "User-Agent: curl/7.88.1", "Accept: */*"));
  CurlCommand trusted = parse({"--location-trusted", "-u", "u:p", "http://a.com/"});
  f.drop_body = false;
  EXPECT_TRUE(build_curl_request(trusted, *next, f).headers.has("authorization"));
}

TEST(CurlCommand, ConnectToAndResolve) {
  CurlCommand c = parse({"--connect-to", "::gw.internal:8443", "--resolve",
                         "api.example.com:443:10.0.0.5", "https://api.example.com/"});
  ConnectTarget t = connect_target(c, c.url);
  EXPECT_EQ(t.port, 8443u);
  EXPECT_TRUE(t.pinned);
  CurlCommand only_resolve =
      parse({"--resolve", "api.example.com:443:10.0.0.5", "https://api.example.com/"});
  ConnectTarget r = connect_target(only_resolve, only_resolve.url);
  EXPECT_EQ(r.port, 443u);
  EXPECT_TRUE(r.pinned);
  EXPECT_FALSE(connect_target(only_resolve, *parse_url("http://api.example.com/")).pinned);
}

TEST(CurlCommand, WriteOut) {
  WriteOutValues v;
  v.http_code = 301;
  v.url_effective = "http://a.com/";
  v.redirect_url = "https://a.com/";
  v.num_redirects = 2;
  v.response_headers = Headers{{"Location", "https://a.com/"}};
  std::vector<std::string> unknown;
  EXPECT_EQ(expand_write_out("%{http_code} %{redirect_url} %header{location} %{num_redirects}"
                             " 100%%\\n%{nope}",
                             v, &unknown),
            "301 https://a.com/ https://a.com/ 2 100%\n");
  EXPECT_THAT(unknown, ElementsAre("nope"));
  v.http_code = 0;
  EXPECT_EQ(expand_write_out("%{response_code} %{time_total}", v), "000 0.000000");
}

TEST(Url, ParseAndResolve) {
  auto u = parse_url("HTTPS://User:pw@API.example.com:8443/a/b?x#frag");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "api.example.com");
  EXPECT_EQ(u->port, 8443u);
  EXPECT_EQ(u->path, "/a/b?x");
  EXPECT_EQ(u->userinfo, "User:pw");
  EXPECT_EQ(u->origin(), "https://api.example.com:8443");
  EXPECT_EQ(parse_url("http://a.com:80")->str(), "http://a.com/");
  EXPECT_EQ(resolve_url(*u, "../c?y")->str(), "https://api.example.com:8443/c?y");
  EXPECT_EQ(resolve_url(*u, "/root")->str(), "https://api.example.com:8443/root");
  EXPECT_EQ(resolve_url(*u, "//other.com/z")->str(), "https://other.com/z");
  EXPECT_EQ(resolve_url(*u, "http://x.com")->str(), "http://x.com/");
  EXPECT_EQ(resolve_url(*u, "?q=1")->str(), "https://api.example.com:8443/a/b?q=1");
  EXPECT_EQ(parse_url("[::1]:8080/x")->host, "[::1]");
  EXPECT_FALSE(parse_url("http://a.com:99999/"));
}

}  // namespace
}  // namespace igw::http
