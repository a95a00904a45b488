// gateway.IngressGatewayPortAnalyzer: a Gateway must select some workload Pod, and each server
// port must be exposed by a Service in front of that workload
// (pkg/config/analysis/analyzers/gateway/gateway.go).
#include "lib/base/strings.h"
#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/analyzers/analyzers.h"
#include "lib/check/istio_messages.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <vector>

namespace igw::check::analyzers {

namespace {

// The ports a Service port makes reachable on the workload: its `port` and, when numeric, its
// `targetPort` (IntOrString.IntValue(): a numeric string counts, a port name is 0).
void add_service_ports(const model::KubeServicePort& p, std::set<int64_t>& out) {
  out.insert(p.port.value);
  int64_t target = 0;
  if (p.target_port_number) {
    target = p.target_port_number.value;
  } else if (p.target_port_name) {
    target = base::parse_int(p.target_port_name.value).value_or(0);
  }
  if (target != 0)
    out.insert(target);
}

// What a workload selector reaches: how many Pods, and the TCP ports of the Services selecting
// them.
struct Workload {
  int selected_pods = 0;
  std::set<int64_t> service_ports;
};

Workload workload_of(const Context& ctx, const Labels& selector,
                     const std::vector<Labels>& pod_labels) {
  Workload w;
  for (size_t i = 0; i < ctx.pods().size(); ++i) {
    const model::Pod* pod = ctx.pods()[i];
    if (!selector_matches(selector, pod_labels[i]))
      continue;
    ++w.selected_pods;
    // Services select Pods of their own namespace only. Any selecting Service will do, so
    // the ports of all of them are pooled.
    for (const model::Service* svc : ctx.services()) {
      if (svc->ns() != pod->ns() || !selector_matches(to_labels(svc->selector), pod_labels[i]))
        continue;
      for (const auto& p : svc->ports) {
        // Compared literally, as Istio does; the model reads an unset protocol as Kubernetes
        // defaults it, "TCP".
        if (p.protocol.value == "TCP")
          add_service_ports(p, w.service_ports);
      }
    }
  }
  return w;
}

void run_ingress_gateway_port_analyzer(Context& ctx) {
  // Gateways mostly share a handful of selectors: each selector's workload is worked out once,
  // over Pod label sets built once.
  std::vector<Labels> pod_labels;
  for (const model::Pod* pod : ctx.pods())
    pod_labels.push_back(to_labels(pod->meta.labels));
  std::map<Labels, Workload> workloads;
  for (const auto& gw : ctx.config().gateways) {
    Labels selector = to_labels(gw.selector);
    std::string selector_text = selector_string(selector);
    auto it = workloads.find(selector);
    if (it == workloads.end())
      it = workloads.emplace(selector, workload_of(ctx, selector, pod_labels)).first;
    const std::set<int64_t>& service_ports = it->second.service_ports;
    int selected_pods = it->second.selected_pods;
    // Istio points both findings at `spec.selector.<first label>`.
    base::SourceLoc at = selector_loc(gw);
    if (selected_pods == 0) {
      ctx.report(ist::kReferencedResourceNotFound,
                 fmt::format("Referenced selector not found: {}", base::quote(selector_text)), gw,
                 at);
      continue;
    }
    for (const auto& server : gw.servers) {
      if (!server.port)
        continue;
      int64_t number = server.port->number.value;
      if (service_ports.count(number))
        continue;
      ctx.report(ist::kGatewayPortNotDefinedOnService,
                 fmt::format("The gateway is listening on a target port (port {}) that is not "
                             "defined in the Service associated with its workload instances (Pod "
                             "selector {}). If you need to access the gateway port through the "
                             "gateway Service, it will not be available.",
                             number, selector_text),
                 gw, at);
    }
  }
}

}  // namespace

Check ingress_gateway_port_analyzer() {
  return {"gateway.IngressGatewayPortAnalyzer",
          "Checks a gateway's ports against the gateway's Kubernetes service ports",
          {&ist::kReferencedResourceNotFound, &ist::kGatewayPortNotDefinedOnService},
          {"Pod", "Service"},
          &run_ingress_gateway_port_analyzer};
}

}  // namespace igw::check::analyzers
