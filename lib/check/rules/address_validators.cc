// IP, CIDR and unix-socket validators as Go's net/netip parses them (validators.h).
#include "lib/base/strings.h"
#include "lib/check/rules/validators.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>

namespace igw::check::rules {

namespace {

bool parse_ipv4(std::string_view s) {
  std::vector<std::string_view> fields = base::split(s, '.');
  if (fields.size() != 4)
    return false;
  for (std::string_view f : fields) {
    if (f.empty() || f.size() > 3)
      return false;
    if (f.size() > 1 && f[0] == '0')
      return false;  // netip rejects leading zeros
    int v = 0;
    for (char c : f) {
      if (c < '0' || c > '9')
        return false;
      v = v * 10 + (c - '0');
    }
    if (v > 255)
      return false;
  }
  return true;
}

bool parse_ipv6(std::string_view s) {
  std::string t(s);
  unsigned char buf[16];
  return inet_pton(AF_INET6, t.c_str(), buf) == 1;
}

// netip.ParseAddr; `allow_zone` is false for prefixes (netip.ParsePrefix refuses zones).
bool parse_addr(std::string_view s, bool allow_zone, bool* is_v6 = nullptr) {
  if (s.find(':') == std::string_view::npos) {
    if (is_v6)
      *is_v6 = false;
    return parse_ipv4(s);
  }
  if (is_v6)
    *is_v6 = true;
  size_t pct = s.find('%');
  if (pct != std::string_view::npos) {
    if (!allow_zone || pct + 1 == s.size())
      return false;
    s = s.substr(0, pct);
  }
  return parse_ipv6(s);
}

}  // namespace

// ---- addresses --------------------------------------------------------------------------

bool is_ip_address(std::string_view s) {
  return parse_addr(s, /*allow_zone=*/true);
}

Error validate_ip_address(std::string_view addr) {
  if (is_ip_address(addr))
    return std::nullopt;
  return fmt::format("{} is not a valid IP", addr);
}

Error validate_ip_subnet(std::string_view subnet) {
  size_t slashes = static_cast<size_t>(std::count(subnet.begin(), subnet.end(), '/'));
  if (slashes != 1)
    return validate_ip_address(subnet);
  size_t slash = subnet.find('/');
  std::string_view addr = subnet.substr(0, slash);
  std::string_view bits = subnet.substr(slash + 1);
  bool v6 = false;
  bool ok = parse_addr(addr, /*allow_zone=*/false, &v6);
  // netip.ParsePrefix: decimal bits without sign or leading zeros, within the address size.
  ok = ok && !bits.empty() && !(bits.size() > 1 && (bits[0] < '1' || bits[0] > '9'));
  int n = 0;
  for (char c : bits) {
    ok = ok && c >= '0' && c <= '9';
    if (ok)
      n = std::min(n * 10 + (c - '0'), 100000);
  }
  ok = ok && n <= (v6 ? 128 : 32);
  if (!ok)
    return fmt::format("{} is not a valid CIDR block", subnet);
  return std::nullopt;
}

Error validate_unix_address(std::string_view addr) {
  if (addr.empty())
    return "unix address must not be empty";
  if (addr.starts_with('@'))
    return std::nullopt;  // abstract socket
  if (!addr.starts_with('/') || addr.ends_with('/'))
    return fmt::format("{} is not an absolute path to a file", addr);
  return std::nullopt;
}

}  // namespace igw::check::rules
