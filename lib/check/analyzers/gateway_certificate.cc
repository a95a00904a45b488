// gateway.CertificateAnalyzer: two Gateways on one workload should not serve the same certificate
// (HTTP/2 connection reuse across them can send requests to the wrong server: 404)
// (pkg/config/analysis/analyzers/gateway/certificate.go).
#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/analyzers/analyzers.h"
#include "lib/check/istio_messages.h"

#include <fmt/format.h>

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace igw::check::analyzers {

namespace {

// haveSameCertificate: both credentialNames set and equal, or neither set and both the
// serverCertificate and the privateKey set and equal.
bool same_certificate(const model::ServerTlsSettings& a, const model::ServerTlsSettings& b) {
  const std::string& cn_a = a.credential_name.value;
  const std::string& cn_b = b.credential_name.value;
  if (!cn_a.empty() && !cn_b.empty())
    return cn_a == cn_b;
  if (!cn_a.empty() || !cn_b.empty())
    return false;
  const std::string& cert_a = a.server_certificate.value;
  const std::string& cert_b = b.server_certificate.value;
  if (cert_a.empty() || cert_b.empty() || cert_a != cert_b)
    return false;
  const std::string& key_a = a.private_key.value;
  const std::string& key_b = b.private_key.value;
  return !key_a.empty() && !key_b.empty() && key_a == key_b;
}

// selectorSubset: every label of `x` is in `y` with the same value.
bool selector_subset(const Labels& x, const Labels& y) {
  for (const auto& [k, v] : x) {
    auto it = y.find(k);
    if (it == y.end() || it->second != v)
      return false;
  }
  return true;
}

// What same_certificate compares, as one string: two TLS settings have the same certificate
// exactly when their keys are equal and not empty.
std::string certificate_key(const model::ServerTlsSettings& t) {
  const std::string& cn = t.credential_name.value;
  if (!cn.empty())
    return "c" + cn;
  const std::string& cert = t.server_certificate.value;
  const std::string& key = t.private_key.value;
  if (cert.empty() || key.empty())
    return {};
  return fmt::format("f{}:{}{}", cert.size(), cert, key);
}

void run_gateway_certificate_analyzer(Context& ctx) {
  const auto& gateways = ctx.config().gateways;
  // Gateways (indices) by the certificates their servers use: only Gateways sharing one can
  // produce a finding together, so each Gateway is compared with those alone, in input order.
  std::unordered_map<std::string, std::vector<size_t>> by_certificate;
  std::vector<std::vector<std::string>> keys(gateways.size());
  for (size_t i = 0; i < gateways.size(); ++i) {
    for (const auto& s : gateways[i].servers) {
      std::string key = s.tls ? certificate_key(*s.tls) : std::string();
      if (key.empty())
        continue;
      by_certificate[key].push_back(i);
      keys[i].push_back(std::move(key));
    }
  }
  for (size_t i = 0; i < gateways.size(); ++i) {
    const auto& current = gateways[i];
    std::set<size_t> sharing;
    for (const auto& key : keys[i]) {
      const std::vector<size_t>& with = by_certificate.at(key);
      sharing.insert(with.begin(), with.end());
    }
    if (sharing.empty())
      continue;
    Labels selector = to_labels(current.selector);
    std::string current_name = full_name(current);
    // getGatewaysWithSelector: Gateways whose selector is a superset of this one's (an empty
    // selector selects them all). PILOT_SCOPE_GATEWAY_TO_NAMESPACE is off by default, so other
    // namespaces count.
    for (size_t j : sharing) {
      const auto& other = gateways[j];
      if (&other == &current || full_name(other) == current_name)
        continue;
      if (!selector.empty() && !selector_subset(selector, to_labels(other.selector)))
        continue;
      for (const auto& cs : current.servers) {
        for (const auto& os : other.servers) {
          if (!cs.tls || !os.tls || !same_certificate(*cs.tls, *os.tls))
            continue;
          ctx.report(ist::kGatewayDuplicateCertificate,
                     fmt::format("Duplicate certificate in multiple gateways {} may cause 404s if "
                                 "clients re-use HTTP2 connections.",
                                 go_list({current_name, full_name(other)})),
                     current, current.meta.name.loc_or(current.loc));
        }
      }
    }
  }
}

}  // namespace

Check gateway_certificate_analyzer() {
  return {"gateway.CertificateAnalyzer",
          "Checks a gateway certificate",
          {&ist::kGatewayDuplicateCertificate},
          {},
          &run_gateway_certificate_analyzer};
}

}  // namespace igw::check::analyzers
