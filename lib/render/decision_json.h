// The `igw routes -o json` document for one routed request: where it landed (listener, server,
// route config, virtual host, VirtualService rule and match), what the gateway does (outcome,
// destinations, redirect, direct response, rewrites) and why (the Trace). Keys keep a fixed order.
#pragma once

#include "lib/match/decision.h"
#include "lib/match/request.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace igw::render {

// `trace` may be null (no "trace" key then). Keys whose value is unknown or does not apply to the
// outcome are left out rather than set to null:
//   listener {name, port}, server {gateway, index, name, portName, protocol, tlsMode}, routeConfig,
//   virtualHost, domainMatch, outcome, status, responseFlag, closeReason, normalizedPath,
//   virtualService {namespace, name, file, line}, rule {index, name}, match {index, name},
//   delegate {namespace, name, ruleIndex}, destinations [{host, port, subset, weight, cluster}],
//   redirect {status, location}, directResponse {status, body}, pathRewrite, hostRewrite,
//   credential {credentialName | credentialNames | serverCertificate, privateKey, caCertificates},
//   trace [{kind, rule, message, location}].
nlohmann::ordered_json decision_json(const match::Decision& decision, const match::Request& request,
                                     const match::Trace* trace);

// "connection", "virtual_host", "route_miss", "route_match", "outcome", "note".
std::string_view trace_kind_name(match::TraceStep::Kind kind);

}  // namespace igw::render
