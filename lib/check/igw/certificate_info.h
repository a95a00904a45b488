// What the checks need to know about the X.509 certificates in a PEM bundle (read with OpenSSL).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace igw::check::igw_facts {

struct CertificateInfo {
  std::string subject;     // RFC 2253 form, e.g. "CN=app.example.com,O=Example"
  int64_t not_before = 0;  // seconds since the epoch
  int64_t not_after = 0;   // seconds since the epoch
};

// Every certificate of a PEM bundle, in order. Reading stops at the first block that is not a
// parseable certificate (Istio's IST0161 reports such Secrets), so the result may be short.
std::vector<CertificateInfo> read_pem_certificates(std::string_view pem);

// "2026-09-01 12:00:00 UTC".
std::string format_utc(int64_t seconds);

}  // namespace igw::check::igw_facts
