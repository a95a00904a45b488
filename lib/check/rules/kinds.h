// Istio's per-kind validation (ValidateGateway, ValidateVirtualService, ValidateDestinationRule)
// and the pieces they share; internal to the rules family. Each function appends, in Istio's
// order, what the Go function of the same name would return.
#pragma once

#include "lib/check/rules/findings.h"
#include "lib/check/rules/yaml_view.h"
#include "lib/model/destination_rule.h"
#include "lib/model/gateway.h"
#include "lib/model/virtual_service.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igw::check::rules {

// validateMetadata: annotations the admission webhook refuses. True when validation stops there.
bool validate_metadata(const model::ObjectBase& obj, Findings& f);

// ---- Gateway (validation.go ValidateGateway, validateServer, validateTLSOptions) ----
void validate_gateway(const model::Gateway& gw, Findings& f);
// `server` is the YAML of the server holding the tls block.
void validate_server_tls(const model::ServerTlsSettings& tls, const View& server, Findings& f);
// The server TLS mode's enum name (PASSTHROUGH when unset, numbers mapped to names); nullopt
// when it names no mode (check::schema reports it).
std::optional<std::string> server_tls_mode(const model::ServerTlsSettings& tls);

// ---- VirtualService (validation.go ValidateVirtualService, virtualservice.go) ----
void validate_virtual_service(const model::VirtualService& vs, Findings& f);
// validateHTTPRoute for one non-null rule; `delegate` when the VirtualService has no hosts.
void validate_http_route(const model::HttpRoute& route, const View& view, bool delegate,
                         Findings& f);
// validateHTTPRouteMatchRequest.
void validate_http_matches(const model::HttpRoute& route, const View& view, Findings& f);
// validateTLSRoute / validateTCPRoute for one rule.
void validate_tls_route(const model::TlsRoute& route, const View& view,
                        const model::VirtualService& vs, Findings& f);
void validate_tcp_route(const model::TcpRoute& route, const View& view, Findings& f);
// analyzeUnreachableHTTPRules / TCP / TLS (IST0130, IST0131).
void analyze_unreachable_rules(const model::VirtualService& vs, Findings& f);

// ---- DestinationRule (ValidateDestinationRule, validateTrafficPolicy, agent.ValidateTLS) ----
void validate_destination_rule(const model::DestinationRule& dr, Findings& f);
// validateTrafficPolicy on the YAML of a trafficPolicy (top level or subset).
void validate_traffic_policy(const View& policy, std::string_view ns, Findings& f);
// validateConnectionPool, validateLoadBalancer, validateOutlierDetection, agent.ValidateTLS.
void validate_connection_pool(const View& pool, Findings& f);
void validate_load_balancer(const View& lb, bool has_outlier, Findings& f);
void validate_outlier_detection(const View& outlier, Findings& f);
void validate_client_tls(const View& tls, std::string_view ns, Findings& f);

// ---- shared ----
// validateGatewayNames (with Istio's quirk: the loop stops after the first name without '/').
void validate_gateway_names(const std::vector<model::LString>& names, Findings& f);
// labels.Instance.Validate on a label map.
void validate_labels(const model::StringMap& labels, Findings& f);
// validateDestination.
void validate_destination(const model::Destination& d, Findings& f);
// validateExportTo (isServiceEntry = false); `spec` holds the exportTo list.
void validate_export_to(std::string_view ns, const std::vector<model::LString>& export_to,
                        const View& spec, bool dr_with_selector, Findings& f);
// agent.ValidateDuration on a duration string; unparsable text is left to check::schema.
void validate_duration_field(const model::LString& value, Findings& f, std::string hint = {});
// A JSON string list as Go prints it with %v.
std::string go_strings(const std::vector<model::LString>& items);

}  // namespace igw::check::rules
