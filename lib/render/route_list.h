// `igw routes --list`: every route of the table, one row each, as `istioctl proxy-config routes
// -o wide` shows them (R6.6) plus what igw knows besides — the action, the VirtualService rule
// with its file:line, and routes Envoy can never reach — then the TCP/TLS routes, and what
// Istio left out of the table.
#pragma once

#include "lib/compile/route_table.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace igw::render {

struct RouteListFilter {
  // Only route configurations / listeners serving this Gateway port.
  std::optional<uint32_t> port;
  // Only the virtual host Envoy picks for this Host (R2.8) in each route configuration, and
  // the TCP/TLS chain this SNI picks (R1.13). A port in the value is ignored (R2.7).
  std::string host;
  bool empty() const { return !port && host.empty(); }
};

// The aligned text table. Rows: route configs by name, virtual hosts by name, routes in Envoy's
// order. Without a filter, Istio's omissions (CompileNotes, dropped servers) follow the tables.
void write_route_list_text(std::ostream& out, const compile::RouteTable& table,
                           const RouteListFilter& filter);

// {"routes": [...], "tcpRoutes": [...], "notes": [...], "droppedServers": [...]} with the same
// rows (documented in man/igw-routes.1); "notes" and "droppedServers" only without a filter.
nlohmann::ordered_json route_list_json(const compile::RouteTable& table,
                                       const RouteListFilter& filter);

}  // namespace igw::render
