// `igw routes --graph`: the traffic-flow picture of a route table — client → Gateway server →
// VirtualService → destination (or the gateway's own answer: redirect, direct response, 404) —
// as a Mermaid flowchart or a Graphviz digraph. Built only from the table, so it shows what
// Envoy would run, not what the YAML seems to say; output is deterministic (table order).
#pragma once

#include "lib/compile/route_table.h"

#include <ostream>
#include <string_view>

namespace igw::render {

enum class GraphFormat { kMermaid, kDot };

// Nodes: the client; one per Gateway server (a plain-text HTTP port shares one node for all
// the servers of its route configuration, as it shares one filter chain); one per
// VirtualService; one per destination (host:port, subset); one per distinct local answer.
// Edges: client → server labelled with the port and SNI names; server → VirtualService with
// the virtual host domains; VirtualService → destination with the rule (`http[2] /api/v1/*`)
// and weight. Edges whose every route is unreachable (match::shadowed_routes) are dashed.
void write_route_graph(std::ostream& out, const compile::RouteTable& table, GraphFormat format);

}  // namespace igw::render
