// What a credential resolves to: a server key pair (certificate chain + private key) or a CA
// bundle for client-certificate validation, each remembering where it came from.
#pragma once

#include "lib/tls/openssl_handles.h"

#include <string>
#include <vector>

namespace igw::tls {

struct KeyPair {
  std::vector<X509Ptr> chain;  // leaf first
  EvpPkeyPtr key;
  std::string name;    // the credential as configured: "web-cert", "/etc/certs/tls.crt", "dev"
  std::string source;  // "Secret istio-system/web-cert (secrets.yaml:3)", "dev CA", …
  std::vector<std::string> files;  // files read, for --watch

  X509* leaf() const { return chain.empty() ? nullptr : chain.front().get(); }
};

struct CaBundle {
  std::vector<X509Ptr> certs;
  std::vector<X509CrlPtr> crls;  // `crl` / `ca.crl` keys, or the caCrl file
  std::string name;
  std::string source;
  std::vector<std::string> files;
};

}  // namespace igw::tls
