// Istio's host-name semantics (pkg/config/host, pilot/pkg/model/config.go), shared by checks,
// compile and match.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace igw::model {

inline constexpr std::string_view kDefaultDomain = "cluster.local";

bool is_wildcard_host(std::string_view h);
// host.Name.Matches: either side may be a wildcard; "*" matches everything.
bool host_matches(std::string_view a, std::string_view b);
// host.Name.SubsetOf: every name `a` covers is covered by `b`.
bool host_subset_of(std::string_view a, std::string_view b);
// R2.5: for each pair where one is a subset of the other, the more specific one; de-duplicated,
// in order of `a`.
std::vector<std::string> host_intersection(const std::vector<std::string>& a,
                                           const std::vector<std::string>& b);
bool is_ip_address(std::string_view s);
// R2.1: "reviews" in ns "prod" -> "reviews.prod.svc.cluster.local"; dotted names, "*" and IPs
// are kept.
std::string resolve_short_name(std::string_view host, std::string_view ns,
                               std::string_view domain = kDefaultDomain);
// R2.2: a Gateway reference as written in a VirtualService of namespace `ns` -> "gwns/name";
// "mesh" stays "mesh".
std::string resolve_gateway_name(std::string_view ref, std::string_view ns);
// Splits a Gateway server host "ns/host" (ns may be "*" or "."); ns is empty when unqualified.
struct QualifiedHost {
  std::string ns;
  std::string host;
};
QualifiedHost split_server_host(std::string_view h);

}  // namespace igw::model
