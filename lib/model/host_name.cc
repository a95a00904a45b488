#include "lib/model/host_name.h"

#include <arpa/inet.h>

#include <algorithm>

namespace igw::model {

bool is_wildcard_host(std::string_view h) {
  return !h.empty() && h[0] == '*';
}

bool host_matches(std::string_view a, std::string_view b) {
  bool aw = is_wildcard_host(a), bw = is_wildcard_host(b);
  if (aw && bw) {
    if (a.size() < b.size())
      return b.substr(1).ends_with(a.substr(1));
    return a.substr(1).ends_with(b.substr(1));
  }
  if (aw)
    return b.ends_with(a.substr(1));
  if (bw)
    return a.ends_with(b.substr(1));
  return a == b;
}

bool host_subset_of(std::string_view a, std::string_view b) {
  bool aw = is_wildcard_host(a), bw = is_wildcard_host(b);
  if (aw && bw) {
    if (a.size() < b.size())
      return false;
    return a.substr(1).ends_with(b.substr(1));
  }
  if (aw)
    return false;
  if (bw)
    return a.ends_with(b.substr(1));
  return a == b;
}

std::vector<std::string> host_intersection(const std::vector<std::string>& a,
                                           const std::vector<std::string>& b) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& h) {
    if (std::find(out.begin(), out.end(), h) == out.end())
      out.push_back(h);
  };
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (host_subset_of(x, y)) {
        add(x);
      } else if (host_subset_of(y, x)) {
        add(y);
      }
    }
  }
  return out;
}

// Go's netip.ParseAddr (istio pkg/util/net/ip.go IsValidIPAddress): IPv4 without leading zeros,
// IPv6, and IPv6 with a non-empty zone ("fe80::1%eth0").
bool is_ip_address(std::string_view s) {
  unsigned char buf[16];
  std::string t(s);
  if (inet_pton(AF_INET, t.c_str(), buf) == 1)
    return true;
  size_t zone = t.find('%');
  if (zone != std::string::npos) {
    if (zone + 1 == t.size())
      return false;
    t.resize(zone);
  }
  return inet_pton(AF_INET6, t.c_str(), buf) == 1;
}

std::string resolve_short_name(std::string_view host, std::string_view ns,
                               std::string_view domain) {
  std::string out(host);
  // pilot/pkg/model/config.go ResolveShortnameToFQDN: "" stays "" (an invalid reference).
  if (host.empty() || host == "*" || is_ip_address(host))
    return out;
  if (host.find('.') == std::string_view::npos) {
    // Appended piece by piece: GCC 12 -O3 warns falsely (-Wrestrict, PR105329) on `"." + s`.
    if (!ns.empty())
      out.append(".").append(ns);
    if (!domain.empty())
      out.append(".svc.").append(domain);
  }
  return out;
}

namespace {
// "ns/name", built by appending: GCC 12 warns falsely (-Wrestrict, PR105329) on the
// operator+ chain at -O2.
std::string qualified(std::string_view ns, std::string_view name) {
  std::string out;
  out.reserve(ns.size() + 1 + name.size());
  out.append(ns);
  out.push_back('/');
  out.append(name);
  return out;
}
}  // namespace

std::string resolve_gateway_name(std::string_view ref, std::string_view ns) {
  if (ref == "mesh")
    return std::string(ref);
  size_t slash = ref.find('/');
  if (slash == std::string_view::npos) {
    size_t dot = ref.find('.');
    if (dot == std::string_view::npos)
      return qualified(ns, ref);
    std::string_view rest = ref.substr(dot + 1);
    size_t dot2 = rest.find('.');
    std::string_view gw_ns = dot2 == std::string_view::npos ? rest : rest.substr(0, dot2);
    return qualified(gw_ns, ref.substr(0, dot));
  }
  if (ref.substr(0, slash) == ".")
    return qualified(ns, ref.substr(slash + 1));
  return std::string(ref);
}

QualifiedHost split_server_host(std::string_view h) {
  size_t slash = h.find('/');
  if (slash == std::string_view::npos)
    return {"", std::string(h)};
  return {std::string(h.substr(0, slash)), std::string(h.substr(slash + 1))};
}

}  // namespace igw::model
