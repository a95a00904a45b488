// Client-certificate validation as Envoy's DefaultCertValidator does it
// (envoy:source/common/tls/cert_validator/default_validator.cc, san_matcher.cc): chain
// verification against the trusted CA, then subjectAltName, certificate-hash and SPKI pins.
#pragma once

#include "lib/base/result.h"
#include "lib/tls/x509_facts.h"

#include <openssl/ssl.h>

#include <string>
#include <string_view>
#include <vector>

namespace igw::tls {

struct ClientValidation {
  bool verify_trusted_ca = false;  // a CA bundle is installed in the context's store
  // Istio's `subjectAltNames` become exact StringMatchers in the deprecated
  // match_subject_alt_names, which Envoy expands to one matcher per SAN type (DNS, URI, email,
  // IP); a DNS SAN of the certificate may be a wildcard pattern.
  std::vector<std::string> subject_alt_names;
  std::vector<Sha256> certificate_hashes;  // verifyCertificateHash
  std::vector<Sha256> spki_hashes;         // verifyCertificateSpki
  // SSL_VERIFY_* for the chain: PEER when a CA is installed, PEER|FAIL_IF_NO_PEER_CERT when
  // any pin is configured (Envoy's verify_mode_validation_context) or a certificate is required.
  int verify_mode = SSL_VERIFY_NONE;

  bool has_pins() const {
    return !subject_alt_names.empty() || !certificate_hashes.empty() || !spki_hashes.empty();
  }
};

// verifyCertificateHash: hex SHA-256 (either case); the 95-character colon-separated
// fingerprint form has its colons removed first. Envoy rejects the listener otherwise.
base::Result<Sha256> parse_certificate_hash(std::string_view text);
// verifyCertificateSpki: base64 SHA-256 of the DER SubjectPublicKeyInfo.
base::Result<Sha256> parse_spki_hash(std::string_view text);

// Envoy's Utility::dnsNameMatch: `name` (configured) against `pattern` (a DNS SAN of the
// certificate), case-insensitive; the pattern's left-most label may hold one '*' (not in an
// A-label), matching within that label only.
bool dns_name_match(std::string_view name, std::string_view pattern);

// Whether some subjectAltName of `cert` matches some configured value (DNS by dns_name_match;
// URI, email and IP — in Envoy's text form — exactly).
bool subject_alt_name_matches(X509* cert, const std::vector<std::string>& names);

enum class PinResult { kNotValidated, kValidated, kFailed };
// Envoy's DefaultCertValidator::verifyCertificate on the leaf: SAN pins, then hash/SPKI pins
// (either list may match). `why` gets a static description of a failure.
PinResult check_pins(X509* leaf, const ClientValidation& v, const char** why);

// For SSL_CTX_set_cert_verify_callback with `arg` = the chain's const ClientValidation*:
// verifies the chain against the store when a CA is installed, then the pins. A refusal is
// recorded on the SSL (see ssl_state.h).
int verify_client_certificate(X509_STORE_CTX* store, void* arg);

}  // namespace igw::tls
