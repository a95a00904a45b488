// Name, label, number and protocol validators (validators.h names the Go sources followed).
#include "lib/check/rules/validators.h"

#include "lib/base/strings.h"

#include <fmt/format.h>

#include <charconv>

namespace igw::check::rules {

namespace {

// Go's strconv.Atoi success: optional sign, at least one digit, fits in int64.
bool go_atoi_ok(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-'))
    s.remove_prefix(1);
  if (s.empty())
    return false;
  for (char c : s) {
    if (c < '0' || c > '9')
      return false;
  }
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size();
}

Error dns1123_preconditions(std::string_view name) {
  if (name.size() > 255)
    return fmt::format("domain name {} too long (max 255)", base::quote(name));
  if (name.empty())
    return "empty domain name not allowed";
  return std::nullopt;
}

// ValidateDNS1123Labels: errors name `domain` (which is only the tail of a wildcard domain).
Error dns1123_labels(std::string_view domain) {
  std::vector<std::string_view> parts = base::split(domain, '.');
  std::string_view tld = parts.back();
  if (go_atoi_ok(tld)) {
    return fmt::format("domain name {} invalid (top level domain {} cannot be all-numeric)",
                       base::quote(domain), base::quote(tld));
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i == parts.size() - 1 && parts[i].empty())
      return std::nullopt;  // a trailing dot ("istio.io.") is allowed
    if (!is_dns1123_label(parts[i])) {
      return fmt::format("domain name {} invalid (label {} invalid)", base::quote(domain),
                         base::quote(parts[i]));
    }
  }
  return std::nullopt;
}

// Kubernetes "qualified name": (?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9].
bool is_qualified_name(std::string_view s) {
  if (s.empty() || !base::is_ascii_alnum(s.front()) || !base::is_ascii_alnum(s.back()))
    return false;
  for (char c : s) {
    if (!base::is_ascii_alnum(c) && c != '-' && c != '_' && c != '.')
      return false;
  }
  return true;
}

// Labels as in labels.dns1123LabelFmt, without the length bound (the key regex has none).
bool is_label_shape(std::string_view s) {
  if (s.empty() || !base::is_ascii_alnum(s.front()) || !base::is_ascii_alnum(s.back()))
    return false;
  for (char c : s) {
    if (!base::is_ascii_alnum(c) && c != '-')
      return false;
  }
  return true;
}

}  // namespace

// ---- names and hosts --------------------------------------------------------------------

bool is_dns1123_label(std::string_view s) {
  return s.size() <= 63 && is_label_shape(s);
}

bool is_wildcard_dns1123_label(std::string_view s) {
  if (s.size() > 63)
    return false;
  if (s == "*")
    return true;
  if (s.starts_with("*-") && is_label_shape(s.substr(2)))
    return true;
  if (s.starts_with("*") && is_label_shape(s.substr(1)))
    return true;
  return is_label_shape(s);
}

Error validate_fqdn(std::string_view fqdn) {
  if (auto e = dns1123_preconditions(fqdn))
    return e;
  return dns1123_labels(fqdn);
}

Error validate_wildcard_domain(std::string_view domain) {
  if (auto e = dns1123_preconditions(domain))
    return e;
  size_t dot = domain.find('.');
  std::string_view first = domain.substr(0, dot);
  if (!is_wildcard_dns1123_label(first)) {
    return fmt::format("domain name {} invalid (label {} invalid)", base::quote(domain),
                       base::quote(first));
  }
  if (dot != std::string_view::npos)
    return dns1123_labels(domain.substr(dot + 1));
  return std::nullopt;
}

Error validate_wildcard_domain_for_gateway(bool sni, std::string_view domain) {
  if (auto e = dns1123_preconditions(domain))
    return e;
  static constexpr std::string_view kFormat = "outbound_.<PORT>_._.<HOSTNAME>";
  if (sni && domain.starts_with("outbound_")) {
    std::vector<std::string_view> parts = base::split(domain, '_');
    if (parts.size() < 4) {
      return fmt::format("domain name {} invalid, should follow '{}' format", domain, kFormat);
    }
    auto trim_dots = [](std::string_view s) {
      while (!s.empty() && s.front() == '.')
        s.remove_prefix(1);
      while (!s.empty() && s.back() == '.')
        s.remove_suffix(1);
      return s;
    };
    std::string_view direction = parts[0];
    std::string_view port = trim_dots(parts[1]);
    std::string_view host = trim_dots(parts[3]);
    if (direction != "outbound") {
      return fmt::format("domain name {} invalid (label {} invalid)", base::quote(domain),
                         base::quote(direction));
    }
    // Istio's unanchored "([0-9].*)" / "([a-zA-Z].*)": a digit / a letter somewhere.
    bool has_digit = port.find_first_of("0123456789") != std::string_view::npos;
    if (!has_digit) {
      return fmt::format("domain name {} invalid (label {} invalid). should follow {} format",
                         base::quote(domain), base::quote(port), kFormat);
    }
    bool has_letter = false;
    for (char c : host)
      has_letter = has_letter || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!has_letter) {
      return fmt::format("domain name {} invalid (label {} invalid). should follow {} format",
                         base::quote(domain), base::quote(host), kFormat);
    }
    return std::nullopt;
  }
  return validate_wildcard_domain(domain);
}

