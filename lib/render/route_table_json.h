// The route table as a JSON document (the form `igw compile -o json|yaml` prints), shaped like
// Envoy's Listener / RouteConfiguration / Cluster resources so users can diff what a change does.
// The document is described field by field in man/igw-compile.1; keep the two in step.
#pragma once

#include "lib/compile/route_table.h"

#include <nlohmann/json.hpp>

#include <string>

namespace igw::render {

// {"workload", "listeners", "routeConfigs", "clusters", "droppedServers", "notes",
//  "rejectedObjects"}. Deterministic: listeners by port then address, route configurations,
// virtual hosts and clusters by name, routes in Envoy's evaluation order. Source positions are
// "file:line" strings.
nlohmann::ordered_json route_table_json(const compile::RouteTable& table);

// "file:line" (or "file", or "" when unknown).
std::string source_position(const base::SourceLoc& loc);

// Envoy's JSON duration form: "0s", "1.5s", "86400s".
std::string envoy_duration(base::Duration d);

}  // namespace igw::render
