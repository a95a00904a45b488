// The manifests-to-route-table step of every command that compiles a table (compile, routes,
// curl-sim), and what it tells the user about its input: unreadable files, and one
// standard-error line per object left out because Istio would reject it.
#pragma once

#include "lib/check/workspace.h"
#include "lib/compile/compile.h"
#include "lib/model/server_merge.h"

#include <ostream>
#include <string>
#include <vector>

namespace igw::tools {

// One "igw: leaving out <Kind ns/name> (<code> at <file:line>: <message>): Istio would reject
// it" line per rejected object, naming the first finding that rejects it.
void report_left_out(const check::Workspace& ws, std::ostream& err);

// The reading/parsing errors that make the input unusable (exit 65), one line each.
void report_input_errors(const check::Workspace& ws, std::ostream& err);

// Loads and checks `paths` (namespace `ns` for objects without one) as Istio would, reports on
// `err` as above, and compiles the table of `workload`; nullptr when the input is unusable.
compile::RouteTablePtr load_route_table(const std::vector<std::string>& paths,
                                        const std::string& ns,
                                        const model::GatewayWorkload& workload, std::ostream& err);

}  // namespace igw::tools