Error validate_partial_wildcard(std::string_view host) {
  if (host.find('*') != std::string_view::npos && host.size() != 1 && !host.starts_with("*."))
    return fmt::format("partial wildcard {} not allowed", base::quote(host));
  return std::nullopt;
}

namespace {

// validateSidecarOrGatewayHostnamePart for a gateway (IPs are accepted).
void gateway_hostname_part(std::string_view host, std::vector<std::string>& errs) {
  if (host != "*" && host.find('.') == std::string_view::npos)
    errs.emplace_back("short names (non FQDN) are not allowed");
  if (auto e = validate_wildcard_domain(host)) {
    if (!is_ip_address(host))
      errs.push_back(*e);
  }
  if (auto e = validate_partial_wildcard(host))
    errs.push_back(*e);
}

}  // namespace

std::vector<std::string> validate_gateway_host(std::string_view host) {
  std::vector<std::string> errs;
  size_t slash = host.find('/');
  if (slash == std::string_view::npos) {
    gateway_hostname_part(host, errs);
    return errs;
  }
  std::string_view ns = host.substr(0, slash);
  std::string_view name = host.substr(slash + 1);
  if (ns.empty() || name.empty())
    errs.emplace_back("config namespace and dnsName in host entry cannot be empty");
  // "~" is only accepted for Gateways translated from the Kubernetes Gateway API.
  if (ns != "*" && ns != "." && !is_dns1123_label(ns))
    errs.push_back(fmt::format("invalid namespace value {} in gateway", base::quote(ns)));
  gateway_hostname_part(name, errs);
  return errs;
}

Error validate_subset_name(std::string_view name) {
  if (name.empty())
    return "subset name cannot be empty";
  if (!is_dns1123_label(name))
    return fmt::format("subset name is invalid: {}", name);
  return std::nullopt;
}

// ---- protocols --------------------------------------------------------------------------

Protocol parse_protocol(std::string_view name) {
  static constexpr std::pair<std::string_view, Protocol> kNames[] = {
      {"tcp", Protocol::TCP},     {"udp", Protocol::UDP},
      {"grpc", Protocol::GRPC},   {"grpc-web", Protocol::GRPCWeb},
      {"http", Protocol::HTTP},   {"http_proxy", Protocol::HTTP_PROXY},
      {"http2", Protocol::HTTP2}, {"https", Protocol::HTTPS},
      {"tls", Protocol::TLS},     {"mongo", Protocol::Mongo},
      {"redis", Protocol::Redis}, {"mysql", Protocol::MySQL},
  };
  std::string lower = base::to_lower(name);
  for (const auto& [n, p] : kNames) {
    if (lower == n)
      return p;
  }
  return Protocol::Unsupported;
}

bool is_http(Protocol p) {
  return p == Protocol::HTTP || p == Protocol::HTTP2 || p == Protocol::HTTP_PROXY ||
         p == Protocol::GRPC || p == Protocol::GRPCWeb;
}

bool is_tls(Protocol p) {
  return p == Protocol::HTTPS || p == Protocol::TLS;
}

// ---- labels -----------------------------------------------------------------------------

Error validate_label_key(std::string_view key) {
  std::string_view prefix;
  std::string_view name = key;
  size_t slash = key.find('/');
  bool ok = true;
  if (slash != std::string_view::npos) {
    prefix = key.substr(0, slash);
    name = key.substr(slash + 1);
    ok = name.find('/') == std::string_view::npos;
    for (std::string_view label : base::split(prefix, '.'))
      ok = ok && is_label_shape(label);
  }
  if (!ok || !is_qualified_name(name))
    return fmt::format("invalid tag key: {}", base::quote(key));
  if (slash != std::string_view::npos && prefix.size() > 253)
    return fmt::format("invalid tag key: {} (DNS prefix is too long)", base::quote(key));
  if (name.size() > 63)
    return fmt::format("invalid tag key: {} (name is too long)", base::quote(key));
  return std::nullopt;
}

Error validate_label_value(std::string_view value) {
  if (value.empty() || is_qualified_name(value))
    return std::nullopt;
  return fmt::format("invalid tag value: {}", base::quote(value));
}

// ---- numbers and durations --------------------------------------------------------------

Error validate_port(int64_t port) {
  if (port >= 1 && port <= 65535)
    return std::nullopt;
  return fmt::format("port number {} must be in the range 1..65535", port);
}

Error validate_duration(base::Duration d) {
  constexpr int64_t kMs = 1'000'000;
  if (d.nanos < kMs)
    return "duration must be greater than 1ms";
  if (d.nanos % kMs != 0)
    return "only durations to ms precision are supported";
  return std::nullopt;
}

Error validate_percent(int64_t percent) {
  if (percent < 0 || percent > 100)
    return fmt::format("percentage {} is not in range 0..100", percent);
  return std::nullopt;
}

Error validate_percentage(double v) {
  if (v < 0.0 || v > 100.0 || (v > 0.0 && v < 0.0001)) {
    return fmt::format("percentage {} is neither 0.0, nor in range [0.0001, 100.0]", go_float(v));
  }
  return std::nullopt;
}

}  // namespace igw::check::rules
