// The SSL_CTX of one TLS-terminating filter chain: certificates, protocol versions, ciphers,
// groups, ALPN, client-certificate validation, session id context and ticket keys — what
// Envoy's ServerContextImpl sets up for the chain's DownstreamTlsContext
// (envoy:source/common/tls/context_impl.cc, server_context_impl.cc).
#pragma once

#include "lib/base/result.h"
#include "lib/compile/route_table.h"
#include "lib/tls/client_verify.h"
#include "lib/tls/key_material.h"
#include "lib/tls/openssl_handles.h"
#include "lib/tls/ticket_keys.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace igw::tls {

// What SSL_set_SSL_CTX does not carry from the chain's context to a connection switched to it
// (OpenSSL copies these into the SSL at SSL_new), so the ClientHello callback re-applies them.
struct ConnectionSettings {
  int min_version = 0;
  int max_version = 0;
  std::string cipher_list;   // TLS ≤ 1.2, OpenSSL syntax
  std::string ciphersuites;  // TLS 1.3
  uint64_t options = 0;
  int verify_mode = 0;

  // Whether the cipher strings differ (the costly part of re-applying).
  bool same_ciphers(const ConnectionSettings& o) const {
    return cipher_list == o.cipher_list && ciphersuites == o.ciphersuites;
  }
};

// The inputs of a chain context once its credentials are resolved.
struct ChainMaterial {
  std::vector<KeyPair> key_pairs;  // one, or two of different key types (credentialNames)
  std::optional<CaBundle> ca;      // client-certificate CA (MUTUAL, OPTIONAL_MUTUAL, ISTIO_MUTUAL)
  ClientValidation validation;     // pins and verify mode (verify_trusted_ca set from `ca`)
  int min_version = 0;
  int max_version = 0;
  std::vector<std::string> cipher_suites;  // TLS ≤ 1.2, as filtered by Istio; empty = defaults
  std::vector<std::string> alpn;           // what the chain offers, in preference order
};

class ChainContext {
 public:
  // Builds the context. Fails (with Envoy's reason where Envoy has one) when OpenSSL refuses
  // the certificates, the cipher list or the versions.
  static base::Result<std::unique_ptr<ChainContext>> build(const compile::FilterChain& chain,
                                                           ChainMaterial material,
                                                           const TicketKeysPtr& ticket_keys);

  ChainContext(const ChainContext&) = delete;
  ChainContext& operator=(const ChainContext&) = delete;

  SSL_CTX* ctx() const { return ctx_.get(); }
  const ConnectionSettings& settings() const { return settings_; }
  const ChainMaterial& material() const { return material_; }

  // Installs the ClientHello `callback` on this context, making it its listener's dispatch
  // context too (a listener with a single TLS chain needs no separate one).
  void set_client_hello_callback(SSL_client_hello_cb_fn callback, void* arg);

 private:
  ChainContext() = default;

  SslCtxPtr ctx_;
  ChainMaterial material_;
  ConnectionSettings settings_;
  std::string alpn_wire_;
};

// The session id context of a chain: a SHA-256 over what decides whether a session may be
// resumed on it — server names, certificates, CA, pins, verify mode — so that a session (or
// ticket) from one chain never resumes on another (as Envoy's generateHashForSessionContextId).
std::vector<unsigned char> session_id_context(const compile::FilterChain& chain,
                                              const ChainMaterial& material);

// Options every igw server context and dispatch context carries.
uint64_t server_options(bool prioritize_chacha);

}  // namespace igw::tls
