// Owning handles for OpenSSL objects (std::unique_ptr with deleters) and OpenSSL error text.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>

namespace igw::tls {

namespace detail {
struct SslCtxFree {
  void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
};
struct SslFree {
  void operator()(SSL* p) const { SSL_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct X509CrlFree {
  void operator()(X509_CRL* p) const { X509_CRL_free(p); }
};
struct EvpPkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free_all(p); }
};
struct GeneralNamesFree {
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
};
struct X509NameStackFree {
  void operator()(STACK_OF(X509_NAME) * p) const { sk_X509_NAME_pop_free(p, X509_NAME_free); }
};
struct EvpPkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct X509ExtensionFree {
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
struct OpenSslFree {
  void operator()(void* p) const { OPENSSL_free(p); }
};
}  // namespace detail

using SslCtxPtr = std::unique_ptr<SSL_CTX, detail::SslCtxFree>;
using SslPtr = std::unique_ptr<SSL, detail::SslFree>;
using X509Ptr = std::unique_ptr<X509, detail::X509Free>;
using X509CrlPtr = std::unique_ptr<X509_CRL, detail::X509CrlFree>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, detail::EvpPkeyFree>;
using BioPtr = std::unique_ptr<BIO, detail::BioFree>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, detail::GeneralNamesFree>;
using X509NameStackPtr = std::unique_ptr<STACK_OF(X509_NAME), detail::X509NameStackFree>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, detail::EvpPkeyCtxFree>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, detail::X509ExtensionFree>;

// A second owner of `p` (reference count raised).
X509Ptr share(X509* p);
EvpPkeyPtr share(EVP_PKEY* p);
X509CrlPtr share(X509_CRL* p);

// Drains this thread's OpenSSL error queue into one line ("" when empty), so a failure leaves
// nothing behind for the next, unrelated call to misreport.
std::string take_openssl_errors();

}  // namespace igw::tls
