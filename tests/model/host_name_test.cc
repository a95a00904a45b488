// Istio host-name semantics: pkg/config/host (Matches, SubsetOf, Intersection, NamesForNamespace)
// and pilot/pkg/model/config.go (ResolveShortnameToFQDN, resolveGatewayName); see
// SEMANTICS.md R2.1, R2.2, R2.4, R2.5 and ISTIO-CHECKS.md §0.
#include "lib/model/host_name.h"

#include <gtest/gtest.h>

namespace igw::model {
namespace {

TEST(HostName, Wildcards) {
  EXPECT_TRUE(is_wildcard_host("*"));
  EXPECT_TRUE(is_wildcard_host("*.example.com"));
  EXPECT_TRUE(is_wildcard_host("*example.com"));
  EXPECT_FALSE(is_wildcard_host("a.*.com"));
  EXPECT_FALSE(is_wildcard_host(""));
}

TEST(HostName, MatchesLikeIstio) {
  // The examples documented on host.Name.Matches.
  EXPECT_TRUE(host_matches("foo.com", "foo.com"));
  EXPECT_FALSE(host_matches("foo.com", "bar.com"));
  EXPECT_TRUE(host_matches("*.com", "foo.com"));
  EXPECT_TRUE(host_matches("bar.com", "*.com"));
  EXPECT_FALSE(host_matches("*.foo.com", "foo.com"));
  EXPECT_TRUE(host_matches("*", "foo.com"));
  EXPECT_TRUE(host_matches("*", "*.com"));
  // R2.4: one or more labels; both wildcards overlap when one suffix contains the other.
  EXPECT_TRUE(host_matches("*.example.com", "a.b.example.com"));
  EXPECT_TRUE(host_matches("*.example.com", "*.a.example.com"));
  EXPECT_TRUE(host_matches("*.a.example.com", "*.example.com"));
  EXPECT_FALSE(host_matches("*.a.example.com", "*.b.example.com"));
  EXPECT_FALSE(host_matches("Foo.com", "foo.com"));  // byte comparison, no case folding
  EXPECT_TRUE(host_matches("*", "*"));
  EXPECT_TRUE(host_matches("", ""));
}

TEST(HostName, SubsetOfLikeIstio) {
  EXPECT_TRUE(host_subset_of("a.example.com", "*.example.com"));
  EXPECT_FALSE(host_subset_of("*.example.com", "a.example.com"));
  EXPECT_TRUE(host_subset_of("*.a.example.com", "*.example.com"));
  EXPECT_FALSE(host_subset_of("*.example.com", "*.a.example.com"));
  EXPECT_TRUE(host_subset_of("*.example.com", "*"));
  EXPECT_FALSE(host_subset_of("*", "*.example.com"));
  EXPECT_TRUE(host_subset_of("*", "*"));
  EXPECT_FALSE(host_subset_of("example.com", "*.example.com"));
  EXPECT_TRUE(host_subset_of("x.com", "x.com"));
  EXPECT_FALSE(host_subset_of("x.com", "y.com"));
}

TEST(HostName, IntersectionKeepsTheMoreSpecific) {
  using V = std::vector<std::string>;
  // The examples documented on host.Names.Intersection, and R2.5's.
  EXPECT_EQ(host_intersection({"foo.com", "bar.com"}, {"*.com"}), (V{"foo.com", "bar.com"}));
  EXPECT_EQ(host_intersection({"foo.com", "*.net"}, {"*.com", "bar.net"}),
            (V{"foo.com", "bar.net"}));
  EXPECT_EQ(host_intersection({"foo.com", "*.net"}, {"*.bar.net"}), (V{"*.bar.net"}));
  EXPECT_EQ(host_intersection({"foo.com"}, {"bar.com"}), V{});
  EXPECT_EQ(host_intersection({}, {"bar.com"}), V{});
  EXPECT_EQ(host_intersection({"*.example.com"}, {"a.example.com"}), (V{"a.example.com"}));
  EXPECT_EQ(host_intersection({"a.example.com"}, {"*.example.com"}), (V{"a.example.com"}));
  EXPECT_EQ(host_intersection({"*"}, {"*.example.com"}), (V{"*.example.com"}));
  EXPECT_EQ(host_intersection({"*.example.com"}, {"example.com"}), V{});
  EXPECT_EQ(host_intersection({"a.com", "a.com"}, {"*", "a.com"}), (V{"a.com"}));  // de-duplicated
}

TEST(HostName, IpAddressesLikeGoNetip) {
  EXPECT_TRUE(is_ip_address("10.0.0.1"));
  EXPECT_TRUE(is_ip_address("::1"));
  EXPECT_TRUE(is_ip_address("2001:db8::8a2e:370:7334"));
  EXPECT_TRUE(is_ip_address("::ffff:192.0.2.1"));
  EXPECT_TRUE(is_ip_address("fe80::1%eth0"));  // netip.ParseAddr accepts an IPv6 zone
  EXPECT_FALSE(is_ip_address("fe80::1%"));
  EXPECT_FALSE(is_ip_address("10.0.0.1%eth0"));
  EXPECT_FALSE(is_ip_address("010.0.0.1"));  // netip rejects leading zeros
  EXPECT_FALSE(is_ip_address("256.0.0.1"));
  EXPECT_FALSE(is_ip_address("10.0.0"));
  EXPECT_FALSE(is_ip_address("10.0.0.0/8"));
  EXPECT_FALSE(is_ip_address("reviews"));
  EXPECT_FALSE(is_ip_address(""));
  EXPECT_FALSE(is_ip_address("[::1]"));
}

TEST(HostName, ResolveShortName) {
  // R2.1: only names without a dot are expanded; "*" and IPs are kept.
  EXPECT_EQ(resolve_short_name("reviews", "prod"), "reviews.prod.svc.cluster.local");
  EXPECT_EQ(resolve_short_name("reviews.prod", "web"), "reviews.prod");
  EXPECT_EQ(resolve_short_name("foo.bar", "web"), "foo.bar");
  EXPECT_EQ(resolve_short_name("*", "web"), "*");
  EXPECT_EQ(resolve_short_name("*.example.com", "web"), "*.example.com");
  EXPECT_EQ(resolve_short_name("10.0.0.1", "web"), "10.0.0.1");
  EXPECT_EQ(resolve_short_name("::1", "web"), "::1");
  EXPECT_EQ(resolve_short_name("", "web"), "");  // Istio returns "" for an empty name
  EXPECT_EQ(resolve_short_name("reviews", ""), "reviews.svc.cluster.local");
  EXPECT_EQ(resolve_short_name("reviews", "prod", "corp.local"), "reviews.prod.svc.corp.local");
  EXPECT_EQ(resolve_short_name("reviews", "prod", ""), "reviews.prod");
  // A wildcard without a dot is not "*": Istio expands it like any short name.
  EXPECT_EQ(resolve_short_name("*foo", "ns"), "*foo.ns.svc.cluster.local");
}

TEST(HostName, ResolveGatewayName) {
  // R2.2.
  EXPECT_EQ(resolve_gateway_name("gw", "web"), "web/gw");
  EXPECT_EQ(resolve_gateway_name("./gw", "web"), "web/gw");
  EXPECT_EQ(resolve_gateway_name("istio-system/gw", "web"), "istio-system/gw");
  EXPECT_EQ(resolve_gateway_name("gw.istio-system.svc.cluster.local", "web"), "istio-system/gw");
  EXPECT_EQ(resolve_gateway_name("gw.istio-system", "web"), "istio-system/gw");
  EXPECT_EQ(resolve_gateway_name("mesh", "web"), "mesh");
  EXPECT_EQ(resolve_gateway_name("*/gw", "web"), "*/gw");
  EXPECT_EQ(resolve_gateway_name("gw.", "web"), "/gw");  // Go slices the same way
}

TEST(HostName, SplitServerHost) {
  auto q = split_server_host("web/*.example.com");
  EXPECT_EQ(q.ns, "web");
  EXPECT_EQ(q.host, "*.example.com");
  q = split_server_host("*.example.com");
  EXPECT_EQ(q.ns, "");
  EXPECT_EQ(q.host, "*.example.com");
  q = split_server_host("./a.com");
  EXPECT_EQ(q.ns, ".");
  EXPECT_EQ(q.host, "a.com");
  q = split_server_host("*/a.com");
  EXPECT_EQ(q.ns, "*");
  EXPECT_EQ(q.host, "a.com");
}

}  // namespace
}  // namespace igw::model
