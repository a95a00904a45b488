// The analyzer family: Istio's cross-resource analyzers, in `istioctl analyze -L` order.
//
// requires_kinds: istioctl skips an analyzer whose input kinds are not loaded; offline it never
// loads Pods, Services or Secrets (ISTIO-CHECKS.md §0). igw runs an analyzer only when the input
// has objects of the Kubernetes kinds whose absence would make it report things that are not
// wrong (a missing Pod means "no workload", a missing Service "unknown host"). Kinds that only
// refine a result are not required: ConflictingGateway uses Pods only to widen selector overlap,
// SubsetSelectPod uses Nodes only for topology labels, JWTClaimRoute treats a missing
// RequestAuthentication as the finding itself. CheckOptions::assume_all_kinds_present (Istio's
// own test harness) runs them all.
#include "lib/check/analyzers/checks.h"

#include "lib/check/analyzers/analyzers.h"

namespace igw::check {

std::vector<Check> analyzer_checks() {
  using namespace analyzers;
  return {
      deprecation_analyzer(),
      dr_ca_certificate_analyzer(),
      dr_subset_select_pod_analyzer(),
      gateway_certificate_analyzer(),
      conflicting_gateway_analyzer(),
      ingress_gateway_port_analyzer(),
      gateway_secret_analyzer(),
      service_port_name_analyzer(),
      vs_conflicting_mesh_hosts_analyzer(),
      vs_destination_host_analyzer(),
      vs_destination_rule_analyzer(),
      vs_gateway_analyzer(),
      vs_jwt_claim_route_analyzer(),
  };
}

}  // namespace igw::check
