// igw compile: print the route table (listeners → chains → route configs → vhosts → routes →
// actions, clusters, dropped servers) Istio would give one gateway workload.
#include "lib/base/strings.h"
#include "lib/compile/compile.h"
#include "lib/model/server_merge.h"
#include "lib/render/diagnostics_json.h"
#include "lib/render/diagnostics_yaml.h"
#include "lib/render/route_table_json.h"

#include "tools/igw/commands.h"
#include "tools/igw/exit_code.h"
#include "tools/igw/route_input.h"
#include "tools/igw/usage.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace igw::tools {

namespace {

struct CompileOptions {
  std::vector<std::string> paths;
  std::string output = "json";
  std::string gateway_labels = "istio=ingressgateway";
  std::string gateway_namespace = "istio-system";
  std::string ns = "default";
};

int run_compile(const CompileOptions& o) {
  std::string format = base::to_lower(o.output);
  if (format != "json" && format != "yaml")
    return usage_error("compile", "-o/--output must be json or yaml, not " + base::quote(o.output));
  if (o.paths.empty())
    return usage_error("compile", "no input: give -f FILE or a directory (or - for stdin)");
  std::string why;
  auto labels = model::parse_label_list(o.gateway_labels, &why);
  if (!labels)
    return usage_error("compile", "--gateway-labels: " + why);
  if (o.gateway_namespace.empty())
    return usage_error("compile", "--gateway-namespace must not be empty");

  model::GatewayWorkload workload;
  workload.labels = std::move(*labels);
  workload.ns = o.gateway_namespace;
  compile::RouteTablePtr table = load_route_table(o.paths, o.ns, workload, std::cerr);
  if (!table)
    return kExitDataError;
  nlohmann::ordered_json doc = render::route_table_json(*table);
  if (format == "yaml")
    render::write_yaml(std::cout, doc);
  else
    render::write_json(std::cout, doc);
  return kExitOk;
}

}  // namespace

Command add_compile_command(CLI::App& app) {
  auto opts = std::make_shared<CompileOptions>();
  CLI::App* sub = app.add_subcommand(
      "compile", "Print the listeners, routes and clusters Istio would build for a gateway");
  sub->add_option("paths", opts->paths, "Files or directories ('-' for stdin)");
  sub->add_option("-f,--filename", opts->paths, "File or directory to read; repeatable");
  sub->add_option("-o,--output", opts->output, "Output format: json (default) or yaml");
  sub->add_option("--gateway-labels", opts->gateway_labels,
                  "Labels of the emulated gateway pod, k=v,... (default istio=ingressgateway)");
  sub->add_option("--gateway-namespace", opts->gateway_namespace,
                  "Namespace of the emulated gateway pod (default istio-system)");
  sub->add_option("-n,--namespace", opts->ns,
                  "Namespace for objects that name none (default \"default\")");
  return {sub, [opts]() { return run_compile(*opts); }};
}

}  // namespace igw::tools
