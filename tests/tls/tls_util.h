// Test helpers for lib/tls: a throwaway PKI, YAML for Secrets and Gateways, temporary
// directories, and in-memory TLS handshakes (a BIO pair between a client SSL and a server SSL
// made from ServerTls's listener context).
#pragma once

#include "lib/compile/compile.h"
#include "lib/model/config.h"
#include "lib/tls/key_material.h"
#include "lib/tls/openssl_handles.h"

#include <openssl/ssl.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace igw::tls::testing {

struct Compiled {
  std::unique_ptr<model::Config> config;
  compile::RouteTablePtr table;
};
Compiled compile_yaml(const std::string& yaml);

// A directory under $TMPDIR removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

enum class KeyType { kEcdsaP256, kRsa2048 };

// A self-signed test CA that issues server and client certificates.
class TestCa {
 public:
  explicit TestCa(const std::string& common_name);
  // A leaf with the given SANs ("DNS name", "spiffe://…" URI, IP literal); `client` sets the
  // clientAuth EKU instead of serverAuth. `days` < 0 makes an expired certificate.
  KeyPair issue(const std::vector<std::string>& sans, bool client = false,
                KeyType type = KeyType::kEcdsaP256, int days = 30) const;
  std::string cert_pem() const;
  // A CRL signed by this CA revoking `revoked` (certificates it issued).
  std::string crl_pem(const std::vector<X509*>& revoked) const;
  X509* cert() const { return cert_.get(); }

 private:
  X509Ptr cert_;
  EvpPkeyPtr key_;
};

std::string pem_of(const KeyPair& kp);      // the certificate chain
std::string key_pem_of(const KeyPair& kp);  // the private key

// A Secret manifest. `entries` are key → bytes; `use_data` writes them base64-encoded under
// `data`, else as block scalars under `stringData`.
std::string secret_yaml(const std::string& ns, const std::string& name,
                        const std::vector<std::pair<std::string, std::string>>& entries,
                        bool use_data = false);

// Writes `text` to `path` (creating parent directories).
void write_file(const std::string& path, const std::string& text);

struct ClientOptions {
  std::string sni;  // "" = no server_name extension
  int min_version = 0;
  int max_version = 0;
  int security_level = 1;    // the client's OpenSSL security level
  std::string cipher_list;   // TLS ≤ 1.2, "" = OpenSSL's default
  std::string ciphersuites;  // TLS 1.3, "" = default
  std::string sigalgs;       // "" = default
  std::string groups;        // "" = default (key shares are sent for the first group)
  std::vector<std::string> alpn;
  X509* trust = nullptr;    // verify the server certificate against this CA
  std::string verify_host;  // with `trust`: the name the certificate must match
  const KeyPair* client_cert = nullptr;
  SSL_SESSION* session = nullptr;  // resume this session
};

struct HandshakeResult {
  bool ok = false;                // both sides finished and exchanged application data
  bool client_verified = false;   // with `trust`: the server certificate verified
  std::string error;              // what failed, for test messages
  const char* refusal = nullptr;  // ServerTls::refusal_reason on the server side
  const compile::FilterChain* chain = nullptr;
  X509Ptr server_cert;
  std::string alpn;
  std::string version;
  std::string cipher;
  bool resumed = false;
  std::shared_ptr<SSL_SESSION> session;  // for a later resumption
};

HandshakeResult handshake(SSL_CTX* server_ctx, const ClientOptions& options);

// The first DNS SAN of `cert`, "" when none.
std::string first_dns_name(X509* cert);

}  // namespace igw::tls::testing
