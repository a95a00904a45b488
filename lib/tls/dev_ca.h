// The --dev-certs development CA: created once as DIR/ca.crt with its key in DIR/ca.key (mode
// 0600) and reused on every later run, it issues ECDSA P-256 server certificates for Gateway
// hosts whose credential does not resolve (cached on disk by host set), verifies client
// certificates for MUTUAL servers whose credential brings no CA, and issues client certificates
// for testing MUTUAL servers.
#pragma once

#include "lib/base/result.h"
#include "lib/tls/key_material.h"
#include "lib/tls/log_line.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace igw::tls {

struct ClientCertFiles {
  std::string cert_path;
  std::string key_path;
};

class DevCa {
 public:
  // $XDG_STATE_HOME/igw/dev-certs, else ~/.local/state/igw/dev-certs.
  static std::string default_dir();

  // Opens the CA in `dir`, creating the directory (0700) and the CA when neither ca.crt nor
  // ca.key exists. An existing CA is never replaced while it is usable; one that has expired is
  // replaced (and `log` says so). A CA that cannot be read, or only one of the two files, is an
  // error: igw does not overwrite what it cannot understand.
  static base::Result<std::shared_ptr<DevCa>> open(const std::string& dir,
                                                   std::vector<LogLine>* log = nullptr);

  const std::string& dir() const { return dir_; }
  std::string ca_cert_path() const;
  std::string ca_key_path() const;
  X509* certificate() const { return cert_.get(); }
  bool created() const { return created_; }  // by this open()
  // The CA as a bundle for client-certificate validation.
  CaBundle ca_bundle() const;

  // The subjectAltNames of a development certificate for Gateway hosts: "ns/" prefixes
  // dropped, lower-cased, de-duplicated, sorted; IP literals become IP SANs; "*" (any host)
  // becomes localhost, 127.0.0.1 and ::1; names a certificate cannot carry are dropped.
  static std::vector<std::string> san_list(const std::vector<std::string>& hosts);

  // A server certificate (ECDSA P-256, serverAuth) for `sans` (from san_list), reused from
  // DIR/servers/<hash of the names>.{crt,key} while it is signed by this CA and valid for more
  // than a week, else issued and stored there.
  base::Result<KeyPair> server_certificate(const std::vector<std::string>& sans,
                                           std::vector<LogLine>* log = nullptr) const;

  // A fresh client certificate (ECDSA P-256, clientAuth) with subject CN `common_name` and the
  // given subjectAltNames ("spiffe://…" and other "scheme://" values become URI SANs, IP
  // literals IP SANs, the rest DNS SANs).
  base::Result<KeyPair> issue_client_certificate(std::string_view common_name,
                                                 const std::vector<std::string>& sans = {}) const;
  // The same, written to DIR/clients/<name>.crt and .key (0600); `name` may hold letters,
  // digits, '.', '-' and '_'.
  base::Result<ClientCertFiles> write_client_certificate(
      std::string_view name, const std::vector<std::string>& sans = {}) const;

  // How to trust the CA: curl --cacert and openssl s_client lines for `url`
  // ("https://www.example.com:8443/").
  std::vector<std::string> trust_instructions(std::string_view url) const;
  // curl and openssl lines presenting the client certificate `files` to `url`.
  std::vector<std::string> client_instructions(const ClientCertFiles& files,
                                               std::string_view url) const;

 private:
  DevCa() = default;

  std::string dir_;
  X509Ptr cert_;
  EvpPkeyPtr key_;
  bool created_ = false;
};

}  // namespace igw::tls
