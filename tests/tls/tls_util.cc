// Test helpers for lib/tls; see tls_util.h.
#include "tests/tls/tls_util.h"

#include "lib/base/base64.h"
#include "lib/config/load.h"
#include "lib/model/parse.h"
#include "lib/tls/pem.h"
#include "lib/tls/server_tls.h"

#include <arpa/inet.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace igw::tls::testing {

namespace {

void check(bool ok, const char* what) {
  if (!ok)
    throw std::runtime_error(std::string("test PKI: ") + what + ": " + take_openssl_errors());
}

void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  check(ext && X509_add_ext(cert, ext.get(), -1) == 1, "extension");
}

bool is_ip(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

X509Ptr make_cert(const std::string& cn, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key, bool ca,
                  const std::vector<std::string>& sans, const char* eku, int days) {
  X509Ptr cert(X509_new());
  check(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(BN_new(), &BN_free);
  BN_rand(bn.get(), 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
  BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get()));
  long start = days < 0 ? -10L * 86400 : -3600;
  X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, start, nullptr);
  X509_time_adj_ex(X509_getm_notAfter(cert.get()), days, 0, nullptr);
  X509_set_pubkey(cert.get(), key);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509* signer = issuer ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (ca) {
    add_ext(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_ext(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(cert.get(), signer, NID_ext_key_usage, eku);
  }
  add_ext(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (!sans.empty()) {
    std::string value;
    for (const auto& s : sans) {
      std::string kind = is_ip(s) ? "IP:" : s.find("://") != std::string::npos ? "URI:" : "DNS:";
      value += (value.empty() ? "" : ",") + kind + s;
    }
    add_ext(cert.get(), signer, NID_subject_alt_name, value);
  }
  check(X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) > 0, "sign");
  return cert;
}

EvpPkeyPtr make_key(KeyType type) {
  EvpPkeyPtr key(type == KeyType::kRsa2048 ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256"));
  check(key != nullptr, "keygen");
  return key;
}

}  // namespace

Compiled compile_yaml(const std::string& yaml) {
  config::LoadResult loaded;
  config::parse_text("test.yaml", yaml, loaded);
  base::Diagnostics diags;
  Compiled out;
  out.config = std::make_unique<model::Config>(
      model::parse(std::move(loaded), model::ParseOptions{}, diags));
  out.table = compile::compile(*out.config);
  return out;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "igw-tls-XXXXXX").string();
  if (!mkdtemp(tmpl.data()))
    throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

TestCa::TestCa(const std::string& common_name) {
  key_ = make_key(KeyType::kEcdsaP256);
  cert_ = make_cert(common_name, key_.get(), nullptr, nullptr, true, {}, nullptr, 365);
}

KeyPair TestCa::issue(const std::vector<std::string>& sans, bool client, KeyType type,
                      int days) const {
  KeyPair out;
  out.key = make_key(type);
  std::string cn = sans.empty() ? "test" : sans.front().substr(0, 64);
  out.chain.push_back(make_cert(cn, out.key.get(), cert_.get(), key_.get(), false, sans,
                                client ? "clientAuth" : "serverAuth", days));
  out.name = cn;
  out.source = "test CA";
  return out;
}

std::string TestCa::cert_pem() const {
  return to_pem(cert_.get());
}

std::string TestCa::crl_pem(const std::vector<X509*>& revoked) const {
  std::unique_ptr<X509_CRL, decltype(&X509_CRL_free)> crl(X509_CRL_new(), &X509_CRL_free);
  check(crl != nullptr, "X509_CRL_new");
  X509_CRL_set_version(crl.get(), 1);
  X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(cert_.get()));
  std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)> last(
      X509_time_adj_ex(nullptr, 0, -3600, nullptr), &ASN1_TIME_free);
  std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)> next(
      X509_time_adj_ex(nullptr, 7, 0, nullptr), &ASN1_TIME_free);
  X509_CRL_set1_lastUpdate(crl.get(), last.get());
  X509_CRL_set1_nextUpdate(crl.get(), next.get());
  for (X509* r : revoked) {
    X509_REVOKED* entry = X509_REVOKED_new();
    X509_REVOKED_set_serialNumber(entry, X509_get_serialNumber(r));
    X509_REVOKED_set_revocationDate(entry, last.get());
    X509_CRL_add0_revoked(crl.get(), entry);
  }
  X509_CRL_sort(crl.get());
  check(X509_CRL_sign(crl.get(), key_.get(), EVP_sha256()) > 0, "CRL sign");
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_CRL(bio.get(), crl.get());
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string pem_of(const KeyPair& kp) {
  std::string out;
  for (const auto& c : kp.chain)
    out += to_pem(c.get());
  return out;
}

std::string key_pem_of(const KeyPair& kp) {
  return to_pem(kp.key.get());
}

std::string secret_yaml(const std::string& ns, const std::string& name,
                        const std::vector<std::pair<std::string, std::string>>& entries,
                        bool use_data) {
  std::string out = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name +
                    "\n  namespace: " + ns + "\n" + (use_data ? "data:\n" : "stringData:\n");
  for (const auto& [k, v] : entries) {
    if (use_data) {
      out += "  " + k + ": " + base::base64_encode(v) + "\n";
      continue;
    }
    out += "  " + k + ": |\n";
    std::istringstream lines(v);
    for (std::string line; std::getline(lines, line);)
      out += "    " + line + "\n";
  }
  return out;
}

