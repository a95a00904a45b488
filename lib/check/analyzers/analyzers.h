// One factory per Istio analyzer (pkg/config/analysis/analyzers/...), each defined in its own file
// and collected by analyzer_checks().
#pragma once

#include "lib/check/check.h"

namespace igw::check::analyzers {

Check ingress_gateway_port_analyzer();       // gateway_port.cc
Check gateway_secret_analyzer();             // gateway_secret.cc
Check conflicting_gateway_analyzer();        // conflicting_gateway.cc
Check gateway_certificate_analyzer();        // gateway_certificate.cc
Check vs_gateway_analyzer();                 // vs_gateway.cc
Check vs_conflicting_mesh_hosts_analyzer();  // vs_conflicting_mesh_hosts.cc
Check vs_destination_host_analyzer();        // vs_destination_host.cc
Check vs_destination_rule_analyzer();        // vs_destination_rule.cc
Check vs_jwt_claim_route_analyzer();         // vs_jwt_claim_route.cc
Check dr_ca_certificate_analyzer();          // dr_ca_certificate.cc
Check dr_subset_select_pod_analyzer();       // dr_subset_select_pod.cc
Check deprecation_analyzer();                // deprecation.cc
Check service_port_name_analyzer();          // service_port_name.cc

}  // namespace igw::check::analyzers
