// validateTLSOptions for Gateway servers (istio/istio pkg/config/validation/validation.go) and
// security.IsValidCipherSuite (pkg/config/security/security.go).
#include "lib/base/strings.h"
#include "lib/check/rules/kinds.h"
#include "lib/check/rules/validators.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace igw::check::rules {

namespace {

constexpr std::string_view kServerTlsModes[] = {
    "PASSTHROUGH", "SIMPLE", "MUTUAL", "AUTO_PASSTHROUGH", "ISTIO_MUTUAL", "OPTIONAL_MUTUAL"};

// Go's unicode.IsLetter / IsNumber applied to rune(cs[0]): a byte read as a Latin-1 code point.
bool go_letter_or_number(unsigned char c) {
  if (base::is_ascii_alnum(static_cast<char>(c)))
    return true;
  if (c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xC0 && c != 0xD7 && c != 0xF7))
    return true;
  return c == 0xB2 || c == 0xB3 || c == 0xB9 || (c >= 0xBC && c <= 0xBE);
}

bool is_valid_cipher_suite(std::string_view cs) {
  static const std::set<std::string_view> kValid = {
      "ECDHE-ECDSA-AES128-GCM-SHA256",
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
      "DES-CBC3-SHA",
  };
  if (cs.empty() || cs == "ALL")
    return true;
  // Operators such as "-X", "+X", "!X" are passed through unparsed.
  if (!go_letter_or_number(static_cast<unsigned char>(cs[0])))
    return true;
  return kValid.count(cs) > 0;
}

void validate_cipher_suites(const model::ServerTlsSettings& tls, Findings& f) {
  std::set<std::string> invalid, valid, duplicate;
  base::SourceLoc invalid_loc, duplicate_loc;
  for (const auto& cs : tls.cipher_suites) {
    if (!is_valid_cipher_suite(cs.value)) {
      if (invalid.empty())
        invalid_loc = cs.loc;
      invalid.insert(cs.value);
    } else if (!valid.insert(cs.value).second) {
      if (duplicate.empty())
        duplicate_loc = cs.loc;
      duplicate.insert(cs.value);
    }
  }
  if (!invalid.empty()) {
    f.warning(fmt::format("ignoring invalid cipher suites: {}",
                          go_list({invalid.begin(), invalid.end()})),
              invalid_loc,
              "Envoy accepts BoringSSL names such as ECDHE-RSA-AES128-GCM-SHA256; TLS 1.3 "
              "suites are not configurable");
  }
  if (!duplicate.empty()) {
    f.warning(fmt::format("ignoring duplicate cipher suites: {}",
                          go_list({duplicate.begin(), duplicate.end()})),
              duplicate_loc, "list each cipher suite once");
  }
}

}  // namespace

std::optional<std::string> server_tls_mode(const model::ServerTlsSettings& tls) {
  if (!tls.mode)
    return std::string(kServerTlsModes[0]);
  for (std::string_view m : kServerTlsModes) {
    if (tls.mode.value == m)
      return std::string(m);
  }
  // proto-JSON also accepts an enum's number.
  if (auto n = base::parse_int(tls.mode.value); n && *n >= 0 && *n < 6)
    return std::string(kServerTlsModes[*n]);
  return std::nullopt;
}

