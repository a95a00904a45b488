// Test helpers for compile tests.
#include "tests/compile/compile_util.h"

#include "lib/config/load.h"
#include "lib/model/parse.h"

namespace igw::compile::testing {

Compiled compile_yaml(const std::string& yaml, const GatewayWorkload& workload) {
  config::LoadResult loaded;
  config::parse_text("test.yaml", yaml, loaded);
  base::Diagnostics diags;
  Compiled out;
  out.config = std::make_unique<model::Config>(
      model::parse(std::move(loaded), model::ParseOptions{}, diags));
  out.table = compile(*out.config, workload);
  return out;
}

std::string http_gateway(const std::string& name, int port, const std::string& hosts) {
  return "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: " + name +
         ", namespace: istio-system}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n"
         "  - port: {number: " +
         std::to_string(port) + ", name: http-" + std::to_string(port) +
         ", protocol: HTTP}\n    hosts: " + hosts + "\n";
}

const VirtualHost* vhost(const RouteTable& t, const std::string& route_config,
                         const std::string& name) {
  const RouteConfig* rc = t.find_route_config(route_config);
  if (!rc)
    return nullptr;
  for (const auto& vh : rc->virtual_hosts) {
    if (vh.name == name)
      return &vh;
  }
  return nullptr;
}

}  // namespace igw::compile::testing
