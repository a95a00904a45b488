// Reads PEM certificate bundles with OpenSSL; see certificate_info.h.
#include "lib/check/igw/certificate_info.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <ctime>
#include <memory>

namespace igw::check::igw_facts {

namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};

bool to_seconds(const ASN1_TIME* t, int64_t& out) {
  struct tm tm {};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
    return false;
  out = static_cast<int64_t>(timegm(&tm));
  return true;
}

std::string subject_of(X509* x) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), X509_get_subject_name(x), 0, XN_FLAG_RFC2253) < 0)
    return {};
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<size_t>(len)) : std::string();
}

}  // namespace

std::vector<CertificateInfo> read_pem_certificates(std::string_view pem) {
  std::vector<CertificateInfo> out;
  if (pem.empty() || pem.size() > static_cast<size_t>(INT32_MAX))
    return out;
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio)
    return out;
  for (;;) {
    std::unique_ptr<X509, X509Free> x(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!x)
      break;
    CertificateInfo info;
    info.subject = subject_of(x.get());
    if (!to_seconds(X509_get0_notBefore(x.get()), info.not_before) ||
        !to_seconds(X509_get0_notAfter(x.get()), info.not_after)) {
      break;
    }
    out.push_back(std::move(info));
  }
  // PEM_read_bio_X509 leaves "no start line" on the error queue at the end of the bundle; it
  // must not leak into the next OpenSSL user on this thread.
  ERR_clear_error();
  return out;
}

std::string format_utc(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

}  // namespace igw::check::igw_facts
