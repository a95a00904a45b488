// Test helpers: inline YAML → model::Config → RouteTable.
#pragma once

#include "lib/compile/compile.h"
#include "lib/model/config.h"

#include <memory>
#include <string>

namespace igw::compile::testing {

struct Compiled {
  std::unique_ptr<model::Config> config;
  RouteTablePtr table;
};

// Parses `yaml` (documents separated by ---) and compiles it for `workload`.
Compiled compile_yaml(const std::string& yaml, const GatewayWorkload& workload = {});

// A Gateway `gw` in istio-system with one HTTP server on `port` for `hosts` (YAML flow list).
std::string http_gateway(const std::string& name = "gw", int port = 80,
                         const std::string& hosts = "[\"*\"]");

const VirtualHost* vhost(const RouteTable& t, const std::string& route_config,
                         const std::string& name);

}  // namespace igw::compile::testing
