#include "lib/check/context.h"

#include <ctime>
#include <utility>

namespace igw::check {

namespace {

model::LString literal(std::string v) {
  model::LString s;
  s.value = std::move(v);
  s.present = true;
  return s;
}

}  // namespace

Context::Context(const model::Config& config, const CheckOptions& options, base::Diagnostics& out)
    : config_(config),
      options_(options),
      out_(out),
      now_(options.now ? options.now : static_cast<int64_t>(std::time(nullptr))) {
  for (const auto& p : config_.pods)
    pods_.push_back(&p);
  for (const auto& s : config_.services)
    services_.push_back(&s);
  if (!options_.add_default_ingress)
    return;
  // pkg/config/analysis/local/defaults.go: a dummy ingress Pod and its Service.
  model::Pod pod;
  pod.api_version = "v1";
  pod.kind = "Pod";
  pod.meta.name = literal("istio-ingressgateway-dummypod");
  pod.meta.namespace_ = literal(options_.istio_namespace);
  pod.meta.labels.push_back({literal("istio"), literal("ingressgateway")});
  implicit_pods_.push_back(std::move(pod));
  pods_.push_back(&implicit_pods_.back());

  model::Service svc;
  svc.api_version = "v1";
  svc.kind = "Service";
  svc.meta.name = literal("istio-ingressgateway");
  svc.meta.namespace_ = literal(options_.istio_namespace);
  svc.selector.push_back({literal("istio"), literal("ingressgateway")});
  // Named as defaults.go names them (http2, https, tcp, tls), so the port-name analyzer
  // accepts the implicit Service as Istio does.
  static constexpr std::pair<const char*, int> kPorts[] = {
      {"http2", 80}, {"https", 443}, {"tcp", 31400}, {"tls", 15443}};
  for (const auto& [name, port] : kPorts) {
    model::KubeServicePort p;
    p.name = literal(name);
    p.port.value = port;
    p.port.present = true;
    p.target_port_number = p.port;
    p.protocol = literal("TCP");
    svc.ports.push_back(std::move(p));
  }
  implicit_services_.push_back(std::move(svc));
  services_.push_back(&implicit_services_.back());
}

bool Context::input_has_kind(std::string_view kind) const {
  if (options_.assume_all_kinds_present)
    return true;
  if (kind == "Pod")
    return !config_.pods.empty();
  if (kind == "Service")
    return !config_.services.empty();
  if (kind == "Secret")
    return !config_.secrets.empty();
  if (kind == "ServiceEntry")
    return !config_.service_entries.empty();
  if (kind == "DestinationRule")
    return !config_.destination_rules.empty();
  if (kind == "Gateway")
    return !config_.gateways.empty();
  if (kind == "VirtualService")
    return !config_.virtual_services.empty();
  if (kind == "Certificate")  // cert-manager.io; typed, so not among `others`
    return !config_.certificates.empty();
  for (const auto& o : config_.others) {
    if (o.kind == kind)
      return true;
  }
  return false;
}

base::Diagnostic& Context::report(const base::MessageType& type, std::string message,
                                  const model::ObjectBase& obj, base::SourceLoc loc) {
  if (!loc.known())
    loc = obj.loc;
  return out_.emplace(type, std::move(message), std::move(loc), obj.ref());
}

}  // namespace igw::check
