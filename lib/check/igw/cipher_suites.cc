// igw.CipherSuites: cipher suites Istio silently drops (IGW0202) and weak ones it keeps
// (IGW0402).
#include "lib/base/strings.h"
#include "lib/check/igw/family.h"
#include "lib/check/igw/gateway_facts.h"
#include "lib/check/igw/messages.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igw::check::igw_family {

namespace {

// Every name Istio accepts in Gateway tls.cipherSuites (istio pkg/config/security/security.go,
// ValidCipherSuites: BoringSSL's non-PSK suites), with its IANA name and, for weak ones, why.
struct Suite {
  std::string_view openssl;
  std::string_view iana;
  std::string_view weakness;  // empty when the suite is fine
};
constexpr std::string_view kCbcSha1 = "CBC mode with a SHA-1 MAC";
constexpr std::string_view kRsaKex = "RSA key exchange without forward secrecy";
constexpr std::string_view kRsaKexCbcSha1 =
    "RSA key exchange without forward secrecy, CBC mode with a SHA-1 MAC";
constexpr Suite kSuites[] = {
    {"ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", ""},
    {"ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", ""},
    {"ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", ""},
    {"ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", ""},
    {"ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", ""},
    {"ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", ""},
    {"ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", kCbcSha1},
    {"ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", kCbcSha1},
    {"ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", kCbcSha1},
    {"ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", kCbcSha1},
    {"AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", kRsaKex},
    {"AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", kRsaKex},
    {"AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", kRsaKexCbcSha1},
    {"AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", kRsaKexCbcSha1},
    {"DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
     "3DES with a 64-bit block (Sweet32), RSA key exchange without forward secrecy, SHA-1 MAC"},
};

// TLS 1.3 suites: BoringSSL always enables them and offers no way to configure them.
constexpr std::string_view kTls13Suites[] = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                                             "TLS_CHACHA20_POLY1305_SHA256"};

const Suite* find_suite(std::string_view name) {
  for (const auto& s : kSuites) {
    if (s.openssl == name)
      return &s;
  }
  return nullptr;
}

// Istio's IsValidCipherSuite: "", "ALL" and anything not starting with a letter or digit (an
// OpenSSL operator such as "-X", "!X" or "[A|B]") are passed to Envoy as written.
bool passed_through(std::string_view name) {
  return name.empty() || name == "ALL" || !std::isalnum(static_cast<unsigned char>(name[0]));
}

std::string unknown_hint(std::string_view name) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  for (std::string_view t : kTls13Suites) {
    if (upper == t) {
      return "TLS 1.3 suites cannot be configured: BoringSSL always enables "
             "TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384 and TLS_CHACHA20_POLY1305_SHA256 "
             "for TLS 1.3. Remove this entry.";
    }
  }
  for (const auto& s : kSuites) {
    if (upper == s.iana || upper == s.openssl) {
      return fmt::format("Istio expects OpenSSL names: write {}.", s.openssl);
    }
  }
  std::vector<std::string> names;
  for (const auto& s : kSuites) {
    if (s.weakness.empty())
      names.emplace_back(s.openssl);
  }
  if (auto best = base::closest_match(name, names))
    return fmt::format("Did you mean {}?", *best);
  return "Use OpenSSL names such as ECDHE-ECDSA-AES128-GCM-SHA256 or "
         "ECDHE-RSA-AES256-GCM-SHA384.";
}

void check_server_ciphers(Context& ctx, const model::Gateway& gw, const model::Server& s) {
  const auto& suites = s.tls->cipher_suites;
  if (suites.empty())
    return;
  const std::string server = igw_facts::describe_server(s);
  // Istio's FilterCipherSuites keeps the accepted ones; an empty result leaves Envoy's defaults.
  bool any_kept = std::any_of(suites.begin(), suites.end(), [](const model::LString& c) {
    return passed_through(c.value) || find_suite(c.value);
  });
  for (const auto& c : suites) {
    if (c.value == "ALL") {
      ctx.report(igw_msg::kWeakCipherSuite,
                 fmt::format("{}: cipher suite \"ALL\" enables every suite BoringSSL has, "
                             "including CBC/SHA-1, 3DES and RSA key exchange suites.",
                             server),
                 gw, c.loc)
          .hint = "List only ECDHE suites with AES-GCM or ChaCha20-Poly1305.";
      continue;
    }
    if (passed_through(c.value))
      continue;
    if (const Suite* known = find_suite(c.value)) {
      if (known->weakness.empty())
        continue;
      ctx.report(igw_msg::kWeakCipherSuite,
                 fmt::format("{}: cipher suite {} is weak: {}.", server, known->openssl,
                             known->weakness),
                 gw, c.loc)
          .hint = "Remove it; prefer ECDHE suites with AES-GCM or ChaCha20-Poly1305.";
      continue;
    }
    std::string msg = fmt::format(
        "{}: cipher suite {} is not one Istio accepts; Istio removes it from the "
        "listener without an error",
        server, base::quote(c.value));
    msg += any_kept ? "." : ", and as no listed suite is left the server uses Envoy's defaults.";
    ctx.report(igw_msg::kUnknownCipherSuite, std::move(msg), gw, c.loc).hint =
        unknown_hint(c.value);
  }
}

void run_cipher_suites_check(Context& ctx) {
  for (const auto& gw : ctx.config().gateways) {
    if (gw.rejected)
      continue;
    for (const auto& s : gw.servers) {
      if (igw_facts::applies_tls_parameters(s))
        check_server_ciphers(ctx, gw, s);
    }
  }
}

}  // namespace

Check cipher_suites_check() {
  return Check{
      .name = "igw.CipherSuites",
      .description =
          "Cipher suites Istio silently drops, and weak ones (CBC/SHA-1, 3DES, RSA key "
          "exchange).",
      .messages = {&igw_msg::kUnknownCipherSuite, &igw_msg::kWeakCipherSuite},
      .requires_kinds = {"Gateway"},
      .run = &run_cipher_suites_check,
  };
}

}  // namespace igw::check::igw_family
