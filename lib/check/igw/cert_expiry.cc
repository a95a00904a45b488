// igw.CertExpiry: certificates of Gateway credentials that expire within the warning horizon
// (IGW0406; the seed guide's "Monitor certificate expiration"). Already expired or unreadable
// certificates are Istio's IST0161 and are left to it.
#include "lib/base/strings.h"
#include "lib/check/igw/certificate_info.h"
#include "lib/check/igw/family.h"
#include "lib/check/igw/gateway_facts.h"
#include "lib/check/igw/messages.h"

#include <fmt/format.h>

#include <string>
#include <vector>

namespace igw::check::igw_family {

namespace {

const model::Secret* find_secret(const Context& ctx, const igw_facts::CredentialIndex& index,
                                 const model::Gateway& gw, const std::string& name) {
  for (const std::string& ns : igw_facts::credential_namespaces(ctx, gw)) {
    if (const model::Secret* s = index.secret(ns, name))
      return s;
  }
  return nullptr;
}

std::string time_left(int64_t seconds) {
  constexpr int64_t kDay = 86400;
  if (seconds < kDay)
    return "in less than a day";
  int64_t days = seconds / kDay;
  return days == 1 ? "in 1 day" : fmt::format("in {} days", days);
}

void check_credential(Context& ctx, const igw_facts::CredentialIndex& index,
                      const model::Gateway& gw, const model::LString& credential) {
  const model::Secret* secret = find_secret(ctx, index, gw, credential.value);
  if (!secret)
    return;  // IST0101's business
  // Istio reads cert/key first, then tls.crt/tls.key (SEMANTICS R1.23).
  std::string key = "cert";
  const std::string* pem = secret->get(key);
  if (!pem || pem->empty()) {
    key = "tls.crt";
    pem = secret->get(key);
  }
  if (!pem)
    return;
  const int64_t now = ctx.now();
  const int64_t horizon = static_cast<int64_t>(ctx.options().cert_expiry_days) * 86400;
  for (const auto& cert : igw_facts::read_pem_certificates(*pem)) {
    if (cert.not_after <= now || cert.not_after - now > horizon)
      continue;
    ctx.report(igw_msg::kCertificateExpiresSoon,
               fmt::format("credentialName {}: certificate {} in Secret {}/{} (key {}) expires "
                           "on {}, {}.",
                           base::quote(credential.value), base::quote(cert.subject), secret->ns(),
                           secret->name(), key, igw_facts::format_utc(cert.not_after),
                           time_left(cert.not_after - now)),
               gw, credential.loc)
        .hint =
        "Renew the certificate and update the Secret; with cert-manager, check the Certificate's "
        "renewBefore and its issuer's status.";
  }
}

void run_cert_expiry_check(Context& ctx) {
  const igw_facts::CredentialIndex index(ctx.config());
  for (const auto& gw : ctx.config().gateways) {
    if (gw.rejected)
      continue;
    for (const auto& s : gw.servers) {
      if (!igw_facts::applies_tls_parameters(s))
        continue;
      if (s.tls->credential_name)
        check_credential(ctx, index, gw, s.tls->credential_name);
      for (const auto& c : s.tls->credential_names)
        check_credential(ctx, index, gw, c);
    }
  }
}

}  // namespace

Check cert_expiry_check() {
  return Check{
      .name = "igw.CertExpiry",
      .description = "Gateway credential certificates that expire within the warning horizon.",
      .messages = {&igw_msg::kCertificateExpiresSoon},
      .requires_kinds = {"Gateway", "Secret"},
      .run = &run_cert_expiry_check,
  };
}

}  // namespace igw::check::igw_family
