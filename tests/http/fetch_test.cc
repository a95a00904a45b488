// The browser side of CORS (WHATWG Fetch), with Chromium's console wording.
#include "lib/http/fetch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace igw::http {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(Fetch, MethodsAreNormalisedExceptPatch) {
  EXPECT_EQ(normalize_method("delete"), "DELETE");
  EXPECT_EQ(normalize_method("patch"), "patch");
  EXPECT_TRUE(cors_safelisted_method("POST"));
  EXPECT_FALSE(cors_safelisted_method("PUT"));
}

TEST(Fetch, SafelistedRequestHeaders) {
  EXPECT_TRUE(cors_safelisted_request_header("Content-Type", "text/plain; charset=utf-8"));
  EXPECT_FALSE(cors_safelisted_request_header("content-type", "application/json"));
  EXPECT_TRUE(cors_safelisted_request_header("accept-language", "en-US,en;q=0.9"));
  EXPECT_FALSE(cors_safelisted_request_header("accept", "text/\"html\""));
  EXPECT_TRUE(cors_safelisted_request_header("range", "bytes=0-99"));
  EXPECT_FALSE(cors_safelisted_request_header("range", "bytes=-5"));
  EXPECT_FALSE(cors_safelisted_request_header("x-custom", "1"));
  EXPECT_FALSE(cors_safelisted_request_header("accept", std::string(129, 'a')));
}

TEST(Fetch, UnsafeNamesAreSortedLowerCaseUnique) {
  Headers h{{"X-Custom", "1"},
            {"Content-Type", "application/json"},
            {"x-custom", "2"},
            {"Accept", "*/*"}};
  EXPECT_THAT(cors_unsafe_request_header_names(h), ElementsAre("content-type", "x-custom"));
  Headers big{{"accept", std::string(100, 'a')},
              {"accept-language", std::string(100, 'b')},
              {"content-language", std::string(100, 'c')}};
  for (int i = 0; i < 8; ++i)
    big.add("accept", std::string(100, 'd'));
  EXPECT_THAT(cors_unsafe_request_header_names(big),
              ElementsAre("accept", "accept-language", "content-language"));
}

TEST(Fetch, ForbiddenAndBrowserAddedHeaders) {
  EXPECT_TRUE(forbidden_request_header("Cookie", "a=1"));
  EXPECT_TRUE(forbidden_request_header("sec-ch-ua", "x"));
  EXPECT_TRUE(forbidden_request_header("Proxy-Authorization", "x"));
  EXPECT_TRUE(forbidden_request_header("X-HTTP-Method-Override", "TRACE"));
  EXPECT_FALSE(forbidden_request_header("X-HTTP-Method-Override", "PUT"));
  EXPECT_FALSE(forbidden_request_header("Authorization", "Bearer x"));
  EXPECT_TRUE(browser_added_header("User-Agent", "Mozilla"));
  EXPECT_TRUE(browser_added_header("Pragma", "no-cache"));
  EXPECT_FALSE(browser_added_header("Cache-Control", "max-age=0"));
}

TEST(Fetch, CorsCheckMessages) {
  using M = CredentialsMode;
  EXPECT_THAT(cors_check({}, "https://a", M::kOmit).reason,
              HasSubstr("No 'Access-Control-Allow-Origin' header is present"));
  EXPECT_TRUE(cors_check({{"access-control-allow-origin", "*"}}, "https://a", M::kOmit).ok);
  EXPECT_THAT(cors_check({{"access-control-allow-origin", "*"}}, "https://a", M::kInclude).reason,
              HasSubstr("must not be the wildcard '*' when the request's credentials mode is "
                        "'include'"));
  EXPECT_THAT(
      cors_check({{"access-control-allow-origin", "https://b"}}, "https://a", M::kOmit).reason,
      HasSubstr("has a value 'https://b' that is not equal to the supplied origin"));
  EXPECT_THAT(cors_check({{"access-control-allow-origin", "https://a"},
                          {"access-control-allow-origin", "https://a"}},
                         "https://a", M::kOmit)
                  .reason,
              HasSubstr("contains multiple values 'https://a, https://a'"));
  EXPECT_THAT(
      cors_check({{"access-control-allow-origin", "https://a"}}, "https://a", M::kInclude).reason,
      HasSubstr("'Access-Control-Allow-Credentials' header in the response is '' which "
                "must be 'true'"));
  EXPECT_TRUE(cors_check({{"access-control-allow-origin", "https://a"},
                          {"access-control-allow-credentials", "true"}},
                         "https://a", M::kInclude)
                  .ok);
}

