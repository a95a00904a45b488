// Facts about certificates and keys that logs, metrics and checks need: validity, names,
// fingerprints, key type — and whether Envoy would load the key at all.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace igw::tls {

using Sha256 = std::array<uint8_t, 32>;

int64_t not_before_unix(const X509* cert);  // seconds since the epoch
int64_t not_after_unix(const X509* cert);
// "2026-03-01T12:00:00Z".
std::string format_utc(int64_t unix_seconds);

// The subject in RFC 2253 form ("CN=www.example.com,O=Example").
std::string subject_text(const X509* cert);
// DNS subjectAltNames, as written in the certificate.
std::vector<std::string> dns_names(const X509* cert);

// The SHA-256 of the DER certificate (verifyCertificateHash) and of its DER
// SubjectPublicKeyInfo (verifyCertificateSpki).
Sha256 certificate_sha256(X509* cert);
std::optional<Sha256> spki_sha256(X509* cert);

// "ECDSA P-256", "RSA 2048", "Ed25519", …
std::string key_description(const EVP_PKEY* key);

// Envoy's ContextImpl accepts only ECDSA keys on P-256, P-384 or P-521 and RSA keys of at
// least 2048 bits for server certificates (envoy:source/common/tls/context_impl.cc); `why` says
// what is wrong otherwise.
bool envoy_accepts_server_key(const EVP_PKEY* key, std::string* why);

}  // namespace igw::tls
