// Finding types of igw's own checks: IGW02xx field level, IGW03xx cross-resource and routing,
// IGW04xx security. Codes are stable; the summary is what `igw lint -L` and igw-lint(1) print.
#pragma once

#include "lib/base/diagnostic.h"

namespace igw::check::igw_msg {

using base::MessageType;
using base::Severity;

// --- IGW02xx: one field, checked on its own -------------------------------------------------

inline constexpr MessageType kTlsVersionRangeEmpty{
    "IGW0201", "TlsVersionRangeEmpty", Severity::Error,
    "A TLS server's minimum protocol version is above its maximum (explicit or Envoy's default), "
    "so no version is enabled and every handshake fails."};
inline constexpr MessageType kUnknownCipherSuite{
    "IGW0202", "UnknownCipherSuite", Severity::Warning,
    "A cipher suite Istio does not accept; Istio drops it from the listener without telling "
    "anyone."};

// --- IGW03xx: several objects, or the routes Istio builds from them -------------------------

inline constexpr MessageType kCertificateDoesNotCoverHost{
    "IGW0301", "CertificateDoesNotCoverHost", Severity::Warning,
    "A cert-manager Certificate that writes a Gateway server's credentialName Secret does not "
    "cover one of the server's hosts in its dnsNames."};
inline constexpr MessageType kRuleAfterCatchAll{
    "IGW0302", "RuleAfterCatchAll", Severity::Warning,
    "A VirtualService HTTP rule follows a catch-all match (prefix / or regex .*, no other "
    "condition); Istio silently drops it."};
inline constexpr MessageType kMatchPortNotOnGateway{
    "IGW0303", "MatchPortNotOnGateway", Severity::Warning,
    "A VirtualService match selects a port no server of its gateways listens on, so Istio never "
    "uses the match."};
inline constexpr MessageType kServerDroppedPortConflict{
    "IGW0304", "ServerDroppedPortConflict", Severity::Error,
    "A Gateway server shares a port with an earlier plain-text (HTTP or TCP) server it cannot be "
    "merged with; Istio drops the later server."};
inline constexpr MessageType kServerDroppedDuplicateHost{
    "IGW0305", "ServerDroppedDuplicateHost", Severity::Error,
    "A TLS server repeats a host of an earlier TLS server on the same port; Istio drops the whole "
    "later server."};
inline constexpr MessageType kServerDroppedDuplicateRouteName{
    "IGW0306", "ServerDroppedDuplicateRouteName", Severity::Error,
    "Two HTTPS servers on one port get the same route configuration name (same Gateway and port "
    "name); Istio drops the later server."};
inline constexpr MessageType kPlainHttpAfterTlsServer{
    "IGW0307", "PlainHttpAfterTlsServer", Severity::Warning,
    "A plain HTTP server shares a port with an earlier TLS server; both are kept, but which "
    "connections reach which depends on order and SNI."};

// --- IGW04xx: security advice (the seed guide's security checklist) ------------------------

inline constexpr MessageType kWeakTlsVersion{
    "IGW0401", "WeakTlsVersion", Severity::Warning,
    "A TLS server accepts TLS 1.0 or 1.1 (minProtocolVersion below TLSV1_2)."};
inline constexpr MessageType kWeakCipherSuite{
    "IGW0402", "WeakCipherSuite", Severity::Warning,
    "A TLS server enables a weak cipher suite (CBC with SHA-1, 3DES, or RSA key exchange without "
    "forward secrecy)."};
inline constexpr MessageType kMissingHttpsRedirect{
    "IGW0403", "MissingHttpsRedirect", Severity::Warning,
    "A plain HTTP server serves hosts that the same gateway also serves over HTTPS, without "
    "tls.httpsRedirect."};
inline constexpr MessageType kCorsAnyOriginWithCredentials{
    "IGW0404", "CorsAnyOriginWithCredentials", Severity::Warning,
    "A CORS policy admits every origin and sets allowCredentials: true, so any web site can make "
    "credentialed requests and read the responses."};
inline constexpr MessageType kCorsOriginUnescapedDot{
    "IGW0405", "CorsOriginUnescapedDot", Severity::Warning,
    "A CORS origin regex has an unescaped '.' in its host part, which matches any character and "
    "admits look-alike domains."};
inline constexpr MessageType kCertificateExpiresSoon{
    "IGW0406", "CertificateExpiresSoon", Severity::Warning,
    "A certificate in a Secret that a Gateway credentialName references expires within the "
    "warning horizon (30 days unless configured otherwise)."};

}  // namespace igw::check::igw_msg
