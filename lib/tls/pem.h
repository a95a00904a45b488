// PEM text ⇄ OpenSSL objects: certificate chains, private keys, CA bundles with CRLs.
#pragma once

#include "lib/base/result.h"
#include "lib/tls/openssl_handles.h"

#include <string>
#include <string_view>
#include <vector>

namespace igw::tls {

// Every CERTIFICATE block of `pem`, in order (a server chain: leaf first); text outside PEM
// blocks and blocks of other types are skipped, as OpenSSL's PEM reader does. Fails when there
// is no certificate or one is malformed (Envoy's loadCertificateChain refuses those too).
base::Result<std::vector<X509Ptr>> parse_certificates(std::string_view pem);

// The first private key of `pem` (PKCS#8, PKCS#1 RSA or SEC1 EC). Encrypted keys fail: Istio
// passes no password.
base::Result<EvpPkeyPtr> parse_private_key(std::string_view pem);

struct CaContents {
  std::vector<X509Ptr> certs;
  std::vector<X509CrlPtr> crls;
};

// A CA bundle the way Envoy's DefaultCertValidator reads `trusted_ca` (PEM_X509_INFO_read_bio):
// certificates and CRLs in any order; at least one certificate.
base::Result<CaContents> parse_ca_bundle(std::string_view pem);

// Only the CRLs of `pem` (a `crl` / `ca.crl` secret key or a caCrl file); at least one.
base::Result<std::vector<X509CrlPtr>> parse_crls(std::string_view pem);

std::string to_pem(X509* cert);
std::string to_pem(EVP_PKEY* key);  // unencrypted PKCS#8

}  // namespace igw::tls
