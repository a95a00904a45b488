#include "lib/check/analyzers/gateway_credential.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <ctime>
#include <memory>

namespace igw::check::analyzers {

namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct OpenSslFree {
  void operator()(void* p) const { OPENSSL_free(p); }
};

bool has_value(const model::Secret& s, std::string_view key) {
  for (const auto& e : s.entries) {
    if (e.key.value == key)
      return e.valid && !e.data.empty();
  }
  return false;
}

bool valid_at(const X509* cert, int64_t now) {
  time_t t = static_cast<time_t>(now);
  // Go: invalid when now.After(NotAfter) or now.Before(NotBefore); the bounds themselves are
  // valid instants.
  int after = ASN1_TIME_cmp_time_t(X509_get0_notAfter(cert), t);
  int before = ASN1_TIME_cmp_time_t(X509_get0_notBefore(cert), t);
  if (after == -2 || before == -2)
    return false;
  return after >= 0 && before <= 0;
}

}  // namespace

const std::string* server_certificate_of(const model::Secret& secret) {
  if (has_value(secret, "cert") && has_value(secret, "key"))
    return secret.get("cert");
  if (has_value(secret, "tls.crt") && has_value(secret, "tls.key"))
    return secret.get("tls.crt");
  return nullptr;
}

bool certificate_chain_valid(const std::string& pem, int64_t now) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio)
    return false;
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* data = nullptr;
  long len = 0;
  int ok = PEM_read_bio(bio.get(), &name, &header, &data, &len);
  std::unique_ptr<char, OpenSslFree> name_owner(name);
  std::unique_ptr<char, OpenSslFree> header_owner(header);
  std::unique_ptr<unsigned char, OpenSslFree> data_owner(data);
  // Leave no error behind on this thread's queue: a bad credential is a finding, not a failure.
  ERR_clear_error();
  if (ok != 1)
    return false;
  // x509.ParseCertificates: the block holds zero or more concatenated DER certificates.
  const unsigned char* p = data;
  const unsigned char* end = data + len;
  while (p < end) {
    std::unique_ptr<X509, X509Free> cert(d2i_X509(nullptr, &p, end - p));
    if (!cert) {
      ERR_clear_error();
      return false;
    }
    if (!valid_at(cert.get(), now))
      return false;
  }
  return true;
}

bool gateway_credential_valid(const model::Secret& secret, int64_t now) {
  const std::string* cert = server_certificate_of(secret);
  return cert && certificate_chain_valid(*cert, now);
}

}  // namespace igw::check::analyzers
