// networking.istio.io Gateway (v1alpha3, v1beta1, v1).
#pragma once

#include "lib/model/object.h"

#include <optional>
#include <vector>

namespace igw::model {

struct Port {
  LInt number;
  LString protocol;
  LString name;
  LInt target_port;
  base::SourceLoc loc;
};

struct TlsCertificate {
  LString server_certificate;
  LString private_key;
  LString ca_certificates;
  base::SourceLoc loc;
};

struct ServerTlsSettings {
  LBool https_redirect;
  LString mode;  // PASSTHROUGH (default) | SIMPLE | MUTUAL | AUTO_PASSTHROUGH | ISTIO_MUTUAL |
                 // OPTIONAL_MUTUAL
  LString server_certificate;
  LString private_key;
  LString ca_certificates;
  LString ca_crl;
  LString credential_name;
  std::vector<LString> credential_names;
  std::vector<TlsCertificate> tls_certificates;
  LString ca_cert_credential_name;
  std::vector<LString> subject_alt_names;
  std::vector<LString> verify_certificate_spki;
  std::vector<LString> verify_certificate_hash;
  LString min_protocol_version;  // TLS_AUTO | TLSV1_0 | TLSV1_1 | TLSV1_2 | TLSV1_3
  LString max_protocol_version;
  std::vector<LString> cipher_suites;
  base::SourceLoc loc;

  // The mode as Istio reads it: PASSTHROUGH when unset.
  std::string effective_mode() const { return mode ? mode.value : "PASSTHROUGH"; }
};

struct Server {
  std::optional<Port> port;
  LString bind;
  std::vector<LString> hosts;
  std::optional<ServerTlsSettings> tls;
  LString default_endpoint;
  LString name;
  base::SourceLoc loc;
  uint32_t index = 0;  // position in spec.servers
};

struct Gateway : ObjectBase {
  StringMap selector;
  bool has_selector = false;
  std::vector<Server> servers;
};

}  // namespace igw::model
