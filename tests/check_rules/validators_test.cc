// The shared validators: Istio's texts for hosts, labels, numbers, addresses, headers, regexes,
// and Go's formatting.
#include "lib/check/rules/validators.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace igw::check::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

TEST(Validators, Dns1123Labels) {
  EXPECT_TRUE(is_dns1123_label("a"));
  EXPECT_TRUE(is_dns1123_label("Prod-1"));  // Istio's pattern allows upper case
  EXPECT_TRUE(is_dns1123_label(std::string(63, 'a')));
  EXPECT_FALSE(is_dns1123_label(std::string(64, 'a')));
  EXPECT_FALSE(is_dns1123_label(""));
  EXPECT_FALSE(is_dns1123_label("-a"));
  EXPECT_FALSE(is_dns1123_label("a-"));
  EXPECT_FALSE(is_dns1123_label("a_b"));
  EXPECT_TRUE(is_wildcard_dns1123_label("*"));
  EXPECT_TRUE(is_wildcard_dns1123_label("*foo"));
  EXPECT_TRUE(is_wildcard_dns1123_label("*-foo"));
  EXPECT_FALSE(is_wildcard_dns1123_label("f*o"));
  EXPECT_FALSE(is_wildcard_dns1123_label("**"));
}

TEST(Validators, Domains) {
  EXPECT_EQ(validate_fqdn("reviews.prod.svc.cluster.local"), std::nullopt);
  EXPECT_EQ(validate_fqdn("istio.io."), std::nullopt);
  EXPECT_THAT(validate_fqdn(""), Optional(std::string("empty domain name not allowed")));
  EXPECT_THAT(validate_fqdn(std::string(256, 'a')),
              Optional(::testing::EndsWith("too long (max 255)")));
  EXPECT_THAT(validate_fqdn("*.example.com"),
              Optional(std::string("domain name \"*.example.com\" invalid (label \"*\" invalid)")));
  EXPECT_THAT(
      validate_fqdn("a.b.42"),
      Optional(std::string(
          "domain name \"a.b.42\" invalid (top level domain \"42\" cannot be all-numeric)")));
  EXPECT_EQ(validate_wildcard_domain("*.example.com"), std::nullopt);
  EXPECT_EQ(validate_wildcard_domain("*"), std::nullopt);
  // The tail of a wildcard domain is reported on its own, as Istio does.
  EXPECT_THAT(
      validate_wildcard_domain("*.ex_ample.com"),
      Optional(std::string("domain name \"ex_ample.com\" invalid (label \"ex_ample\" invalid)")));
  EXPECT_EQ(validate_wildcard_domain_for_gateway(true, "outbound_.80_._.svc.mesh"), std::nullopt);
  EXPECT_THAT(validate_wildcard_domain_for_gateway(true, "outbound_.80"),
              Optional(::testing::StartsWith("domain name outbound_.80 invalid, should follow")));
  EXPECT_THAT(validate_wildcard_domain_for_gateway(false, "outbound_.80_._.svc.mesh"),
              Optional(::testing::StartsWith("domain name \"outbound_.80_._.svc.mesh\" invalid")));
}

TEST(Validators, GatewayHosts) {
  EXPECT_THAT(validate_gateway_host("*/*.example.com"), IsEmpty());
  EXPECT_THAT(validate_gateway_host("10.1.2.3"), IsEmpty());
  EXPECT_THAT(validate_gateway_host("~/a.example.com"),
              ElementsAre("invalid namespace value \"~\" in gateway"));
  EXPECT_THAT(validate_gateway_host("ns/*foo.example.com"),
              ElementsAre("partial wildcard \"*foo.example.com\" not allowed"));
  EXPECT_THAT(
      validate_gateway_host("ns/"),
      ElementsAre("config namespace and dnsName in host entry cannot be empty",
                  "short names (non FQDN) are not allowed", "empty domain name not allowed"));
}

TEST(Validators, Labels) {
  EXPECT_EQ(validate_label_key("app.kubernetes.io/name"), std::nullopt);
  EXPECT_EQ(validate_label_key("version"), std::nullopt);
  EXPECT_THAT(validate_label_key("a/b/c"), Optional(std::string("invalid tag key: \"a/b/c\"")));
  EXPECT_THAT(validate_label_key("-x"), Optional(std::string("invalid tag key: \"-x\"")));
  EXPECT_THAT(validate_label_key(std::string(64, 'k')),
              Optional(::testing::EndsWith("(name is too long)")));
  EXPECT_THAT(validate_label_key(std::string(254, 'p') + "/n"),
              Optional(::testing::EndsWith("(DNS prefix is too long)")));
  EXPECT_EQ(validate_label_value(""), std::nullopt);
  EXPECT_EQ(validate_label_value("v1.2_beta"), std::nullopt);
  EXPECT_THAT(validate_label_value("v1 "), Optional(std::string("invalid tag value: \"v1 \"")));
}

