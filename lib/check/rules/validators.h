// Istio's reusable field validators, returning Istio's own error text (empty when valid), so
// every check family can reuse them and word its findings the way istioctl does.
//
// Followed: istio/istio pkg/config/validation/agent/validation.go (ports, durations, hostnames,
// IPs), pkg/config/labels/instance.go (labels), pkg/config/validation/validation.go (headers,
// percentages, regexes), pkg/jwt/routing.go (JWT claim keys), header_value_validator.go.
#pragma once

#include "lib/base/duration.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igw::check::rules {

// Istio's error text for a failed validation; nullopt when the value is valid.
using Error = std::optional<std::string>;

// ---- names and hosts --------------------------------------------------------------------
// RFC 1123 label as Istio checks it: [a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?, at most 63 bytes.
bool is_dns1123_label(std::string_view s);
// A label that may also be "*", "*x" or "*-x" (first label of a wildcard domain).
bool is_wildcard_dns1123_label(std::string_view s);
// ValidateFQDN: `domain name %q too long (max 255)`, `empty domain name not allowed`, ...
Error validate_fqdn(std::string_view fqdn);
// ValidateWildcardDomain: like validate_fqdn but the first label may be a wildcard.
Error validate_wildcard_domain(std::string_view domain);
// ValidateWildcardDomainForVirtualServiceBoundToGateway: with `sni`, also accepts Istio's
// auto-generated `outbound_.<port>_._.<host>` names.
Error validate_wildcard_domain_for_gateway(bool sni, std::string_view domain);
// ValidatePartialWildCard: `partial wildcard %q not allowed` (only "*" or "*.suffix").
Error validate_partial_wildcard(std::string_view host);
// A Gateway server host `[ns/]dnsName` (ValidateNamespaceSlashWildcardHostname for gateways):
// every error, in Istio's order.
std::vector<std::string> validate_gateway_host(std::string_view host);
// DNS-1123 subset name: `subset name cannot be empty`, `subset name is invalid: %s`.
Error validate_subset_name(std::string_view name);

// ---- protocols --------------------------------------------------------------------------
// pkg/config/protocol: names are case-insensitive; anything else is Unsupported.
enum class Protocol {
  Unsupported,
  TCP,
  UDP,
  GRPC,
  GRPCWeb,
  HTTP,
  HTTP_PROXY,
  HTTP2,
  HTTPS,
  TLS,
  Mongo,
  Redis,
  MySQL,
};
Protocol parse_protocol(std::string_view name);
// HTTP, HTTP2, HTTP_PROXY, GRPC, GRPC-WEB.
bool is_http(Protocol p);
// HTTPS, TLS.
bool is_tls(Protocol p);

// ---- labels -----------------------------------------------------------------------------
// Kubernetes label key `[dns-prefix/]name`: `invalid tag key: %q` (with a reason for lengths).
Error validate_label_key(std::string_view key);
// Label value (may be empty): `invalid tag value: %q`.
Error validate_label_value(std::string_view value);

// ---- numbers and durations --------------------------------------------------------------
// `port number %d must be in the range 1..65535`.
Error validate_port(int64_t port);
// agent.ValidateDuration: `duration must be greater than 1ms`, `only durations to ms precision
// are supported`.
Error validate_duration(base::Duration d);
// Integer percent: `percentage %v is not in range 0..100`.
Error validate_percent(int64_t percent);
// Fractional percent (Percent.value): `percentage %v is neither 0.0, nor in range
// [0.0001, 100.0]`.
Error validate_percentage(double value);

// ---- addresses --------------------------------------------------------------------------
// Go's netip.ParseAddr: strict dotted-quad IPv4 or IPv6 (with an optional zone).
bool is_ip_address(std::string_view s);
// `%v is not a valid IP`.
Error validate_ip_address(std::string_view addr);
// An IP or a CIDR block: `%v is not a valid CIDR block`, `%v is not a valid IP`.
Error validate_ip_subnet(std::string_view subnet);
// Path after `unix://`: `unix address must not be empty`, `%s is not an absolute path to a file`.
Error validate_unix_address(std::string_view addr);

// ---- HTTP headers -----------------------------------------------------------------------
// Istio's JWT claim routing key `@request.auth.claims.<claim>` or `...claims[a][b]`.
bool is_jwt_claim_route(std::string_view header_name);
// Match header names: token characters, a pseudo-header, or a JWT claim key.
Error validate_header_name_or_jwt_claim(std::string_view name);
// CORS allow/expose header names: token characters or "*".
Error validate_cors_header_name(std::string_view name);
// Header names a request may set/add (`:authority` and `host` allowed).
Error validate_header_with_authority_operation_name(std::string_view name);
// Header names for request remove and every response operation.
Error validate_header_operation_name(std::string_view name);
// Header values as Envoy's header formatter parses them (`%VAR%`, `%%`, no control chars).
Error validate_header_value(std::string_view value);

// ---- regular expressions ----------------------------------------------------------------
// Go's regexp.Compile error text ("error parsing regexp: missing closing ): `(a`") for `re`,
// or nullopt when Go accepts it. Compiled with RE2; the syntax differences from Go (\C, the
// (?<name>…) form) are handled so the verdict and the text are Go's.
Error go_regexp_error(std::string_view re);
// validateStringRegexp: length limit (1024) and compilation, text prefixed with %q of `where`.
Error validate_regex(std::string_view re, std::string_view where);

// ---- Go formatting ----------------------------------------------------------------------
// fmt's %v of a float64 ("150", "0.5", "1e-05").
std::string go_float(double v);
// fmt's %v of a []string ("[a b]").
std::string go_list(const std::vector<std::string>& items);

}  // namespace igw::check::rules
