// service.PortNameAnalyzer: Service port names (or appProtocol) should declare the protocol, or
// Istio falls back to protocol sniffing; ExternalName Services must not use unnamed or "tcp"
// ports (pkg/config/analysis/analyzers/service/portname.go).
#include "lib/base/strings.h"
#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/analyzers/analyzers.h"
#include "lib/check/istio_messages.h"

#include <fmt/format.h>

#include <optional>

namespace igw::check::analyzers {

namespace {

// pkg/kube/inject IgnoredNamespaces (util.IsSystemNamespace).
constexpr std::string_view kSystemNamespaces[] = {"kube-system", "kube-public", "kube-node-lease",
                                                  "local-path-storage"};
// Services Istio's gateway controllers create (label gateway.istio.io/managed).
constexpr std::string_view kManagedGatewayLabel = "gateway.istio.io/managed";
constexpr std::string_view kManagedGatewayControllers[] = {
    "istio.io-gateway-controller", "istio.io-mesh-controller", "istio.io-eastwest-controller"};

// pkg/config/protocol Parse: the protocol names Istio knows, case-insensitively.
constexpr std::string_view kKnownProtocols[] = {"tcp",  "udp",        "grpc",  "grpc-web",
                                                "http", "http_proxy", "http2", "https",
                                                "tls",  "mongo",      "redis", "mysql"};
// pkg/config/kube ConvertProtocol wellKnownPorts: SMTP, DNS, MySQL, MongoDB default to TCP.
constexpr int64_t kWellKnownPorts[] = {25, 53, 3306, 27017};

// ConvertProtocol(...).IsUnsupported(): UDP is supported; the appProtocol, when set, replaces
// the name; a "grpc-web" prefix is GRPC-Web; otherwise the part before the first '-' must be a
// known protocol, or the port one of the well-known ones.
bool protocol_unsupported(const model::KubeServicePort& p,
                          const std::optional<std::string>& app_protocol) {
  if (p.protocol.value == "UDP")
    return false;
  std::string name = app_protocol ? *app_protocol : p.name.value;
  if (base::to_lower(name).starts_with("grpc-web"))
    return false;
  std::string prefix = base::to_lower(name.substr(0, name.find('-')));
  for (std::string_view known : kKnownProtocols) {
    if (prefix == known)
      return false;
  }
  for (int64_t port : kWellKnownPorts) {
    if (p.port.value == port)
      return false;
  }
  return true;
}

// spec.ports[i].appProtocol, which the typed model does not keep.
std::optional<std::string> app_protocol_of(const model::Service& svc, size_t index) {
  const config::Node* ports = child(child(svc.node, "spec"), "ports");
  if (!ports || !ports->is_seq() || index >= ports->items.size())
    return std::nullopt;
  const config::Node* ap = child(&ports->items[index], "appProtocol");
  if (!ap || !ap->is_scalar())
    return std::nullopt;
  return ap->value;
}

// IntOrString.String(): the number, the name, or "0" when unset.
std::string target_port_text(const model::KubeServicePort& p) {
  if (p.target_port_name)
    return p.target_port_name.value;
  return std::to_string(p.target_port_number.value);
}

bool skipped(const model::Service& svc) {
  for (std::string_view ns : kSystemNamespaces) {
    if (svc.ns() == ns)
      return true;
  }
  // util.IsIstioControlPlane.
  if (model::find_value(svc.meta.labels, "istio"))
    return true;
  if (const model::LString* release = model::find_value(svc.meta.labels, "release");
      release && release->value == "istio") {
    return true;
  }
  if (const model::LString* managed = model::find_value(svc.meta.labels, kManagedGatewayLabel)) {
    for (std::string_view controller : kManagedGatewayControllers) {
      if (managed->value == controller)
        return true;
    }
  }
  return false;
}

void run_service_port_name_analyzer(Context& ctx) {
  for (const model::Service* svc : ctx.services()) {
    if (skipped(*svc))
      continue;
    bool external_name = svc->type.value == "ExternalName";
    for (size_t i = 0; i < svc->ports.size(); ++i) {
      const model::KubeServicePort& p = svc->ports[i];
      bool bad = protocol_unsupported(p, app_protocol_of(*svc, i)) ||
                 (p.name.value == "tcp" && external_name);
      if (!bad)
        continue;
      base::SourceLoc at = p.port ? p.port.loc : p.loc;
      if (external_name) {
        ctx.report(ist::kExternalNameServiceTypeInvalidPortName,
                   "Port name for ExternalName service is invalid. Proxy may prevent tcp named "
                   "ports and unmatched traffic for ports serving TCP protocol from being "
                   "forwarded correctly",
                   *svc, at);
      } else {
        ctx.report(ist::kPortNameIsNotUnderNamingConvention,
                   fmt::format("Port name {} (port: {}, targetPort: {}) doesn't follow the naming "
                               "convention of Istio port.",
                               p.name.value, p.port.value, target_port_text(p)),
                   *svc, at);
      }
    }
  }
}

}  // namespace

Check service_port_name_analyzer() {
  return {
      "service.PortNameAnalyzer",
      "Checks the port names associated with each service",
      {&ist::kPortNameIsNotUnderNamingConvention, &ist::kExternalNameServiceTypeInvalidPortName},
      {"Service"},
      &run_service_port_name_analyzer};
}

}  // namespace igw::check::analyzers
