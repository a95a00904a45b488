// tls::ServerTls: all TLS state for one RouteTable snapshot — an SSL_CTX per TLS-terminating
// filter chain, a dispatch context per listener whose ClientHello callback selects the chain by
// SNI (R1.13) and switches the connection to that chain's context, shared session-ticket keys,
// and what each credential resolved to (for logs, explanations and certificate-expiry metrics).
//
// Immutable once built and shared by every worker thread. Lifetime: the contexts' callbacks
// point into this object and selected_chain() into the RouteTable, so both must outlive every
// SSL created from listener_context() (serve::Snapshot holds both, and each connection pins its
// snapshot).
#pragma once

#include "lib/base/result.h"
#include "lib/compile/route_table.h"
#include "lib/tls/credential_sources.h"
#include "lib/tls/dev_ca.h"
#include "lib/tls/log_line.h"
#include "lib/tls/ticket_keys.h"

#include <openssl/ssl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace igw::tls {

class ChainContext;

struct BuildOptions {
  // The application protocols igw serves; each chain offers the intersection with its own ALPN
  // list, in the chain's order (Istio offers h2, http/1.1). {"http/1.1"} until HTTP/2 lands.
  std::vector<std::string> served_alpn = {"http/1.1"};
  // Session-ticket keys; null makes fresh ones. Pass the previous snapshot's ticket_keys() on
  // reload so that tickets issued before the reload still resume.
  TicketKeysPtr ticket_keys;
  // Server-side session cache entries per listener (TLS ≤ 1.2 session ids; tickets need none).
  long session_cache_size = 20'000;
};

// One credential the snapshot serves or trusts, for /stats/prometheus and explanations.
struct CredentialInfo {
  std::string name;    // "istio-system/web-cert", "/etc/certs/tls.crt", "dev:www.example.com"
  std::string source;  // "Secret istio-system/web-cert (secrets.yaml:3)", "dev CA …"
  std::string role;    // "server" or "ca"
  std::string subject;
  int64_t not_after = 0;  // unix seconds
};

// What became of one TLS-terminating filter chain.
struct ChainStatus {
  const compile::FilterChain* chain = nullptr;
  bool ready = false;                // handshakes can complete
  std::string reason;                // why not, when not ready
  std::vector<std::string> sources;  // credential sources ("Secret …", "dev CA …")
};

class ServerTls {
 public:
  // Builds the TLS state of `table`. Credentials that do not resolve make their chain refuse
  // handshakes (with a warning-level log line saying why, like every line about a chain that
  // will fail or a certificate that expired), as Istio's gateway would; with --dev-certs the
  // development CA fills them in. Fails only when the state cannot be built at all (the
  // development CA cannot be opened, OpenSSL cannot allocate a context).
  static base::Result<std::shared_ptr<const ServerTls>> build(const compile::RouteTable& table,
                                                              const CredentialSources& sources,
                                                              std::vector<LogLine>& log_lines);
  static base::Result<std::shared_ptr<const ServerTls>> build(const compile::RouteTable& table,
                                                              const CredentialSources& sources,
                                                              const BuildOptions& options,
                                                              std::vector<LogLine>& log_lines);

  ~ServerTls();
  ServerTls(const ServerTls&) = delete;
  ServerTls& operator=(const ServerTls&) = delete;

  // The dispatch context for `listener` (SSL_new from it for every accepted connection);
  // nullptr when the listener terminates no TLS.
  SSL_CTX* listener_context(const compile::Listener& listener) const;

  // After the ClientHello: the chain the SNI selected (nullptr = refused, or not yet known).
  static const compile::FilterChain* selected_chain(const SSL* ssl);
  // Why lib/tls refused the handshake ("no filter chain matches the SNI", a certificate
  // verification error, …); nullptr when it did not (OpenSSL's own errors, such as a protocol
  // version or cipher mismatch, are on its error queue).
  static const char* refusal_reason(const SSL* ssl);

  // Every credential served or trusted, de-duplicated, with its expiry.
  const std::vector<CredentialInfo>& credentials() const { return credentials_; }
  // Every TLS-terminating chain of the table, in listener order.
  const std::vector<ChainStatus>& chains() const { return chain_status_; }
  const ChainStatus* chain_status(const compile::FilterChain& chain) const;
  // Certificate and key files read (secrets-dir, file paths, dev CA), for --watch.
  const std::vector<std::string>& watch_files() const { return watch_files_; }
  const TicketKeysPtr& ticket_keys() const { return ticket_keys_; }
  // The development CA when --dev-certs is on (for trust instructions and client certificates).
  const std::shared_ptr<DevCa>& dev_ca() const { return dev_ca_; }

 private:
  struct ChainState;
  struct ListenerState;
  class Builder;
  friend class Builder;

  ServerTls();
  static int on_client_hello(SSL* ssl, int* alert, void* arg);

  std::vector<std::unique_ptr<ChainState>> chain_states_;
  std::vector<std::unique_ptr<ListenerState>> listeners_;
  std::vector<CredentialInfo> credentials_;
  std::vector<ChainStatus> chain_status_;
  std::vector<std::string> watch_files_;
  TicketKeysPtr ticket_keys_;
  std::shared_ptr<DevCa> dev_ca_;
};

}  // namespace igw::tls
