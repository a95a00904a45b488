// Downstream TLS contexts; see tls_context.h.
#include "lib/compile/tls_context.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace igw::compile::detail {

namespace {

// ValidCipherSuites (istio:pkg/config/security/security.go).
constexpr std::string_view kValidCiphers[] = {"ECDHE-ECDSA-AES128-GCM-SHA256",
                                              "ECDHE-RSA-AES128-GCM-SHA256",
                                              "ECDHE-ECDSA-AES256-GCM-SHA384",
                                              "ECDHE-RSA-AES256-GCM-SHA384",
                                              "ECDHE-ECDSA-CHACHA20-POLY1305",
                                              "ECDHE-RSA-CHACHA20-POLY1305",
                                              "ECDHE-ECDSA-AES128-SHA",
                                              "ECDHE-RSA-AES128-SHA",
                                              "ECDHE-ECDSA-AES256-SHA",
                                              "ECDHE-RSA-AES256-SHA",
                                              "AES128-GCM-SHA256",
                                              "AES256-GCM-SHA384",
                                              "AES128-SHA",
                                              "AES256-SHA",
                                              "DES-CBC3-SHA"};

bool valid_cipher(const std::string& cs) {
  if (cs.empty() || cs == "ALL")
    return true;
  if (!std::isalnum(static_cast<unsigned char>(cs[0])))
    return true;  // operators such as "-" or "+" are passed through unparsed
  return std::find(std::begin(kValidCiphers), std::end(kValidCiphers), cs) !=
         std::end(kValidCiphers);
}

std::vector<std::string> values(const std::vector<model::LString>& v) {
  std::vector<std::string> out;
  for (const auto& e : v)
    out.push_back(e.value);
  return out;
}

}  // namespace

std::vector<std::string> filter_cipher_suites(const std::vector<std::string>& suites,
                                              std::vector<std::string>* dropped) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& s : suites) {
    if (valid_cipher(s) && seen.insert(s).second)
      out.push_back(s);
    else if (dropped)
      dropped->push_back(s);
  }
  return out;
}

std::string envoy_tls_version(std::string_view v) {
  if (v == "TLSV1_0")
    return "TLSv1_0";
  if (v == "TLSV1_1")
    return "TLSv1_1";
  if (v == "TLSV1_2")
    return "TLSv1_2";
  if (v == "TLSV1_3")
    return "TLSv1_3";
  return "";
}

TlsContext build_tls_context(const model::ServerTlsSettings& tls, model::TlsMode mode) {
  TlsContext out;
  out.mode = mode;
  out.loc = tls.loc;
  out.credential_name = tls.credential_name.value;
  out.credential_names = values(tls.credential_names);
  out.ca_cert_credential_name = tls.ca_cert_credential_name.value;
  out.server_certificate = tls.server_certificate.value;
  out.private_key = tls.private_key.value;
  out.ca_certificates = tls.ca_certificates.value;
  out.ca_crl = tls.ca_crl.value;
  out.require_client_certificate =
      mode == model::TlsMode::kMutual || mode == model::TlsMode::kIstioMutual;
  out.validate_client_certificate =
      out.require_client_certificate || mode == model::TlsMode::kOptionalMutual;
  out.subject_alt_names = values(tls.subject_alt_names);
  out.verify_certificate_spki = values(tls.verify_certificate_spki);
  out.verify_certificate_hash = values(tls.verify_certificate_hash);
  if (auto v = envoy_tls_version(tls.min_protocol_version.value); !v.empty())
    out.min_protocol_version = v;
  if (auto v = envoy_tls_version(tls.max_protocol_version.value); !v.empty())
    out.max_protocol_version = v;
  out.cipher_suites = filter_cipher_suites(values(tls.cipher_suites), &out.dropped_cipher_suites);
  return out;
}

}  // namespace igw::compile::detail
