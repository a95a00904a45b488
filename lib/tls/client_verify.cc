// Client-certificate validation; see client_verify.h.
#include "lib/tls/client_verify.h"

#include "lib/base/base64.h"
#include "lib/base/strings.h"
#include "lib/tls/openssl_handles.h"
#include "lib/tls/ssl_state.h"

#include <arpa/inet.h>
#include <openssl/x509_vfy.h>

#include <algorithm>

namespace igw::tls {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// Utility::labelWildcardMatch.
bool label_wildcard_match(std::string_view label, std::string_view pattern) {
  if (pattern == "*")
    return true;
  if (std::count(pattern.begin(), pattern.end(), '*') != 1)
    return false;
  size_t star = pattern.find('*');
  std::string_view before = pattern.substr(0, star);
  std::string_view after = pattern.substr(star + 1);
  return pattern.size() <= label.size() + 1 && label.starts_with(before) && label.ends_with(after);
}

std::string asn1_text(const ASN1_STRING* s) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<size_t>(ASN1_STRING_length(s)));
}

// Utility::generalNameAsString for the four types match_subject_alt_names expands to.
std::string general_name_text(const GENERAL_NAME* n) {
  switch (n->type) {
    case GEN_DNS:
      return asn1_text(n->d.dNSName);
    case GEN_URI:
      return asn1_text(n->d.uniformResourceIdentifier);
    case GEN_EMAIL:
      return asn1_text(n->d.rfc822Name);
    case GEN_IPADD: {
      char buf[INET6_ADDRSTRLEN] = {0};
      const ASN1_OCTET_STRING* ip = n->d.iPAddress;
      if (ip->length == 4)
        inet_ntop(AF_INET, ip->data, buf, sizeof(buf));
      else if (ip->length == 16)
        inet_ntop(AF_INET6, ip->data, buf, sizeof(buf));
      return buf;
    }
    default:
      return {};
  }
}

}  // namespace

base::Result<Sha256> parse_certificate_hash(std::string_view text) {
  std::string hex(text);
  if (hex.size() == 95)
    hex.erase(std::remove(hex.begin(), hex.end(), ':'), hex.end());
  Sha256 out{};
  bool ok = hex.size() == 2 * out.size();
  for (size_t i = 0; ok && i < out.size(); ++i) {
    int hi = hex_value(hex[2 * i]);
    int lo = hex_value(hex[2 * i + 1]);
    ok = hi >= 0 && lo >= 0;
    out[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  if (!ok)
    return base::make_error("Invalid hex-encoded SHA-256 " + std::string(text));
  return out;
}

base::Result<Sha256> parse_spki_hash(std::string_view text) {
  auto decoded = base::base64_decode(text);
  Sha256 out{};
  if (!decoded || decoded->size() != out.size())
    return base::make_error("Invalid base64-encoded SHA-256 " + std::string(text));
  std::copy(decoded->begin(), decoded->end(), out.begin());
  return out;
}

bool dns_name_match(std::string_view name_in, std::string_view pattern_in) {
  const std::string name = base::to_lower(name_in);
  const std::string pattern = base::to_lower(pattern_in);
  if (name == pattern)
    return true;
  size_t pdot = pattern.find('.');
  size_t ndot = name.find('.');
  if (pdot == std::string::npos || ndot == std::string::npos)
    return false;
  std::string_view p0 = std::string_view(pattern).substr(0, pdot);
  std::string_view p1 = std::string_view(pattern).substr(pdot + 1);
  std::string_view n0 = std::string_view(name).substr(0, ndot);
  std::string_view n1 = std::string_view(name).substr(ndot + 1);
  if (p0.find('*') != std::string_view::npos && p1.find('*') == std::string_view::npos &&
      !p0.starts_with("xn--")) {
    return n1 == p1 && label_wildcard_match(n0, p0);
  }
  return false;
}

bool subject_alt_name_matches(X509* cert, const std::vector<std::string>& names) {
  GeneralNamesPtr sans(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!sans)
    return false;
  for (const auto& want : names) {
    for (int i = 0; i < sk_GENERAL_NAME_num(sans.get()); ++i) {
      const GENERAL_NAME* n = sk_GENERAL_NAME_value(sans.get(), i);
      if (n->type != GEN_DNS && n->type != GEN_URI && n->type != GEN_EMAIL && n->type != GEN_IPADD)
        continue;
      std::string have = general_name_text(n);
      if (n->type == GEN_DNS ? dns_name_match(want, have) : want == have)
        return true;
    }
  }
  return false;
}

PinResult check_pins(X509* leaf, const ClientValidation& v, const char** why) {
  PinResult result = PinResult::kNotValidated;
  if (!v.subject_alt_names.empty()) {
    if (!subject_alt_name_matches(leaf, v.subject_alt_names)) {
      *why = "client certificate matches none of the subjectAltNames";
      return PinResult::kFailed;
    }
    result = PinResult::kValidated;
  }
  if (!v.certificate_hashes.empty() || !v.spki_hashes.empty()) {
    bool hash_ok = false;
    if (!v.certificate_hashes.empty()) {
      Sha256 h = certificate_sha256(leaf);
      hash_ok = std::find(v.certificate_hashes.begin(), v.certificate_hashes.end(), h) !=
                v.certificate_hashes.end();
    }
    bool spki_ok = false;
    if (!v.spki_hashes.empty()) {
      if (auto h = spki_sha256(leaf)) {
        spki_ok = std::find(v.spki_hashes.begin(), v.spki_hashes.end(), *h) != v.spki_hashes.end();
      }
    }
    if (!hash_ok && !spki_ok) {
      *why = "client certificate matches neither verifyCertificateHash nor verifyCertificateSpki";
      return PinResult::kFailed;
    }
    result = PinResult::kValidated;
  }
  return result;
}

int verify_client_certificate(X509_STORE_CTX* store, void* arg) {
  const auto* v = static_cast<const ClientValidation*>(arg);
  SSL* ssl =
      static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  if (!leaf) {
    detail::set_refusal(ssl, "no client certificate");
    return 0;
  }
  if (v->verify_trusted_ca && X509_verify_cert(store) != 1) {
    detail::set_refusal(ssl, X509_verify_cert_error_string(X509_STORE_CTX_get_error(store)));
    return 0;
  }
  const char* why = "client certificate not validated";
  PinResult pins = check_pins(leaf, *v, &why);
  // With a trusted CA the chain already passed and pins only need not fail; without one, the
  // pins are all there is and must have matched (verifyCertAndUpdateStatus).
  bool ok = v->verify_trusted_ca ? pins != PinResult::kFailed : pins == PinResult::kValidated;
  if (!ok) {
    X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
    detail::set_refusal(ssl, why);
    return 0;
  }
  return 1;
}

}  // namespace igw::tls
