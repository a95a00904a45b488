// Tests: igw.CorsOrigins (IGW0404, IGW0405) and the origin regex helpers.
#include "lib/check/igw/origin_regex.h"
#include "tests/check_igw/check_igw_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

// A VirtualService whose first http rule carries `cors` (indented for the corsPolicy block,
// starting at line 13).
std::string vs_with_cors(const std::string& cors) {
  return R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: api
  namespace: web
spec:
  hosts:
  - api.example.com
  gateways:
  - istio-system/gw
  http:
  - name: api
    corsPolicy:
)" + cors +
         R"(    route:
    - destination:
        host: api
)";
}

TEST(CorsOrigins, AnyOriginWithCredentials) {
  auto found = run_check("igw.CorsOrigins", vs_with_cors(R"(      allowOrigins:
      - exact: https://app.example.com
      - regex: ".*"
      allowCredentials: true
)"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0404");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(found[0].resource.str(), "VirtualService web/api");
  EXPECT_EQ(line_col(found[0]), "16:16");
  EXPECT_EQ(found[0].message,
            "http rule \"api\": the corsPolicy admits every origin (regex \".*\" matches any "
            "origin) and sets allowCredentials: true; Envoy echoes any caller's Origin with "
            "access-control-allow-credentials: true, so every web site can send credentialed "
            "requests here and read the responses.");
  EXPECT_EQ(found[0].hint,
            "List the exact origins that need credentials (e.g. exact: https://app.example.com), "
            "or remove allowCredentials.");
}

TEST(CorsOrigins, EveryAllowEverythingFormIsRecognised) {
  for (std::string origin : {"exact: \"*\"", "prefix: \"\"", "prefix: \"*\"", "prefix: https://",
                             "regex: \"https://.+\""}) {
    auto found =
        run_check("igw.CorsOrigins", vs_with_cors("      allowOrigins:\n      - " + origin +
                                                  "\n      allowCredentials: true\n"));
    ASSERT_EQ(found.size(), 1u) << origin;
    EXPECT_EQ(found[0].code, "IGW0404") << origin;
  }
  // The deprecated allowOrigin list is read only without allowOrigins.
  auto found = run_check("igw.CorsOrigins", vs_with_cors(R"(      allowOrigin:
      - "*"
      allowCredentials: true
)"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(line_col(found[0]), "15:9");
}

TEST(CorsOrigins, AnyOriginWithoutCredentialsOrSpecificOriginsPass) {
  EXPECT_TRUE(run_check("igw.CorsOrigins", vs_with_cors(R"(      allowOrigins:
      - regex: ".*"
)"))
                  .empty());
  EXPECT_TRUE(run_check("igw.CorsOrigins", vs_with_cors(R"(      allowOrigins:
      - regex: ".*"
      allowCredentials: false
)"))
                  .empty());
  EXPECT_TRUE(run_check("igw.CorsOrigins", vs_with_cors(R"(      allowOrigins:
      - exact: https://app.example.com
      - prefix: https://admin.example.com
      - regex: "https://[a-z]+\\.example\\.com"
      allowCredentials: true
)"))
                  .empty());
}

TEST(CorsOrigins, UnescapedDotInOriginRegex) {
  auto found = run_check("igw.CorsOrigins", vs_with_cors(R"(      allowOrigins:
      - regex: "https://.*.example.com"
)"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0405");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(found[0].resource.str(), "VirtualService web/api");
  // The dot before "example": the opening quote is column 16, the value's byte 10 column 27.
  EXPECT_EQ(line_col(found[0]), "15:27");
  EXPECT_EQ(found[0].message,
            "http rule \"api\": corsPolicy origin regex \"https://.*.example.com\" has 2 unescaped "
            "'.'s in its host part; '.' matches any character, so it also admits "
            "\"https://evil-example.com\".");
  EXPECT_EQ(found[0].hint,
            "Escape the dot: regex: 'https://.*\\.example\\.com' (in a double-quoted YAML string: "
            "\"https://.*\\\\.example\\\\.com\").");
}

TEST(CorsOrigins, EscapedDotsPass) {
  EXPECT_TRUE(run_check("igw.CorsOrigins", vs_with_cors(R"(      allowOrigins:
      - regex: "https://.*\\.example\\.com"
      - regex: 'https://[.]example[.]com'
)"))
                  .empty());
}

TEST(OriginRegex, UnescapedHostDots) {
  using igw_facts::unescaped_host_dots;
  EXPECT_EQ(unescaped_host_dots("https://.*.example.com"), (std::vector<size_t>{10, 18}));
  EXPECT_EQ(unescaped_host_dots("https://.*\\.example\\.com"), std::vector<size_t>{});
  EXPECT_EQ(unescaped_host_dots("https://[a.]+\\.example\\.com"), std::vector<size_t>{});
  EXPECT_EQ(unescaped_host_dots("https?://(app|admin).example.com(:[0-9]+)?"),
            (std::vector<size_t>{20, 28}));
  EXPECT_EQ(unescaped_host_dots("https://a\\.example\\.com/x.y"), std::vector<size_t>{});
  EXPECT_EQ(unescaped_host_dots(".*.example.com"), (std::vector<size_t>{2, 10}));
}

TEST(OriginRegex, LookAlikeOrigins) {
  using igw_facts::look_alike_origin;
  EXPECT_EQ(look_alike_origin("https://.*.example.com", 10), "https://evil-example.com");
  EXPECT_EQ(look_alike_origin("https?://(app|admin).example.com", 20), "https://app-example.com");
  EXPECT_EQ(look_alike_origin("(?i)https://app.example.com$", 15), "https://app-example.com");
  // Too involved to render: no example, rather than a wrong one.
  EXPECT_EQ(look_alike_origin("https://[^x]{3}.example.com", 15), "");
}

TEST(OriginRegex, MalformedPatternsAreHandled) {
  for (std::string p : {"", "\\", "[", "(", "https://", "https://[", "https://\\", "(?i", "a|b.c",
                        "((((", "https://a.{2}b", "https://(a.b", ")"}) {
    auto dots = igw_facts::unescaped_host_dots(p);
    for (size_t d : dots) {
      EXPECT_LT(d, p.size()) << p;
      // None of these renders into an example the pattern provably admits.
      EXPECT_EQ(igw_facts::look_alike_origin(p, d), "") << p;
    }
    EXPECT_FALSE(igw_facts::admits_any_origin_regex(p)) << p;
  }
  // "*" is not RE2 syntax (Istio's validation rejects it); it admits nothing here.
  EXPECT_FALSE(igw_facts::admits_any_origin_regex("*"));
}

}  // namespace
}  // namespace igw::check::testing
