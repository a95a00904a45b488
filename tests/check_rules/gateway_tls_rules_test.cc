// validateTLSOptions: versions, cipher suites, ISTIO_MUTUAL, passthrough, certificate sources,
// SIMPLE/MUTUAL requirements and CRLs.
#include "tests/check_rules/rule_case.h"

namespace igw::check::rules::testing {
namespace {

// An HTTPS server whose tls block is `tls` (written from line 10, column 5).
std::string https(std::string_view tls) {
  return gateway(std::string(R"(  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["a.example.com"]
)") + std::string(tls));
}

std::vector<RuleCase> tls_cases() {
  return {
      {"SimpleWithCredentialName", https("    tls: {mode: SIMPLE, credentialName: cert}\n"), {}},
      {"OldTlsWithoutCiphers",
       https("    tls: {mode: SIMPLE, credentialName: cert, minProtocolVersion: TLSV1_1}\n"),
       {"IST0133 10:67 Schema validation warning: TLS version below TLSV1_2 require setting "
        "compatible ciphers as by default they no longer include compatible ciphers."}},
      {"OldTlsWithCiphers",
       https(R"(    tls:
      mode: SIMPLE
      credentialName: cert
      minProtocolVersion: TLSV1_0
      cipherSuites: [ECDHE-RSA-AES128-SHA]
)"),
       {}},
      {"InvalidAndDuplicateCiphers",
       https(R"(    tls:
      mode: SIMPLE
      credentialName: cert
      cipherSuites:
      - ECDHE-RSA-AES256-GCM-SHA384
      - TLS_AES_128_GCM_SHA256
      - ECDHE-RSA-AES256-GCM-SHA384
      - BOGUS
      - "-3DES"
      - ALL
)"),
       {"IST0133 15:9 Schema validation warning: ignoring invalid cipher suites: [BOGUS "
        "TLS_AES_128_GCM_SHA256]",
        "IST0133 16:9 Schema validation warning: ignoring duplicate cipher suites: "
        "[ECDHE-RSA-AES256-GCM-SHA384]"}},
      {"IstioMutualWithCertificates",
       https(R"(    tls:
      mode: ISTIO_MUTUAL
      serverCertificate: /etc/certs/cert.pem
      privateKey: /etc/certs/key.pem
      caCertificates: /etc/certs/ca.pem
      credentialName: cert
)"),
       {"IST0106 12:26 Schema validation error: ISTIO_MUTUAL TLS cannot have associated server "
        "certificate",
        "IST0106 13:19 Schema validation error: ISTIO_MUTUAL TLS cannot have associated private "
        "key",
        "IST0106 14:23 Schema validation error: ISTIO_MUTUAL TLS cannot have associated CA "
        "bundle",
        "IST0106 15:23 Schema validation error: ISTIO_MUTUAL TLS cannot have associated "
        "credentialName"}},
      {"IstioMutualWithCredentialNames",
       https(R"(    tls:
      mode: ISTIO_MUTUAL
      credentialNames: [a, b]
      tlsCertificates: [{serverCertificate: c, privateKey: k}]
)"),
       {"IST0106 13:7 Schema validation error: ISTIO_MUTUAL TLS cannot have associated "
        "tlsCertificates",
        "IST0106 12:7 Schema validation error: ISTIO_MUTUAL TLS cannot have associated "
        "credentialNames"}},
      {"PassthroughWithCredential",
       https("    tls: {mode: PASSTHROUGH, credentialName: cert}\n"),
       {"IST0133 10:17 Schema validation warning: PASSTHROUGH mode does not use certificates, "
        "they will be ignored"}},
      {"AutoPassthroughWithCrlAndCredential",
       gateway(R"(  - port: {number: 15443, name: tls, protocol: TLS}
    hosts: ["*.local"]
    tls: {mode: AUTO_PASSTHROUGH, credentialName: cert, caCrl: /etc/crl.pem}
)"),
       {"IST0106 10:64 Schema validation error: CRL is not supported with credentialName. CRL "
        "has to be specified in the credential",
        "IST0133 10:17 Schema validation warning: AUTO_PASSTHROUGH mode does not use "
        "certificates, they will be ignored"}},
      {"TwoCertificateSources",
       https(R"(    tls:
      mode: SIMPLE
      credentialName: cert
      serverCertificate: /etc/certs/cert.pem
      privateKey: /etc/certs/key.pem
)"),
       {"IST0106 10:5 Schema validation error: only one of credential_name, credential_names, "
        "server_certificate/private_key, tls_certificates should be specified"}},
      {"SimpleWithoutCertificates",
       https("    tls: {mode: SIMPLE}\n"),
       {"IST0106 10:17 Schema validation error: SIMPLE TLS requires a server certificate",
        "IST0106 10:17 Schema validation error: SIMPLE TLS requires a private key"}},
      {"SimpleWithFiles",
       https(R"(    tls:
      mode: SIMPLE
      serverCertificate: /etc/certs/cert.pem
      privateKey: /etc/certs/key.pem
)"),
       {}},
      {"MutualWithoutCa",
       https(R"(    tls:
      mode: MUTUAL
      serverCertificate: /etc/certs/cert.pem
      privateKey: /etc/certs/key.pem
)"),
       {"IST0106 11:13 Schema validation error: MUTUAL TLS requires a client CA bundle"}},
      {"OptionalMutualWithCredential",
       https("    tls: {mode: OPTIONAL_MUTUAL, credentialName: cert}\n"),
       {}},
      {"TooManyTlsCertificates",
       https(R"(    tls:
      mode: SIMPLE
      tlsCertificates:
      - {serverCertificate: a.pem, privateKey: a.key}
      - {serverCertificate: b.pem}
      - {serverCertificate: c.pem, privateKey: c.key}
)"),
       {"IST0106 14:9 Schema validation error: SIMPLE TLS requires a private key",
        "IST0133 12:7 Schema validation warning: SIMPLE TLS can support up to 2 server "
        "certificates"}},
      {"CrlWithSimple",
       https(R"(    tls:
      mode: SIMPLE
      serverCertificate: /etc/certs/cert.pem
      privateKey: /etc/certs/key.pem
      caCrl: /etc/certs/crl.pem
)"),
       {"IST0106 14:14 Schema validation error: CRL is not supported with SIMPLE TLS"}},
      {"CrlWithMutual",
       https(R"(    tls:
      mode: MUTUAL
      serverCertificate: /etc/certs/cert.pem
      privateKey: /etc/certs/key.pem
      caCertificates: /etc/certs/ca.pem
      caCrl: /etc/certs/crl.pem
)"),
       {}},
  };
}

IGW_RULE_CASES(GatewayTlsRules, tls_cases);

}  // namespace
}  // namespace igw::check::rules::testing
