// Certificate and key facts; see x509_facts.h.
#include "lib/tls/x509_facts.h"

#include "lib/tls/openssl_handles.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/sha.h>

#include <ctime>

namespace igw::tls {

namespace {

int64_t asn1_unix(const ASN1_TIME* t) {
  struct tm tm {};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
    return 0;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

int64_t not_before_unix(const X509* cert) {
  return asn1_unix(X509_get0_notBefore(cert));
}

int64_t not_after_unix(const X509* cert) {
  return asn1_unix(X509_get0_notAfter(cert));
}

std::string format_utc(int64_t unix_seconds) {
  time_t t = static_cast<time_t>(unix_seconds);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char buf[32];
  strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string subject_text(const X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio)
    return {};
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<size_t>(len)) : std::string();
}

std::vector<std::string> dns_names(const X509* cert) {
  std::vector<std::string> out;
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names)
    return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names.get(), i);
    if (n->type != GEN_DNS)
      continue;
    const ASN1_STRING* s = n->d.dNSName;
    out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<size_t>(ASN1_STRING_length(s)));
  }
  return out;
}

Sha256 certificate_sha256(X509* cert) {
  Sha256 out{};
  unsigned int n = 0;
  X509_digest(cert, EVP_sha256(), out.data(), &n);
  return out;
}

std::optional<Sha256> spki_sha256(X509* cert) {
  X509_PUBKEY* pub = X509_get_X509_PUBKEY(cert);
  if (!pub)
    return std::nullopt;
  unsigned char* der = nullptr;
  int len = i2d_X509_PUBKEY(pub, &der);
  if (len < 0)
    return std::nullopt;
  std::unique_ptr<unsigned char, detail::OpenSslFree> owner(der);
  Sha256 out{};
  SHA256(der, static_cast<size_t>(len), out.data());
  return out;
}

namespace {

std::string curve_name(const EVP_PKEY* key) {
  char name[64] = {0};
  size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name), &len) !=
      1) {
    ERR_clear_error();
    return {};
  }
  return std::string(name, len);
}

}  // namespace

std::string key_description(const EVP_PKEY* key) {
  if (!key)
    return "no key";
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      return "RSA " + std::to_string(EVP_PKEY_get_bits(key));
    case EVP_PKEY_EC: {
      std::string curve = curve_name(key);
      if (curve == "prime256v1")
        return "ECDSA P-256";
      if (curve == "secp384r1")
        return "ECDSA P-384";
      if (curve == "secp521r1")
        return "ECDSA P-521";
      return "ECDSA " + (curve.empty() ? std::string("(unknown curve)") : curve);
    }
    case EVP_PKEY_ED25519:
      return "Ed25519";
    case EVP_PKEY_ED448:
      return "Ed448";
    default: {
      const char* name = OBJ_nid2sn(EVP_PKEY_get_base_id(key));
      return name ? name : "unknown key type";
    }
  }
}

bool envoy_accepts_server_key(const EVP_PKEY* key, std::string* why) {
  auto fail = [why](std::string text) {
    if (why)
      *why = std::move(text);
    return false;
  };
  if (!key)
    return fail("no key");
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      if (EVP_PKEY_get_bits(key) < 2048)
        return fail(
            "only RSA certificates with 2048-bit or larger keys are supported (this one "
            "is " +
            key_description(key) + ")");
      return true;
    case EVP_PKEY_EC: {
      std::string curve = curve_name(key);
      if (curve != "prime256v1" && curve != "secp384r1" && curve != "secp521r1")
        return fail("only P-256, P-384 or P-521 ECDSA certificates are supported (this one is " +
                    key_description(key) + ")");
      return true;
    }
    default:
      // Envoy's non-FIPS build loads other key types; BoringSSL then decides what it can sign.
      return true;
  }
}

}  // namespace igw::tls
