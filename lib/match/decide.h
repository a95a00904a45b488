// match::decide: the router. Pure, no I/O; allocation-free on the hot path when no Trace is
// requested (only path normalisation of a path with dot segments allocates).
//
// Steps, each following Envoy as configured by Istio:
//   1. listener by Gateway port, filter chain by SNI (R1.9, R1.13)       decide_connection()
//   2. route config of the chain; vhost by Host, port ignored (R2.7, R2.8)
//   3. require_tls before routes (R1.17)
//   4. first route whose conditions all hold (R3.3–R3.11); no fallback to another vhost (R2.8)
#pragma once

#include "lib/compile/route_table.h"
#include "lib/match/decision.h"
#include "lib/match/request.h"

#include <string_view>

namespace igw::match {

// The connection step alone: listener for `gateway_port` (and `local_address` when binds are in
// use), then the filter chain for `sni` (R1.13). A TLS chain reached by a plain-text client, or a
// plain-text chain reached by a TLS client, closes the connection (the handshake cannot work).
ConnectionDecision decide_connection(const compile::RouteTable& table, uint32_t gateway_port,
                                     std::string_view sni, bool is_tls, Trace* trace = nullptr,
                                     std::string_view local_address = {});

// Routes one request: decide_connection() with the request's port/SNI/TLS, then the HTTP steps.
Decision decide(const compile::RouteTable& table, const Request& request, Trace* trace = nullptr);

// Routes one request on a connection already placed by decide_connection() (serve's per-request
// call). `request.port`, `sni` and `tls` are not re-read.
Decision decide(const compile::RouteTable& table, const ConnectionDecision& connection,
                const Request& request, Trace* trace = nullptr);

// The Host value Envoy uses for vhost lookup: port removed (getPortStart: the last ':' not
// inside an IPv6 "[...]"), not lower-cased.
std::string_view host_without_port(std::string_view authority);

}  // namespace igw::match
