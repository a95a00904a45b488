// Resolving a Gateway server's credentials into key material the way Istio's gateway agent does
// (R1.23): key names and fallbacks of istio:pilot/pkg/credentials/kube/secrets.go
// (ExtractCertInfo, ExtractRoot, GetCaCert), file paths as the proxy reads them.
#pragma once

#include "lib/base/result.h"
#include "lib/tls/credential_sources.h"
#include "lib/tls/key_material.h"
#include "lib/tls/secret_store.h"

#include <string>

namespace igw::tls {

class CertSource {
 public:
  explicit CertSource(const CredentialSources& sources) : sources_(sources), store_(sources) {}

  // The server certificate and key of credentialName `credential`: keys `cert` + `key` when
  // both are non-empty, else `tls.crt` + `tls.key`. The error says why not (not found, keys
  // missing or empty, unreadable PEM, key not matching the certificate, a key Envoy refuses).
  base::Result<KeyPair> key_pair(const std::string& credential) const;

  // The client CA of credentialName `credential` (the SDS resource `<credential>-cacert`): the
  // Secret `<credential>-cacert` when it exists, else the Secret `<credential>` itself; its
  // `cacert` key, else `ca.crt`, with the CRL of `crl` / `ca.crl`. A `-cacert` Secret without
  // a CA key is an error, not a reason to look further (GetCaCert).
  base::Result<CaBundle> credential_ca(const std::string& credential) const;

  // caCertCredentialName (Istio 1.28): a Secret of that name (then without a "-cacert" suffix,
  // as GetCaCert does), else a ConfigMap; `configmap://ns/name` names a ConfigMap only. The
  // release notes say "a Secret/ConfigMap"; the lookup order here is igw's reading, as the
  // implementation was not available to check.
  base::Result<CaBundle> named_ca(const std::string& name) const;

  // serverCertificate / privateKey files.
  base::Result<KeyPair> file_key_pair(const std::string& cert_path,
                                      const std::string& key_path) const;
  // caCertificates file, with the CRL file `crl_path` when not empty.
  base::Result<CaBundle> file_ca(const std::string& ca_path, const std::string& crl_path) const;

 private:
  base::Result<CaBundle> root_of(const SecretData& data, const std::string& name) const;

  const CredentialSources& sources_;
  SecretStore store_;
};

// Builds a key pair from PEM text and checks it as Envoy would: the key matches the leaf, the
// key type is one Envoy loads. `name` and `source` describe it in messages.
base::Result<KeyPair> make_key_pair(std::string_view cert_pem, std::string_view key_pem,
                                    std::string name, std::string source);

// Reads a whole file (at most 4 MiB); the error names the path.
base::Result<std::string> read_text_file(const std::string& path);

}  // namespace igw::tls
