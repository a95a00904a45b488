// Envoy TLS parameters in OpenSSL terms; see tls_params.h.
#include "lib/tls/tls_params.h"

#include <openssl/ssl.h>

namespace igw::tls {

int protocol_version(std::string_view name) {
  if (name == "TLSv1_0")
    return TLS1_VERSION;
  if (name == "TLSv1_1")
    return TLS1_1_VERSION;
  if (name == "TLSv1_2")
    return TLS1_2_VERSION;
  if (name == "TLSv1_3")
    return TLS1_3_VERSION;
  return 0;
}

std::string version_text(int version) {
  switch (version) {
    case TLS1_VERSION:
      return "TLSv1.0";
    case TLS1_1_VERSION:
      return "TLSv1.1";
    case TLS1_2_VERSION:
      return "TLSv1.2";
    case TLS1_3_VERSION:
      return "TLSv1.3";
    default:
      return "unknown";
  }
}

std::string cipher_string(const std::vector<std::string>& suites, bool* equal_preference) {
  std::string joined;
  if (suites.empty()) {
    joined = kEnvoyDefaultCiphers;
  } else {
    for (const auto& s : suites)
      joined += (joined.empty() ? "" : ":") + s;
  }
  std::string out;
  bool grouped = false;
  for (char c : joined) {
    if (c == '[' || c == ']') {
      grouped = true;
      continue;
    }
    out += c == '|' ? ':' : c;
  }
  if (equal_preference)
    *equal_preference = grouped;
  return out;
}

}  // namespace igw::tls
