// Internal to lib/compile: a Gateway server's `tls` block → the downstream TLS context Envoy
// would install (BuildListenerTLSContext / applyServerTLSSettings in
// istio:pilot/pkg/networking/core/listener.go; FilterCipherSuites in
// istio:pkg/config/security/security.go; R1.22–R1.24).
#pragma once

#include "lib/compile/route_table.h"
#include "lib/model/gateway.h"

#include <string>
#include <string_view>
#include <vector>

namespace igw::compile::detail {

TlsContext build_tls_context(const model::ServerTlsSettings& tls, model::TlsMode mode);

// Istio's cipher filter: keeps names Envoy (BoringSSL) accepts — and expressions starting with
// a non-alphanumeric character, "" and "ALL" — dropping duplicates. `dropped` gets the rest.
std::vector<std::string> filter_cipher_suites(const std::vector<std::string>& suites,
                                              std::vector<std::string>* dropped = nullptr);

// "TLSV1_2" → "TLSv1_2"; "" for TLS_AUTO or an unknown value.
std::string envoy_tls_version(std::string_view istio_version);

}  // namespace igw::compile::detail
