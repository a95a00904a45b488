// destinationrule.CaCertificateAnalyzer: client TLS in SIMPLE or MUTUAL mode without
// caCertificates does not verify the server's certificate
// (pkg/config/analysis/analyzers/destinationrule/ca-certificates.go).
#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/analyzers/analyzers.h"
#include "lib/check/istio_messages.h"

#include <fmt/format.h>

namespace igw::check::analyzers {

namespace {

// Whether `tls` leaves the server unverified. With a credentialName on a DestinationRule that has
// a workloadSelector the CA comes from that credential, so nothing is reported.
bool unverified(const model::DestinationRule& dr, const model::ClientTlsSettings& tls) {
  const std::string& mode = tls.mode.value;
  if (mode != "SIMPLE" && mode != "MUTUAL")
    return false;
  if (!tls.ca_certificates.value.empty())
    return false;
  return tls.credential_name.value.empty() || !dr.workload_selector;
}

// PortSelector.String() as Go's protobuf text format prints it ("number:443"); an unset port
// prints as "<nil>".
std::string port_text(const model::PortTrafficPolicy& p) {
  if (!p.port)
    return "<nil>";
  if (p.port->number.value == 0)
    return "";
  return fmt::format("number:{}", p.port->number.value);
}

// Istio points at the (missing) caCertificates field; igw points at the mode that asks for
// verification.
base::SourceLoc tls_loc(const model::ClientTlsSettings& tls) {
  return tls.mode ? tls.mode.loc : tls.loc;
}

void run_dr_ca_certificate_analyzer(Context& ctx) {
  for (const auto& dr : ctx.config().destination_rules) {
    if (!dr.traffic_policy)
      continue;
    const model::TrafficPolicy& tp = *dr.traffic_policy;
    std::string name = full_name(dr);
    if (tp.tls && unverified(dr, *tp.tls)) {
      ctx.report(ist::kNoServerCertificateVerificationDestinationLevel,
                 fmt::format("DestinationRule {} in namespace {} has TLS mode set to {} but no "
                             "caCertificates are set to validate server identity for host: {}",
                             name, dr.ns(), tp.tls->mode.value, dr.host.value),
                 dr, tls_loc(*tp.tls));
    }
    for (const auto& p : tp.port_level_settings) {
      if (!p.tls || !unverified(dr, *p.tls))
        continue;
      ctx.report(ist::kNoServerCertificateVerificationPortLevel,
                 fmt::format("DestinationRule {} in namespace {} has TLS mode set to {} but no "
                             "caCertificates are set to validate server identity for host: {} at "
                             "port {}",
                             name, dr.ns(), p.tls->mode.value, dr.host.value, port_text(p)),
                 dr, tls_loc(*p.tls));
    }
  }
}

}  // namespace

Check dr_ca_certificate_analyzer() {
  return {"destinationrule.CaCertificateAnalyzer",
          "Checks if caCertificates is set when TLS mode is SIMPLE/MUTUAL",
          {&ist::kNoServerCertificateVerificationDestinationLevel,
           &ist::kNoServerCertificateVerificationPortLevel},
          {},
          &run_dr_ca_certificate_analyzer};
}

}  // namespace igw::check::analyzers
