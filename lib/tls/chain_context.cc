// One filter chain's SSL_CTX; see chain_context.h.
#include "lib/tls/chain_context.h"

#include "lib/tls/tls_params.h"
#include "lib/tls/x509_facts.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>

namespace igw::tls {

namespace {

// ALPN selection in the chain's preference order (Envoy's alpnSelectCallback): the first
// protocol of ours the client also offers; no overlap continues without ALPN (NOACK), it does
// not fail the handshake.
int select_alpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                unsigned int inlen, void* arg) {
  const auto* wire = static_cast<const std::string*>(arg);
  unsigned char* chosen = nullptr;
  if (SSL_select_next_proto(&chosen, outlen, reinterpret_cast<const unsigned char*>(wire->data()),
                            static_cast<unsigned int>(wire->size()), in,
                            inlen) != OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_NOACK;
  }
  *out = chosen;
  return SSL_TLSEXT_ERR_OK;
}

std::string encode_alpn(const std::vector<std::string>& protocols) {
  std::string out;
  for (const auto& p : protocols) {
    if (p.empty() || p.size() > 255)
      continue;
    out += static_cast<char>(p.size());
    out += p;
  }
  return out;
}

base::Result<void> fail(std::string what) {
  std::string why = take_openssl_errors();
  return base::make_error(std::move(what) + (why.empty() ? "" : " (" + why + ")"));
}

base::Result<void> load_key_pairs(SSL_CTX* ctx, const std::vector<KeyPair>& pairs) {
  std::vector<int> types;
  for (const auto& kp : pairs) {
    int type = EVP_PKEY_get_base_id(kp.key.get());
    if (std::find(types.begin(), types.end(), type) != types.end())
      return base::make_error("two certificates with " + key_description(kp.key.get()) +
                              " keys; a chain holds at most one certificate per key type");
    types.push_back(type);
    // OpenSSL keeps one certificate slot per key type and picks the slot the client can use
    // (ECDSA or RSA), as Envoy does among its credentialNames.
    if (SSL_CTX_use_certificate(ctx, kp.leaf()) != 1)
      return fail("cannot use the certificate of " + kp.source);
    if (SSL_CTX_use_PrivateKey(ctx, kp.key.get()) != 1)
      return fail("cannot use the private key of " + kp.source);
    for (size_t i = 1; i < kp.chain.size(); ++i) {
      if (SSL_CTX_add1_chain_cert(ctx, kp.chain[i].get()) != 1)
        return fail("cannot add an intermediate certificate of " + kp.source);
    }
    if (SSL_CTX_check_private_key(ctx) != 1)
      return fail("the private key of " + kp.source + " does not match its certificate");
  }
  return {};
}

base::Result<void> install_ca(SSL_CTX* ctx, const CaBundle& ca) {
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  for (const auto& c : ca.certs) {
    if (X509_STORE_add_cert(store, c.get()) != 1) {
      // A certificate listed twice is harmless; anything else is not.
      unsigned long err = ERR_peek_last_error();
      if (ERR_GET_REASON(err) != X509_R_CERT_ALREADY_IN_HASH_TABLE)
        return fail("cannot add a CA certificate of " + ca.source);
      ERR_clear_error();
    }
  }
  // Envoy trusts any certificate of the bundle as an anchor, intermediates included.
  unsigned long flags = X509_V_FLAG_PARTIAL_CHAIN;
  for (const auto& crl : ca.crls) {
    if (X509_STORE_add_crl(store, crl.get()) != 1)
      return fail("cannot add a CRL of " + ca.source);
  }
  // With a CRL, every certificate of the chain is checked, not only the leaf
  // (only_verify_leaf_cert_crl is false in Istio's contexts).
  if (!ca.crls.empty())
    flags |= X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL;
  X509_STORE_set_flags(store, flags);
  // The CA names go into the CertificateRequest (addClientValidationContext), de-duplicated.
  X509NameStackPtr names(sk_X509_NAME_new_null());
  if (!names)
    return fail("out of memory");
  for (const auto& c : ca.certs) {
    X509_NAME* n = X509_get_subject_name(c.get());
    bool seen = false;
    for (int i = 0; i < sk_X509_NAME_num(names.get()) && !seen; ++i)
      seen = X509_NAME_cmp(sk_X509_NAME_value(names.get(), i), n) == 0;
    if (seen)
      continue;
    X509_NAME* dup = X509_NAME_dup(n);
    if (!dup || sk_X509_NAME_push(names.get(), dup) == 0) {
      X509_NAME_free(dup);
      return fail("out of memory");
    }
  }
  SSL_CTX_set_client_CA_list(ctx, names.release());
  return {};
}

}  // namespace

uint64_t server_options(bool prioritize_chacha) {
  // Server cipher preference (Envoy's default, prefer_client_ciphers false); no renegotiation
  // (BoringSSL servers never renegotiate).
  uint64_t options = SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION;
  if (prioritize_chacha)
    options |= SSL_OP_PRIORITIZE_CHACHA;
  return options;
}