void validate_server_tls(const model::ServerTlsSettings& tls, const View& server, Findings& f) {
  View view = server["tls"];
  std::optional<std::string> mode_name = server_tls_mode(tls);
  if (!mode_name)
    return;  // an unknown mode: check::schema reports it
  const std::string& mode = *mode_name;
  base::SourceLoc tls_loc = server.key_loc("tls");
  base::SourceLoc mode_loc = tls.mode.loc_or(tls_loc);

  const std::string& min_version = tls.min_protocol_version.value;
  if ((min_version == "TLSV1_0" || min_version == "TLSV1_1" || min_version == "1" ||
       min_version == "2") &&
      tls.cipher_suites.empty()) {
    f.warning(
        "TLS version below TLSV1_2 require setting compatible ciphers as by default they no "
        "longer include compatible ciphers.",
        tls.min_protocol_version.loc,
        "list cipherSuites that TLS 1.0/1.1 clients support, e.g. ECDHE-RSA-AES128-SHA");
  }
  validate_cipher_suites(tls, f);

  bool has_cert = !tls.server_certificate.value.empty();
  bool has_key = !tls.private_key.value.empty();
  bool has_ca = !tls.ca_certificates.value.empty();
  bool has_crl = !tls.ca_crl.value.empty();
  bool has_cred = !tls.credential_name.value.empty();
  bool has_creds = !tls.credential_names.empty();
  bool has_tls_certs = !tls.tls_certificates.empty();

  if (mode == "ISTIO_MUTUAL") {
    static constexpr std::string_view kHint =
        "ISTIO_MUTUAL uses the gateway's own mesh certificate; remove this field, or use mode "
        "MUTUAL";
    if (has_cert) {
      f.error("ISTIO_MUTUAL TLS cannot have associated server certificate",
              tls.server_certificate.loc, std::string(kHint));
    }
    if (has_key) {
      f.error("ISTIO_MUTUAL TLS cannot have associated private key", tls.private_key.loc,
              std::string(kHint));
    }
    if (has_ca) {
      f.error("ISTIO_MUTUAL TLS cannot have associated CA bundle", tls.ca_certificates.loc,
              std::string(kHint));
    }
    if (has_tls_certs) {
      f.error("ISTIO_MUTUAL TLS cannot have associated tlsCertificates",
              view.key_loc("tlsCertificates"), std::string(kHint));
    }
    if (has_cred) {
      f.error("ISTIO_MUTUAL TLS cannot have associated credentialName", tls.credential_name.loc,
              std::string(kHint));
    }
    if (has_creds) {
      f.error("ISTIO_MUTUAL TLS cannot have associated credentialNames",
              view.key_loc("credentialNames"), std::string(kHint));
    }
    return;
  }

  if (mode == "PASSTHROUGH" || mode == "AUTO_PASSTHROUGH") {
    if (has_crl || has_cert || has_key || has_ca || has_tls_certs || has_cred || has_creds) {
      f.warning(fmt::format("{} mode does not use certificates, they will be ignored", mode),
                mode_loc,
                "the backend terminates TLS in passthrough; remove the certificate fields or use "
                "mode SIMPLE to terminate at the gateway");
    }
  }

  int sources = (has_cert && has_key ? 1 : 0) + (has_cred ? 1 : 0) + (has_creds ? 1 : 0) +
                (has_tls_certs ? 1 : 0);
  if (sources > 1) {
    f.error(
        "only one of credential_name, credential_names, server_certificate/private_key, "
        "tls_certificates should be specified",
        tls_loc, "keep a single certificate source (credentialName is the usual one)");
  }

  bool terminating = mode == "SIMPLE" || mode == "MUTUAL" || mode == "OPTIONAL_MUTUAL";
  if (terminating && (has_cred || has_creds))
    return;  // the secret provides certificate, key and CA

  if (terminating) {
    std::string prefix = mode == "SIMPLE" ? "SIMPLE TLS" : "MUTUAL TLS";
    if (mode != "SIMPLE" && !has_ca) {
      f.error(fmt::format("{} requires a client CA bundle", prefix), mode_loc,
              "set caCertificates, or use credentialName with a secret that holds ca.crt");
    }
    if (tls.tls_certificates.size() > 2) {
      f.warning(fmt::format("{} can support up to 2 server certificates", prefix),
                view.key_loc("tlsCertificates"), "use at most one RSA and one ECDSA certificate");
    }
    static constexpr std::string_view kCertHint =
        "set credentialName to a TLS secret, or both serverCertificate and privateKey";
    if (has_tls_certs) {
      for (const auto& c : tls.tls_certificates) {
        if (c.server_certificate.value.empty()) {
          f.error(fmt::format("{} requires a server certificate", prefix), c.loc,
                  std::string(kCertHint));
        }
        if (c.private_key.value.empty()) {
          f.error(fmt::format("{} requires a private key", prefix), c.loc, std::string(kCertHint));
        }
      }
    } else {
      if (!has_cert) {
        f.error(fmt::format("{} requires a server certificate", prefix), mode_loc,
                std::string(kCertHint));
      }
      if (!has_key) {
        f.error(fmt::format("{} requires a private key", prefix), mode_loc, std::string(kCertHint));
      }
    }
  }
  if (has_crl) {
    if (has_cred) {
      f.error(
          "CRL is not supported with credentialName. CRL has to be specified in the "
          "credential",
          tls.ca_crl.loc, "put the CRL in the secret as ca.crl and remove caCrl");
    }
    if (mode == "SIMPLE") {
      f.error("CRL is not supported with SIMPLE TLS", tls.ca_crl.loc,
              "CRLs check client certificates: use mode MUTUAL, or remove caCrl");
    }
  }
}

}  // namespace igw::check::rules
