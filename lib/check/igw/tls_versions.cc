// igw.TlsVersions: TLS protocol version bounds that leave nothing to negotiate (IGW0201) or
// admit TLS 1.0/1.1 (IGW0401).
#include "lib/check/igw/family.h"
#include "lib/check/igw/gateway_facts.h"
#include "lib/check/igw/messages.h"

#include <fmt/format.h>

#include <optional>
#include <string_view>

namespace igw::check::igw_family {

namespace {

// Envoy's downstream defaults when Istio passes TLS_AUTO (SEMANTICS R1.24;
// envoy source/common/tls/server_context_config_impl.cc DEFAULT_MIN_VERSION/DEFAULT_MAX_VERSION).
constexpr int kDefaultMin = 3;  // TLSV1_2
constexpr int kDefaultMax = 4;  // TLSV1_3

// Istio's ServerTLSSettings.TLSProtocol enum order (TLS_AUTO = 0 means "Envoy's default").
std::optional<int> rank(std::string_view v) {
  if (v == "TLS_AUTO")
    return 0;
  if (v == "TLSV1_0")
    return 1;
  if (v == "TLSV1_1")
    return 2;
  if (v == "TLSV1_2")
    return 3;
  if (v == "TLSV1_3")
    return 4;
  return std::nullopt;  // not a version: the schema check reports it
}

std::string_view name_of(int r) {
  static constexpr std::string_view kNames[] = {"TLS_AUTO", "TLSV1_0", "TLSV1_1", "TLSV1_2",
                                                "TLSV1_3"};
  return kNames[r];
}

void check_server_tls_versions(Context& ctx, const model::Gateway& gw, const model::Server& s) {
  const model::ServerTlsSettings& tls = *s.tls;
  std::optional<int> min = tls.min_protocol_version ? rank(tls.min_protocol_version.value) : 0;
  std::optional<int> max = tls.max_protocol_version ? rank(tls.max_protocol_version.value) : 0;
  if (!min || !max)
    return;
  const int eff_min = *min ? *min : kDefaultMin;
  const int eff_max = *max ? *max : kDefaultMax;
  const std::string server = igw_facts::describe_server(s);

  if (eff_min > eff_max) {
    // Envoy hands both bounds to BoringSSL separately (source/common/tls/context_impl.cc,
    // SSL_CTX_set_min/max_proto_version), which accepts them; the listener loads and each
    // handshake then fails with NO_SUPPORTED_VERSIONS_ENABLED.
    if (*min && *max) {
      ctx.report(igw_msg::kTlsVersionRangeEmpty,
                 fmt::format("{}: minProtocolVersion {} is above maxProtocolVersion {}, so no TLS "
                             "version is enabled; Envoy loads the listener and every TLS "
                             "handshake on it fails.",
                             server, name_of(*min), name_of(*max)),
                 gw, tls.min_protocol_version.loc)
          .hint = fmt::format("Lower minProtocolVersion to {} or raise maxProtocolVersion to {}.",
                              name_of(*max), name_of(*min));
    } else {
      ctx.report(igw_msg::kTlsVersionRangeEmpty,
                 fmt::format("{}: maxProtocolVersion {} is below Envoy's default minimum {} "
                             "(minProtocolVersion is not set), so no TLS version is enabled and "
                             "every TLS handshake on this server fails.",
                             server, name_of(*max), name_of(kDefaultMin)),
                 gw, tls.max_protocol_version.loc)
          .hint = "Raise maxProtocolVersion to TLSV1_2 or TLSV1_3 (or remove it).";
    }
  }

  if (*min == 1 || *min == 2) {
    ctx.report(igw_msg::kWeakTlsVersion,
               fmt::format("{}: minProtocolVersion {} lets clients negotiate TLS {}, which is "
                           "deprecated (RFC 8996) and lacks modern cipher suites.",
                           server, name_of(*min), *min == 1 ? "1.0" : "1.1"),
               gw, tls.min_protocol_version.loc)
        .hint = "Set minProtocolVersion: TLSV1_2 (Envoy's default) or TLSV1_3.";
  }
}

void run_tls_versions_check(Context& ctx) {
  for (const auto& gw : ctx.config().gateways) {
    if (gw.rejected)
      continue;
    for (const auto& s : gw.servers) {
      if (igw_facts::applies_tls_parameters(s))
        check_server_tls_versions(ctx, gw, s);
    }
  }
}

}  // namespace

Check tls_versions_check() {
  return Check{
      .name = "igw.TlsVersions",
      .description =
          "TLS protocol version bounds that leave no version to negotiate or admit "
          "TLS 1.0/1.1.",
      .messages = {&igw_msg::kTlsVersionRangeEmpty, &igw_msg::kWeakTlsVersion},
      .requires_kinds = {"Gateway"},
      .run = &run_tls_versions_check,
  };
}

}  // namespace igw::check::igw_family
