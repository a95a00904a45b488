// Protocol versions, cipher lists and groups of Envoy's downstream TLS (R1.24), in OpenSSL terms.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace igw::tls {

// Envoy's server defaults (envoy:source/common/tls/context_config_impl.cc,
// ServerContextConfigImpl) for TLS ≤ 1.2, non-FIPS. BoringSSL's equal-preference groups
// "[A|B]" have no OpenSSL spelling: they are flattened, and SSL_OP_PRIORITIZE_CHACHA gives the
// ChaCha20 member the same chance (it wins when the client lists it first).
inline constexpr std::string_view kEnvoyDefaultCiphers =
    "[ECDHE-ECDSA-AES128-GCM-SHA256|ECDHE-ECDSA-CHACHA20-POLY1305]:"
    "[ECDHE-RSA-AES128-GCM-SHA256|ECDHE-RSA-CHACHA20-POLY1305]:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384";
// BoringSSL's fixed TLS 1.3 suites, in its order (Envoy cannot configure them).
inline constexpr std::string_view kTls13Suites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
// Envoy's default ecdh_curves.
inline constexpr std::string_view kGroups = "X25519:P-256";

// "TLSv1_0" … "TLSv1_3" → TLS1_VERSION … TLS1_3_VERSION; 0 for anything else.
int protocol_version(std::string_view envoy_name);
// "TLSv1.2" for TLS1_2_VERSION, for messages.
std::string version_text(int version);

// The OpenSSL cipher string for a chain's TLS ≤ 1.2 suites: Istio's filtered `cipherSuites`
// joined with ':' (Envoy's TlsParameters), or Envoy's defaults when there are none; BoringSSL
// brackets flattened. `equal_preference` tells whether a bracket group was flattened.
std::string cipher_string(const std::vector<std::string>& suites, bool* equal_preference);

}  // namespace igw::tls
