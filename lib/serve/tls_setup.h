// The TLS part of a snapshot: lib/tls builds one SSL_CTX per terminating filter chain and a
// dispatch context per listener; this binds them to the snapshot's listener plans.
#pragma once

#include "lib/base/result.h"
#include "lib/model/config.h"
#include "lib/serve/serve_options.h"
#include "lib/serve/snapshot.h"
#include "lib/tls/log_line.h"

#include <openssl/ssl.h>

#include <string>
#include <vector>

namespace igw::serve {

struct TlsSetup {
  std::vector<std::string> watch_files;  // certificate files to watch (--secrets-dir, file paths)
};

// Builds `snapshot.tls` and each TLS listener's `tls_context` (ALPN http/1.1 for now). Log lines
// (missing credentials, dev CA use) go to `log`. Fails only when the TLS state cannot be built at
// all; a credential that does not resolve fails that chain's handshakes instead (as in Istio).
// `previous`, the snapshot in service, hands its session-ticket keys on.
base::Result<TlsSetup> build_tls_state(Snapshot& snapshot, const model::Config& config,
                                       const ServeOptions& options, std::vector<tls::LogLine>& log,
                                       const Snapshot* previous);

// The filter chain lib/tls selected for `ssl` during its ClientHello (nullptr = refused).
const compile::FilterChain* selected_chain(const SSL* ssl);
// Why lib/tls refused a handshake (no chain for the SNI, client certificate pins…), or nullptr.
const char* tls_refusal_reason(const SSL* ssl);

// Certificate expiry per credential, for /stats/prometheus: (credential text, not_after unix
// seconds).
std::vector<std::pair<std::string, int64_t>> certificate_expiry(const Snapshot& snapshot);

}  // namespace igw::serve
