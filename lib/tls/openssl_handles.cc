// Shared ownership and error text for the OpenSSL handles of openssl_handles.h.
#include "lib/tls/openssl_handles.h"

#include <openssl/err.h>

namespace igw::tls {

X509Ptr share(X509* p) {
  if (p)
    X509_up_ref(p);
  return X509Ptr(p);
}

EvpPkeyPtr share(EVP_PKEY* p) {
  if (p)
    EVP_PKEY_up_ref(p);
  return EvpPkeyPtr(p);
}

X509CrlPtr share(X509_CRL* p) {
  if (p)
    X509_CRL_up_ref(p);
  return X509CrlPtr(p);
}

std::string take_openssl_errors() {
  std::string out;
  while (unsigned long err = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(err, buf, sizeof(buf));
    if (!out.empty())
      out += "; ";
    out += buf;
  }
  return out;
}

}  // namespace igw::tls