void write_file(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

HandshakeResult handshake(SSL_CTX* server_ctx, const ClientOptions& o) {
  HandshakeResult r;
  ERR_clear_error();
  SslCtxPtr cctx(SSL_CTX_new(TLS_client_method()));
  SSL_CTX_set_security_level(cctx.get(), o.security_level);
  if (o.min_version)
    SSL_CTX_set_min_proto_version(cctx.get(), o.min_version);
  if (o.max_version)
    SSL_CTX_set_max_proto_version(cctx.get(), o.max_version);
  if (!o.cipher_list.empty())
    SSL_CTX_set_cipher_list(cctx.get(), o.cipher_list.c_str());
  if (!o.ciphersuites.empty())
    SSL_CTX_set_ciphersuites(cctx.get(), o.ciphersuites.c_str());
  if (!o.sigalgs.empty())
    SSL_CTX_set1_sigalgs_list(cctx.get(), o.sigalgs.c_str());
  if (!o.groups.empty())
    SSL_CTX_set1_groups_list(cctx.get(), o.groups.c_str());
  if (o.trust) {
    X509_STORE_add_cert(SSL_CTX_get_cert_store(cctx.get()), o.trust);
    SSL_CTX_set_verify(cctx.get(), SSL_VERIFY_PEER, nullptr);
  }

  SslPtr client(SSL_new(cctx.get()));
  SslPtr server(SSL_new(server_ctx));
  if (!client || !server) {
    r.error = "SSL_new failed: " + take_openssl_errors();
    return r;
  }
  if (!o.sni.empty())
    SSL_set_tlsext_host_name(client.get(), o.sni.c_str());
  if (o.trust && !o.verify_host.empty())
    SSL_set1_host(client.get(), o.verify_host.c_str());
  if (!o.alpn.empty()) {
    std::string wire;
    for (const auto& p : o.alpn)
      wire += static_cast<char>(p.size()) + p;
    SSL_set_alpn_protos(client.get(), reinterpret_cast<const unsigned char*>(wire.data()),
                        static_cast<unsigned int>(wire.size()));
  }
  if (o.client_cert) {
    SSL_use_certificate(client.get(), o.client_cert->leaf());
    SSL_use_PrivateKey(client.get(), o.client_cert->key.get());
  }
  if (o.session)
    SSL_set_session(client.get(), o.session);

  BIO* cbio = nullptr;
  BIO* sbio = nullptr;
  BIO_new_bio_pair(&cbio, 0, &sbio, 0);
  SSL_set_bio(client.get(), cbio, cbio);
  SSL_set_bio(server.get(), sbio, sbio);
  SSL_set_connect_state(client.get());
  SSL_set_accept_state(server.get());

  bool c_done = false, s_done = false, failed = false;
  std::string c_err, s_err;
  auto step = [&failed](SSL* ssl, bool& done, std::string& err) {
    if (done || failed)
      return;
    int rc = SSL_do_handshake(ssl);
    if (rc == 1) {
      done = true;
      return;
    }
    int e = SSL_get_error(ssl, rc);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
      return;
    failed = true;
    err = "SSL error " + std::to_string(e) + ": " + take_openssl_errors();
  };
  for (int i = 0; i < 100 && !(c_done && s_done) && !failed; ++i) {
    step(client.get(), c_done, c_err);
    step(server.get(), s_done, s_err);
  }
  // Application data both ways: surfaces a failure TLS 1.3 reports after the client finished
  // (a refused client certificate) and delivers the server's session tickets to the client.
  auto transfer = [](SSL* from, SSL* to, std::string& err) {
    const char msg[] = "ping";
    if (SSL_write(from, msg, 4) != 4) {
      err = "write failed: " + take_openssl_errors();
      return false;
    }
    char buf[16];
    for (int i = 0; i < 10; ++i) {
      int n = SSL_read(to, buf, sizeof(buf));
      if (n == 4)
        return true;
      int e = SSL_get_error(to, n);
      if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
        err = "read failed (SSL error " + std::to_string(e) + "): " + take_openssl_errors();
        return false;
      }
      // A TLS 1.3 server may still owe the client its tickets; let it flush them.
      SSL_read(from, buf, 0);
    }
    err = "no data arrived";
    return false;
  };
  bool exchanged = false;
  if (c_done && s_done && !failed) {
    exchanged =
        transfer(server.get(), client.get(), c_err) && transfer(client.get(), server.get(), s_err);
  }
  r.ok = c_done && s_done && !failed && exchanged;
  r.error = "client: " + (c_err.empty() ? std::string("ok") : c_err) +
            "; server: " + (s_err.empty() ? std::string("ok") : s_err);
  r.refusal = ServerTls::refusal_reason(server.get());
  r.chain = ServerTls::selected_chain(server.get());
  r.server_cert.reset(SSL_get1_peer_certificate(client.get()));
  r.client_verified = o.trust && SSL_get_verify_result(client.get()) == X509_V_OK;
  const unsigned char* alpn = nullptr;
  unsigned int alpn_len = 0;
  SSL_get0_alpn_selected(server.get(), &alpn, &alpn_len);
  r.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_len);
  r.version = SSL_get_version(server.get());
  if (const SSL_CIPHER* c = SSL_get_current_cipher(server.get()))
    r.cipher = SSL_CIPHER_get_name(c);
  r.resumed = SSL_session_reused(client.get()) == 1;
  if (r.ok) {
    if (SSL_SESSION* s = SSL_get1_session(client.get()))
      r.session.reset(s, &SSL_SESSION_free);
    // Close cleanly: OpenSSL marks the session of a connection freed without close_notify as
    // not resumable.
    SSL_shutdown(client.get());
    SSL_shutdown(server.get());
  }
  ERR_clear_error();
  return r;
}

std::string first_dns_name(X509* cert) {
  if (!cert)
    return {};
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names)
    return {};
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names.get(), i);
    if (n->type == GEN_DNS)
      return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(n->d.dNSName)),
                         static_cast<size_t>(ASN1_STRING_length(n->d.dNSName)));
  }
  return {};
}

}  // namespace igw::tls::testing
