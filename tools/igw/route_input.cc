// Loading manifests into a route table, and the standard-error lines about input left out.
#include "tools/igw/route_input.h"

#include "lib/check/run.h"

#include <iostream>
#include <set>
#include <string>

namespace igw::tools {

void report_left_out(const check::Workspace& ws, std::ostream& err) {
  std::set<std::string> seen;
  for (const auto& d : ws.diagnostics.items()) {
    if (!check::rejects_object(d) || d.resource.empty())
      continue;
    std::string key = d.resource.str();
    if (!seen.insert(key).second)
      continue;
    err << "igw: leaving out " << key << " (" << d.code;
    if (d.loc.known())
      err << " at " << d.loc.str();
    err << ": " << d.message << "): Istio would reject it\n";
  }
}

void report_input_errors(const check::Workspace& ws, std::ostream& err) {
  for (const auto& d : ws.diagnostics.items()) {
    if (d.severity != base::Severity::Error || !d.code.starts_with("IGW000"))
      continue;
    // Messages about a whole file ("gw.yaml: cannot open: …") already start with its path;
    // prefix the location only when it adds something.
    bool names_file = d.loc.known() && d.message.starts_with(d.loc.path() + ":");
    err << "igw: ";
    if (d.loc.known() && !names_file)
      err << d.loc.str() << ": ";
    err << d.message << "\n";
  }
}

compile::RouteTablePtr load_route_table(const std::vector<std::string>& paths,
                                        const std::string& ns,
                                        const model::GatewayWorkload& workload, std::ostream& err) {
  check::WorkspaceOptions wo;
  wo.paths = paths;
  wo.parse.default_namespace = ns;
  wo.check.istio_namespace = workload.ns;
  check::Workspace ws = check::load_workspace(wo, std::cin);
  if (ws.input_error) {
    report_input_errors(ws, err);
    return nullptr;
  }
  report_left_out(ws, err);
  return compile::compile(ws.config, workload);
}

}  // namespace igw::tools
