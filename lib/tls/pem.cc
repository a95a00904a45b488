// PEM parsing and encoding with OpenSSL's PEM readers; see pem.h.
#include "lib/tls/pem.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <cctype>
#include <limits>

namespace igw::tls {

namespace {

BioPtr read_bio(std::string_view pem) {
  if (pem.size() > static_cast<size_t>(std::numeric_limits<int>::max()))
    return nullptr;
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// After a PEM read loop stopped: true when it stopped because no further block exists (the only
// clean end), clearing that expected error.
bool clean_end() {
  unsigned long err = ERR_peek_last_error();
  if (ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE) {
    ERR_clear_error();
    return true;
  }
  return false;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return len > 0 ? std::string(data, static_cast<size_t>(len)) : std::string();
}

}  // namespace

base::Result<std::vector<X509Ptr>> parse_certificates(std::string_view pem) {
  BioPtr bio = read_bio(pem);
  if (!bio)
    return base::make_error("cannot read the certificate data");
  std::vector<X509Ptr> out;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
    out.emplace_back(cert);
  if (!clean_end()) {
    std::string why = take_openssl_errors();
    return base::make_error("not a PEM certificate chain" + (why.empty() ? "" : " (" + why + ")"));
  }
  if (out.empty())
    return base::make_error("no PEM CERTIFICATE block found");
  return out;
}

base::Result<EvpPkeyPtr> parse_private_key(std::string_view pem) {
  BioPtr bio = read_bio(pem);
  if (!bio)
    return base::make_error("cannot read the private key data");
  // A callback that supplies no password makes an encrypted key fail instead of prompting.
  auto no_password = [](char*, int, int, void*) -> int { return 0; };
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr));
  if (!key) {
    std::string why = take_openssl_errors();
    return base::make_error("not a PEM private key (PKCS#8, RSA or EC; unencrypted)" +
                            (why.empty() ? "" : " (" + why + ")"));
  }
  return key;
}

base::Result<CaContents> parse_ca_bundle(std::string_view pem) {
  BioPtr bio = read_bio(pem);
  if (!bio)
    return base::make_error("cannot read the CA data");
  STACK_OF(X509_INFO)* infos = PEM_X509_INFO_read_bio(bio.get(), nullptr, nullptr, nullptr);
  if (!infos) {
    std::string why = take_openssl_errors();
    return base::make_error("not a PEM CA bundle" + (why.empty() ? "" : " (" + why + ")"));
  }
  CaContents out;
  for (int i = 0; i < sk_X509_INFO_num(infos); ++i) {
    X509_INFO* info = sk_X509_INFO_value(infos, i);
    if (info->x509)
      out.certs.push_back(share(info->x509));
    if (info->crl)
      out.crls.push_back(share(info->crl));
  }
  sk_X509_INFO_pop_free(infos, X509_INFO_free);
  ERR_clear_error();
  if (out.certs.empty())
    return base::make_error("no PEM CERTIFICATE block found in the CA bundle");
  return out;
}

base::Result<std::vector<X509CrlPtr>> parse_crls(std::string_view pem) {
  BioPtr bio = read_bio(pem);
  if (!bio)
    return base::make_error("cannot read the CRL data");
  std::vector<X509CrlPtr> out;
  while (X509_CRL* crl = PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr))
    out.emplace_back(crl);
  if (!clean_end()) {
    std::string why = take_openssl_errors();
    return base::make_error("not a PEM CRL" + (why.empty() ? "" : " (" + why + ")"));
  }
  if (out.empty())
    return base::make_error("no PEM X509 CRL block found");
  return out;
}

std::string to_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1)
    return {};
  return bio_text(bio.get());
}

std::string to_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return {};
  return bio_text(bio.get());
}

}  // namespace igw::tls
