// igw.CertManagerCoverage: a cert-manager Certificate writing a Gateway server's credential
// Secret whose dnsNames do not cover one of the server's hosts (IGW0301).
#include "lib/base/strings.h"
#include "lib/check/igw/family.h"
#include "lib/check/igw/gateway_facts.h"
#include "lib/check/igw/messages.h"
#include "lib/model/host_name.h"

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

namespace igw::check::igw_family {

namespace {

// RFC 6125 6.4.3 as TLS clients apply it: a certificate name "*.example.com" covers exactly one
// extra label ("a.example.com"), never "example.com" nor "a.b.example.com". An Istio server host
// "*.example.com" is covered only by the same wildcard.
bool cert_name_covers(std::string_view cert_name, std::string_view host) {
  std::string c = base::to_lower(cert_name);
  std::string h = base::to_lower(host);
  if (c == h)
    return true;
  if (!c.starts_with("*.") || h.starts_with("*"))
    return false;
  std::string_view suffix = std::string_view(c).substr(1);  // ".example.com"
  if (!h.ends_with(suffix) || h.size() == suffix.size())
    return false;
  std::string_view label = std::string_view(h).substr(0, h.size() - suffix.size());
  return label.find('.') == std::string_view::npos;
}

// Why the wildcard names of `cert` miss `host` although an Istio-style match would hold.
std::string wildcard_note(const model::Certificate& cert, std::string_view host) {
  for (const auto& d : cert.dns_names) {
    if (!model::is_wildcard_host(d.value))
      continue;
    std::string_view suffix = std::string_view(d.value).substr(1);  // ".example.com"
    if (host == suffix.substr(1))
      return fmt::format(" (a certificate wildcard {} does not cover the bare domain {})",
                         base::quote(d.value), base::quote(host));
    if (host.ends_with(suffix) && !model::is_wildcard_host(host))
      return fmt::format(
          " (a certificate wildcard {} covers exactly one label, unlike an Istio "
          "host wildcard, so not {})",
          base::quote(d.value), base::quote(host));
    if (model::is_wildcard_host(host) && model::host_subset_of(host, d.value))
      return fmt::format(
          " (the certificate wildcard {} covers one label only, while the server "
          "host {} admits names of any depth)",
          base::quote(d.value), base::quote(host));
  }
  return "";
}

// The Certificates that write `secret` into the namespace Istio reads it from for `gw`: the first
// of credential_namespaces that has a Secret or a Certificate of that name decides.
std::vector<const model::Certificate*> certificates_for(const Context& ctx,
                                                        const igw_facts::CredentialIndex& index,
                                                        const model::Gateway& gw,
                                                        const std::string& secret) {
  std::vector<const model::Certificate*> out;
  for (const std::string& ns : igw_facts::credential_namespaces(ctx, gw)) {
    bool has_secret = index.secret(ns, secret) != nullptr;
    const auto& certs = index.certificates(ns, secret);
    out.insert(out.end(), certs.begin(), certs.end());
    if (has_secret || !out.empty())
      break;
  }
  return out;
}

void check_server(Context& ctx, const igw_facts::CredentialIndex& index, const model::Gateway& gw,
                  const model::Server& s, const model::LString& credential) {
  for (const model::Certificate* cert : certificates_for(ctx, index, gw, credential.value)) {
    std::vector<std::string> names;
    for (const auto& d : cert->dns_names)
      names.push_back(base::quote(d.value));
    for (const auto& h : igw_facts::server_hosts(s)) {
      // "*" admits any SNI; no certificate covers that, and a catch-all server is deliberate.
      if (h.host == "*" || model::is_ip_address(h.host))
        continue;
      bool covered = false;
      for (const auto& d : cert->dns_names)
        covered = covered || cert_name_covers(d.value, h.host);
      if (covered)
        continue;
      std::string msg = fmt::format(
          "{} host {} is not covered by Certificate {}/{}, which writes its credential Secret "
          "{} (dnsNames: {}){}; TLS clients will reject the certificate for this host.",
          igw_facts::describe_server(s), base::quote(h.host), cert->ns(), cert->name(),
          base::quote(credential.value), names.empty() ? "none" : base::join(names, ", "),
          wildcard_note(*cert, h.host));
      if (cert->common_name && base::iequals(cert->common_name.value, h.host)) {
        msg +=
            " Its commonName names the host, but TLS clients ignore the common name and "
            "cert-manager does not copy it into dnsNames.";
      }
      ctx.report(igw_msg::kCertificateDoesNotCoverHost, std::move(msg), gw, h.written->loc).hint =
          fmt::format(
              "Add {} to spec.dnsNames of Certificate {}/{}, or serve this host "
              "with another credential.",
              base::quote(h.host), cert->ns(), cert->name());
    }
  }
}

void run_cert_manager_coverage_check(Context& ctx) {
  const igw_facts::CredentialIndex index(ctx.config());
  for (const auto& gw : ctx.config().gateways) {
    if (gw.rejected)
      continue;
    for (const auto& s : gw.servers) {
      if (!igw_facts::applies_tls_parameters(s))
        continue;
      if (s.tls->credential_name)
        check_server(ctx, index, gw, s, s.tls->credential_name);
      for (const auto& c : s.tls->credential_names)
        check_server(ctx, index, gw, s, c);
    }
  }
}

}  // namespace

Check cert_manager_coverage_check() {
  return Check{
      .name = "igw.CertManagerCoverage",
      .description =
          "cert-manager Certificates whose dnsNames miss hosts of the Gateway servers "
          "using their Secret.",
      .messages = {&igw_msg::kCertificateDoesNotCoverHost},
      .requires_kinds = {"Gateway", "Certificate"},
      .run = &run_cert_manager_coverage_check,
  };
}

}  // namespace igw::check::igw_family