std::vector<unsigned char> session_id_context(const compile::FilterChain& chain,
                                              const ChainMaterial& m) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  auto add = [&md](const void* data, size_t n) { EVP_DigestUpdate(md.get(), data, n); };
  auto add_text = [&add](std::string_view s) {
    add(s.data(), s.size());
    add("", 1);  // separator, so that ("ab","c") and ("a","bc") differ
  };
  EVP_DigestInit_ex(md.get(), EVP_sha256(), nullptr);
  for (const auto& kp : m.key_pairs) {
    Sha256 h = certificate_sha256(kp.leaf());
    add(h.data(), h.size());
  }
  if (m.ca) {
    for (const auto& c : m.ca->certs) {
      Sha256 h = certificate_sha256(c.get());
      add(h.data(), h.size());
    }
  }
  for (const auto& s : m.validation.subject_alt_names)
    add_text(s);
  for (const auto& h : m.validation.certificate_hashes)
    add(h.data(), h.size());
  for (const auto& h : m.validation.spki_hashes)
    add(h.data(), h.size());
  add(&m.validation.verify_mode, sizeof(m.validation.verify_mode));
  for (const auto& n : chain.server_names)
    add_text(n);
  add_text(chain.name);
  std::vector<unsigned char> out(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  EVP_DigestFinal_ex(md.get(), out.data(), &len);
  out.resize(std::min<size_t>(len, SSL_MAX_SID_CTX_LENGTH));
  return out;
}

base::Result<std::unique_ptr<ChainContext>> ChainContext::build(const compile::FilterChain& chain,
                                                                ChainMaterial material,
                                                                const TicketKeysPtr& ticket_keys) {
  std::unique_ptr<ChainContext> out(new ChainContext());
  out->ctx_.reset(SSL_CTX_new(TLS_server_method()));
  SSL_CTX* ctx = out->ctx_.get();
  if (!ctx)
    return fail("cannot create an SSL_CTX").error();

  ConnectionSettings& s = out->settings_;
  s.min_version = material.min_version;
  s.max_version = material.max_version;
  if (s.min_version == 0 || s.max_version == 0)
    return base::make_error("unknown TLS protocol version");
  if (s.min_version > s.max_version)
    return base::make_error("minProtocolVersion " + version_text(s.min_version) +
                            " is above maxProtocolVersion " + version_text(s.max_version));
  bool equal_preference = false;
  s.cipher_list = cipher_string(material.cipher_suites, &equal_preference);
  s.ciphersuites = std::string(kTls13Suites);
  s.verify_mode = material.validation.verify_mode;

  // BoringSSL, which Envoy uses, has no security levels: what it accepts is decided by the
  // versions and ciphers configured. Level 0 gives OpenSSL the same latitude (TLS 1.0/1.1 when
  // configured, SHA-1 signatures those versions need, client certificates Envoy accepts).
  SSL_CTX_set_security_level(ctx, 0);
  if (SSL_CTX_set_min_proto_version(ctx, s.min_version) != 1 ||
      SSL_CTX_set_max_proto_version(ctx, s.max_version) != 1)
    return fail("cannot set the protocol versions").error();
  if (SSL_CTX_set_cipher_list(ctx, s.cipher_list.c_str()) != 1)
    return fail("Failed to initialize cipher suites " + s.cipher_list).error();
  if (SSL_CTX_set_ciphersuites(ctx, s.ciphersuites.c_str()) != 1)
    return fail("cannot set the TLS 1.3 cipher suites").error();
  if (SSL_CTX_set1_groups_list(ctx, std::string(kGroups).c_str()) != 1)
    return fail("Failed to initialize ECDH curves " + std::string(kGroups)).error();
  SSL_CTX_set_options(ctx, server_options(material.cipher_suites.empty() || equal_preference));
  s.options = SSL_CTX_get_options(ctx);

  if (auto r = load_key_pairs(ctx, material.key_pairs); !r)
    return r.error();

  // Client certificates: CA and CRLs in the store, then the verify mode and Envoy's checks.
  material.validation.verify_trusted_ca = material.ca.has_value();
  if (material.ca) {
    if (auto r = install_ca(ctx, *material.ca); !r)
      return r.error();
  }

  // Session resumption: shared ticket keys; a session id context unique to this chain.
  std::vector<unsigned char> sid = session_id_context(chain, material);
  if (SSL_CTX_set_session_id_context(ctx, sid.data(), static_cast<unsigned int>(sid.size())) != 1)
    return fail("cannot set the session id context").error();
  if (ticket_keys && !ticket_keys->apply(ctx))
    return fail("cannot install the session ticket keys").error();

  out->alpn_wire_ = encode_alpn(material.alpn);
  out->material_ = std::move(material);
  // Callback arguments point into *out, which stays where it is (held by unique_ptr).
  SSL_CTX_set_verify(ctx, s.verify_mode, nullptr);
  if (s.verify_mode != SSL_VERIFY_NONE)
    SSL_CTX_set_cert_verify_callback(ctx, &verify_client_certificate,
                                     const_cast<ClientValidation*>(&out->material_.validation));
  if (!out->alpn_wire_.empty())
    SSL_CTX_set_alpn_select_cb(ctx, &select_alpn, const_cast<std::string*>(&out->alpn_wire_));
  return out;
}

void ChainContext::set_client_hello_callback(SSL_client_hello_cb_fn callback, void* arg) {
  SSL_CTX_set_client_hello_cb(ctx_.get(), callback, arg);
}

}  // namespace igw::tls