TEST(Fetch, PreflightChecks) {
  using M = CredentialsMode;
  Headers ok{{"access-control-allow-origin", "https://a"},
             {"access-control-allow-methods", "GET,PUT"},
             {"access-control-allow-headers", "Content-Type"}};
  EXPECT_TRUE(preflight_check(200, ok, "https://a", M::kOmit, "PUT", {"content-type"}).ok);
  EXPECT_THAT(preflight_check(200, ok, "https://a", M::kOmit, "DELETE", {}).reason,
              HasSubstr("Method DELETE is not allowed by Access-Control-Allow-Methods"));
  EXPECT_THAT(preflight_check(200, ok, "https://a", M::kOmit, "PUT", {"x-custom"}).reason,
              HasSubstr("Request header field x-custom is not allowed"));
  EXPECT_THAT(preflight_check(404, ok, "https://a", M::kOmit, "PUT", {}).reason,
              HasSubstr("It does not have HTTP ok status."));
  EXPECT_THAT(
      preflight_check(301, {{"location", "https://x/"}}, "https://a", M::kOmit, "PUT", {}).reason,
      HasSubstr("Redirect is not allowed for a preflight request."));
  EXPECT_THAT(preflight_check(200, {}, "https://a", M::kOmit, "PUT", {}).reason,
              HasSubstr("Response to preflight request doesn't pass access control check: No "
                        "'Access-Control-Allow-Origin'"));
  // Wildcards count only without credentials, and never for Authorization.
  Headers star{{"access-control-allow-origin", "https://a"},
               {"access-control-allow-methods", "*"},
               {"access-control-allow-headers", "*"},
               {"access-control-allow-credentials", "true"}};
  EXPECT_TRUE(preflight_check(200, star, "https://a", M::kOmit, "PATCH", {"x-a"}).ok);
  EXPECT_THAT(preflight_check(200, star, "https://a", M::kOmit, "GET", {"authorization"}).reason,
              HasSubstr("authorization is not allowed"));
  EXPECT_THAT(preflight_check(200, star, "https://a", M::kInclude, "PATCH", {}).reason,
              HasSubstr("Method PATCH is not allowed"));
  // Safelisted methods never need listing.
  EXPECT_TRUE(preflight_check(200, ok, "https://a", M::kOmit, "POST", {"content-type"}).ok);
}

TEST(Fetch, ReadableHeaders) {
  Headers h{{"content-type", "text/plain"},
            {"x-request-id", "1"},
            {"x-secret", "2"},
            {"set-cookie", "a=1"},
            {"content-length", "0"},
            {"access-control-expose-headers", "X-Request-ID"}};
  EXPECT_THAT(readable_response_headers(h, CredentialsMode::kOmit, true),
              ElementsAre("content-type", "x-request-id", "content-length"));
  h.add("access-control-expose-headers", "*");
  EXPECT_THAT(readable_response_headers(h, CredentialsMode::kOmit, true),
              ElementsAre("content-type", "x-request-id", "x-secret", "content-length",
                          "access-control-expose-headers"));
  EXPECT_THAT(readable_response_headers(h, CredentialsMode::kInclude, true),
              ElementsAre("content-type", "x-request-id", "content-length"));
  EXPECT_THAT(readable_response_headers({{"set-cookie", "x"}}, CredentialsMode::kOmit, false),
              IsEmpty());
}

TEST(Fetch, TrustworthyAndCache) {
  EXPECT_TRUE(potentially_trustworthy(*parse_url("http://127.0.0.1:8080/")));
  EXPECT_TRUE(potentially_trustworthy(*parse_url("http://localhost/")));
  EXPECT_FALSE(potentially_trustworthy(*parse_url("http://api.example.com/")));
  EXPECT_EQ(chromium_preflight_cache_seconds("86400"), 7200);
  EXPECT_EQ(chromium_preflight_cache_seconds("0"), 0);
  EXPECT_EQ(chromium_preflight_cache_seconds("x"), std::nullopt);
}

}  // namespace
}  // namespace igw::http