TEST(Validators, NumbersAndDurations) {
  EXPECT_EQ(validate_port(1), std::nullopt);
  EXPECT_EQ(validate_port(65535), std::nullopt);
  EXPECT_THAT(validate_port(65536),
              Optional(std::string("port number 65536 must be in the range 1..65535")));
  EXPECT_EQ(validate_duration(base::Duration{1'000'000}), std::nullopt);
  EXPECT_THAT(validate_duration(base::Duration{999'999}),
              Optional(std::string("duration must be greater than 1ms")));
  EXPECT_THAT(validate_duration(base::Duration{1'500'000}),
              Optional(std::string("only durations to ms precision are supported")));
  EXPECT_THAT(validate_duration(base::Duration{-5'000'000}),
              Optional(std::string("duration must be greater than 1ms")));
  EXPECT_EQ(validate_percent(100), std::nullopt);
  EXPECT_THAT(validate_percent(101),
              Optional(std::string("percentage 101 is not in range 0..100")));
  EXPECT_EQ(validate_percentage(0), std::nullopt);
  EXPECT_EQ(validate_percentage(0.0001), std::nullopt);
  EXPECT_THAT(
      validate_percentage(100.5),
      Optional(std::string("percentage 100.5 is neither 0.0, nor in range [0.0001, 100.0]")));
}

TEST(Validators, Addresses) {
  EXPECT_TRUE(is_ip_address("10.0.0.1"));
  EXPECT_TRUE(is_ip_address("::1"));
  EXPECT_TRUE(is_ip_address("fe80::1%eth0"));
  EXPECT_TRUE(is_ip_address("::ffff:10.0.0.1"));
  EXPECT_FALSE(is_ip_address("010.0.0.1"));  // Go's netip refuses leading zeros
  EXPECT_FALSE(is_ip_address("10.0.0"));
  EXPECT_FALSE(is_ip_address("example.com"));
  EXPECT_FALSE(is_ip_address(""));
  EXPECT_EQ(validate_ip_subnet("10.0.0.0/8"), std::nullopt);
  EXPECT_EQ(validate_ip_subnet("2001:db8::/32"), std::nullopt);
  EXPECT_EQ(validate_ip_subnet("10.0.0.1"), std::nullopt);
  EXPECT_THAT(validate_ip_subnet("10.0.0.0/"),
              Optional(std::string("10.0.0.0/ is not a valid CIDR block")));
  EXPECT_THAT(validate_ip_subnet("fe80::1%eth0/64"),
              Optional(std::string("fe80::1%eth0/64 is not a valid CIDR block")));
  EXPECT_THAT(validate_ip_subnet("10.0.0.0/8/8"),
              Optional(std::string("10.0.0.0/8/8 is not a valid IP")));
  EXPECT_EQ(validate_unix_address("@abstract"), std::nullopt);
  EXPECT_THAT(validate_unix_address(""), Optional(std::string("unix address must not be empty")));
  EXPECT_THAT(validate_unix_address("/var/run/"),
              Optional(std::string("/var/run/ is not an absolute path to a file")));
}

TEST(Validators, Protocols) {
  EXPECT_EQ(parse_protocol("grpc-WEB"), Protocol::GRPCWeb);
  EXPECT_EQ(parse_protocol("HTTP3"), Protocol::Unsupported);
  EXPECT_TRUE(is_http(Protocol::GRPC));
  EXPECT_FALSE(is_http(Protocol::HTTPS));
  EXPECT_TRUE(is_tls(Protocol::TLS));
}

TEST(Validators, Headers) {
  EXPECT_TRUE(is_jwt_claim_route("@request.auth.claims.sub"));
  EXPECT_TRUE(is_jwt_claim_route("@Request.Auth.Claims[groups]"));
  EXPECT_FALSE(is_jwt_claim_route("@request.auth.claims."));
  EXPECT_FALSE(is_jwt_claim_route("@request.auth.claims[]"));
  EXPECT_EQ(validate_header_name_or_jwt_claim(":authority"), std::nullopt);
  EXPECT_EQ(validate_header_name_or_jwt_claim("x,y"), std::nullopt);  // ',' is in Go's range +-.
  EXPECT_THAT(validate_header_name_or_jwt_claim(":foo"),
              Optional(std::string("header name :foo is not a valid header name")));
  EXPECT_EQ(validate_cors_header_name("*"), std::nullopt);
  EXPECT_EQ(validate_header_with_authority_operation_name("Host"), std::nullopt);
  EXPECT_THAT(validate_header_operation_name("HOST"),
              Optional(std::string("invalid header \"HOST\": cannot set Host header")));
  EXPECT_EQ(validate_header_value("%DOWNSTREAM_REMOTE_ADDRESS% 100%%"), std::nullopt);
  EXPECT_EQ(validate_header_value("%REQ([\"x-a\"])%"), std::nullopt);
  EXPECT_EQ(validate_header_value("%START_TIME(%s)%"), std::nullopt);
  EXPECT_THAT(validate_header_value("50%"),
              Optional(std::string(
                  "header value configuration: invalid header configuration. Un-escaped %")));
  EXPECT_THAT(validate_header_value("%REQ([x])%"),
              Optional(std::string("header value configuration: invalid header configuration. "
                                   "Expecting '\"'")));
  EXPECT_THAT(validate_header_value("tab\tok\x7f"),
              Optional(::testing::StartsWith("header value configuration tab")));
}

TEST(Validators, GoRegexpErrors) {
  EXPECT_EQ(go_regexp_error("^/api/v[0-9]+/.*$"), std::nullopt);
  EXPECT_EQ(go_regexp_error("(?P<id>[0-9]+)"), std::nullopt);
  EXPECT_EQ(go_regexp_error("(?<id>[0-9]+)"), std::nullopt);  // Go 1.22 form
  EXPECT_EQ(go_regexp_error("[(?<]"), std::nullopt);
  EXPECT_EQ(go_regexp_error("\\Q(?<\\E"), std::nullopt);
  EXPECT_THAT(go_regexp_error("(abc"),
              Optional(std::string("error parsing regexp: missing closing ): `(abc`")));
  EXPECT_THAT(go_regexp_error("abc)"),
              Optional(std::string("error parsing regexp: unexpected ): `abc)`")));
  EXPECT_THAT(go_regexp_error("a**"),
              Optional(std::string("error parsing regexp: invalid nested repetition operator: "
                                   "`**`")));
  EXPECT_THAT(
      go_regexp_error("*a"),
      Optional(std::string("error parsing regexp: missing argument to repetition operator: `*`")));
  EXPECT_THAT(go_regexp_error("a{1001}"),
              Optional(std::string("error parsing regexp: invalid repeat count: `{1001}`")));
  EXPECT_THAT(
      go_regexp_error("x\\"),
      Optional(std::string("error parsing regexp: trailing backslash at end of expression: ``")));
  EXPECT_THAT(go_regexp_error("(?<=a)b"),
              Optional(std::string("error parsing regexp: invalid named capture: `(?<=a)b`")));
  EXPECT_THAT(go_regexp_error("(?<a-b>x)"),
              Optional(std::string("error parsing regexp: invalid named capture: `(?<a-b>`")));
  EXPECT_THAT(go_regexp_error("(?i)\\C"),
              Optional(std::string("error parsing regexp: invalid escape sequence: `\\C`")));
  EXPECT_THAT(go_regexp_error("\\C(a"),
              Optional(std::string("error parsing regexp: invalid escape sequence: `\\C`")));
  EXPECT_THAT(go_regexp_error("\\pX"),
              Optional(std::string("error parsing regexp: invalid character class range: "
                                   "`\\pX`")));
  EXPECT_THAT(go_regexp_error("a\xff"),
              Optional(std::string("error parsing regexp: invalid UTF-8: `\xff`")));
  EXPECT_THAT(validate_regex(std::string(1025, 'a'), "uri"),
              Optional(std::string("\"uri\": regex is too large, max length allowed is 1024")));
}

TEST(Validators, GoFormatting) {
  EXPECT_EQ(go_float(150), "150");
  EXPECT_EQ(go_float(-1), "-1");
  EXPECT_EQ(go_float(0.5), "0.5");
  EXPECT_EQ(go_float(0.00001), "1e-05");
  EXPECT_EQ(go_float(0.0001), "0.0001");
  EXPECT_EQ(go_float(100.25), "100.25");
  EXPECT_EQ(go_float(123456), "123456");
  EXPECT_EQ(go_float(1234567), "1.234567e+06");
  EXPECT_EQ(go_float(1e21), "1e+21");
  EXPECT_EQ(go_list({}), "[]");
  EXPECT_EQ(go_list({"a", "b"}), "[a b]");
}

}  // namespace
}  // namespace igw::check::rules
